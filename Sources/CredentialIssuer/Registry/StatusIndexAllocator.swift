import CredentialKit
import Foundation
import GRDB

/// Hands out status list indices, uniformly at random among the free ones (herd privacy).
///
/// When a list is created its indices are shuffled once (Fisher–Yates, OpenSSL randomness) into
/// the `freeStatusIndex` table; allocating takes and deletes the row with the lowest position.
/// The next element of a secret random permutation is a uniform draw among the indices not yet
/// drawn, so this is as random as choosing afresh each time, and costs one index lookup however
/// full the list is. Every call runs inside the caller's write transaction.
struct StatusIndexAllocator {
    let issuerID: String
    let statusBaseURL: String
    let listSize: Int

    /// Takes a free index of the issuer's open list for `purpose`, opening the next list when the
    /// open one is full (or when there is none yet).
    func allocate(_ purpose: StatusPurpose, in db: Database, now: Date) throws -> StatusPosition {
        let open = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, url, sequence FROM statusList WHERE issuer = ? AND purpose = ? ORDER BY sequence DESC LIMIT 1
            """), arguments: [issuerID, purpose.rawValue])
        if let open {
            let listID: Int64 = try open.decode(forColumn: "id")
            if let index = try takeFreeIndex(listID: listID, in: db) {
                return StatusPosition(listID: listID, listURL: try open.decode(forColumn: "url"), index: index)
            }
        }
        let sequence = try (open?.decode(Int.self, forColumn: "sequence") ?? 0) + 1
        let (listID, url) = try createList(purpose, sequence: sequence, in: db, now: now)
        guard let index = try takeFreeIndex(listID: listID, in: db) else {
            throw IssuerError(.registry, "the new status list \(url) has no free index")
        }
        return StatusPosition(listID: listID, listURL: url, index: index)
    }

    /// Removes and returns the free index with the lowest position, or nil when the list is full.
    private func takeFreeIndex(listID: Int64, in db: Database) throws -> Int? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT position, statusIndex FROM freeStatusIndex WHERE listID = ? ORDER BY position LIMIT 1
            """), arguments: [listID]) else { return nil }
        let position: Int64 = try row.decode(forColumn: "position")
        try db.cachedStatement(sql: "DELETE FROM freeStatusIndex WHERE listID = ? AND position = ?")
            .execute(arguments: [listID, position])
        try db.cachedStatement(sql: "UPDATE statusList SET allocatedCount = allocatedCount + 1 WHERE id = ?")
            .execute(arguments: [listID])
        return try row.decode(forColumn: "statusIndex")
    }

    /// Creates list number `sequence` for `purpose` with all its indices free, in random order.
    private func createList(_ purpose: StatusPurpose, sequence: Int, in db: Database, now: Date) throws -> (Int64, String) {
        let url = statusBaseURL + StatusListRecord.fileName(purpose: purpose, sequence: sequence)
        try db.execute(sql: """
            INSERT INTO statusList (issuer, purpose, sequence, url, size, createdAt) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [issuerID, purpose.rawValue, sequence, url, listSize, now])
        let listID = db.lastInsertedRowID
        var generator = SecureRandomGenerator()
        var order = Array(0..<listSize)
        order.shuffle(using: &generator)
        // json_each numbers the array's elements 0, 1, …: the position of each index.
        let array = "[" + order.map(String.init).joined(separator: ",") + "]"
        try db.execute(sql: """
            INSERT INTO freeStatusIndex (listID, position, statusIndex) SELECT ?, key, value FROM json_each(?)
            """, arguments: [listID, array])
        return (listID, url)
    }
}

/// A `RandomNumberGenerator` over OpenSSL's `RAND_bytes`, read 4 KB at a time.
struct SecureRandomGenerator: RandomNumberGenerator {
    private var buffer: [UInt8] = []
    private var offset = 0

    mutating func next() -> UInt64 {
        if offset + 8 > buffer.count {
            buffer = SecureRandom.bytes(4096)
            offset = 0
        }
        var value: UInt64 = 0
        for byte in buffer[offset..<offset + 8] { value = value << 8 | UInt64(byte) }
        offset += 8
        return value
    }
}
