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

    /// The open list of each purpose, as found or created in this transaction.
    private var openLists: [StatusPurpose: OpenList] = [:]
    /// Indices taken per list in this transaction, not yet added to `allocatedCount`.
    private var takenCounts: [Int64: Int] = [:]

    private struct OpenList {
        var id: Int64
        var url: String
        var sequence: Int
        var closed = false
    }

    init(issuerID: String, statusBaseURL: String, listSize: Int) {
        self.issuerID = issuerID
        self.statusBaseURL = statusBaseURL
        self.listSize = listSize
    }

    /// Takes a free index of the issuer's open list for `purpose`, opening the next list when the
    /// open one is full (or when there is none yet). Call ``finish(in:)`` before the transaction ends.
    mutating func allocate(_ purpose: StatusPurpose, in db: Database, now: Date) throws -> StatusPosition {
        var open = try openLists[purpose] ?? latestList(purpose, in: db)
        if let list = open, !list.closed, let index = try takeFreeIndex(listID: list.id, in: db) {
            openLists[purpose] = list
            return StatusPosition(listID: list.id, listURL: list.url, index: index)
        }
        open = try createList(purpose, sequence: (open?.sequence ?? 0) + 1, in: db, now: now)
        guard let list = open, let index = try takeFreeIndex(listID: list.id, in: db) else {
            throw IssuerError(.registry, "a new \(purpose.rawValue) status list has no free index")
        }
        openLists[purpose] = list
        return StatusPosition(listID: list.id, listURL: list.url, index: index)
    }

    /// Adds this transaction's allocations to the lists' `allocatedCount`.
    mutating func finish(in db: Database) throws {
        for (listID, count) in takenCounts {
            try db.execute(sql: "UPDATE statusList SET allocatedCount = allocatedCount + ? WHERE id = ?",
                           arguments: [count, listID])
        }
        takenCounts = [:]
    }

    /// The issuer's list of `purpose` with the highest sequence, if any.
    private func latestList(_ purpose: StatusPurpose, in db: Database) throws -> OpenList? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT id, url, sequence, closed FROM statusList WHERE issuer = ? AND purpose = ? ORDER BY sequence DESC LIMIT 1
            """, arguments: [issuerID, purpose.rawValue]) else { return nil }
        return try OpenList(id: row.decode(forColumn: "id"), url: row.decode(forColumn: "url"),
                            sequence: row.decode(forColumn: "sequence"), closed: row.decode(forColumn: "closed"))
    }

    /// Removes and returns the free index with the lowest position, or nil when the list is full.
    private mutating func takeFreeIndex(listID: Int64, in db: Database) throws -> Int? {
        let index = try Int.fetchOne(db.cachedStatement(sql: """
            DELETE FROM freeStatusIndex
            WHERE listID = ?1 AND position = (SELECT min(position) FROM freeStatusIndex WHERE listID = ?1)
            RETURNING statusIndex
            """), arguments: [listID])
        if index != nil { takenCounts[listID, default: 0] += 1 }
        return index
    }

    /// Creates list number `sequence` for `purpose` with all its indices free, in random order.
    private func createList(_ purpose: StatusPurpose, sequence: Int, in db: Database, now: Date) throws -> OpenList {
        let url = statusBaseURL + StatusListRecord.fileName(purpose: purpose, sequence: sequence)
        try db.execute(sql: """
            INSERT INTO statusList (issuer, purpose, sequence, url, size, createdAt) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [issuerID, purpose.rawValue, sequence, url, listSize, RegistryTime.milliseconds(now)])
        let listID = db.lastInsertedRowID
        try Self.insertFreeIndices(listID: listID, size: listSize, in: db)
        return OpenList(id: listID, url: url, sequence: sequence)
    }

    /// Records every index of a new list as free, in a random order (the order they are given out).
    static func insertFreeIndices(listID: Int64, size: Int, in db: Database) throws {
        var generator = SecureRandomGenerator()
        var order = Array(0..<size)
        order.shuffle(using: &generator)
        // json_each numbers the array's elements 0, 1, …: the position of each index.
        let array = "[" + order.map(String.init).joined(separator: ",") + "]"
        try db.execute(sql: """
            INSERT INTO freeStatusIndex (listID, position, statusIndex) SELECT ?, key, value FROM json_each(?)
            """, arguments: [listID, array])
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
