import CredentialKit
import Foundation
import GRDB

extension Registry {
    /// The digest of the request credential `id` was issued for; nil when unknown (or not recorded).
    public func requestDigest(of id: String) throws -> String? {
        try read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT requestDigest FROM credential WHERE id = ?"), arguments: [id])
        }
    }

    /// Whether a credential with `id` is recorded (cheaper than ``credential(id:)``, for checking a
    /// whole roster).
    public func containsCredential(id: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM credential WHERE id = ?"), arguments: [id]) ?? false
        }
    }

    /// The credential with `id`, with where it stands (``CredentialRecord/state``), its reasons,
    /// its list positions and its signed contents; nil when it is not recorded.
    public func credential(id: String) throws -> CredentialRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT c.*, r.url AS revocationURL, s.url AS suspensionURL
                FROM credential c JOIN statusList r ON r.id = c.revocationListID
                                  JOIN statusList s ON s.id = c.suspensionListID
                WHERE c.id = ?
                """, arguments: [id]) else { return nil }
            return try CredentialRecord(
                id: row.decode(forColumn: "id"), issuerID: row.decode(forColumn: "issuer"),
                achievementID: row.decode(forColumn: "achievementID"),
                recipientIdentifier: row.decode(forColumn: "recipientIdentifier"), batchID: row.decode(forColumn: "batchID"),
                proofFormat: row.decode(forColumn: "proofFormat"),
                revocation: StatusPosition(listID: row.decode(forColumn: "revocationListID"),
                                           listURL: row.decode(forColumn: "revocationURL"),
                                           index: row.decode(forColumn: "revocationIndex")),
                suspension: StatusPosition(listID: row.decode(forColumn: "suspensionListID"),
                                           listURL: row.decode(forColumn: "suspensionURL"),
                                           index: row.decode(forColumn: "suspensionIndex")),
                validFrom: row.registryDate("validFrom"), validUntil: row.optionalRegistryDate("validUntil"),
                issuedAt: row.registryDate("issuedAt"), digest: row.decode(forColumn: "digest"),
                contents: [UInt8](row.decode(Data.self, forColumn: "contents")),
                revokedAt: row.optionalRegistryDate("revokedAt"), revocationReason: row.decode(forColumn: "revocationReason"),
                suspendedAt: row.optionalRegistryDate("suspendedAt"), suspensionReason: row.decode(forColumn: "suspensionReason"),
                supersededBy: row.decode(forColumn: "supersededBy"), requestDigest: row.decode(forColumn: "requestDigest"))
        }
    }

    /// The credentials the registry holds, oldest first: each with where it stands, without its contents.
    ///
    /// - Parameter since: only those issued at or after this time.
    public func credentialSummaries(since: Date? = nil) throws -> [CredentialSummary] {
        let since = since.map(RegistryTime.milliseconds) ?? Int64.min
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, issuer, achievementID, proofFormat, issuedAt, revokedAt, suspendedAt, batchID
                FROM credential WHERE issuedAt >= ? ORDER BY issuedAt, rowid
                """, arguments: [since]).map(Self.summary(from:))
        }
    }

    /// The `limit` most recently issued credentials, newest first, without their contents.
    public func recentCredentialSummaries(limit: Int) throws -> [CredentialSummary] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, issuer, achievementID, proofFormat, issuedAt, revokedAt, suspendedAt, batchID
                FROM credential ORDER BY issuedAt DESC, rowid DESC LIMIT ?
                """, arguments: [max(0, limit)]).map(Self.summary(from:))
        }
    }

    private static func summary(from row: Row) throws -> CredentialSummary {
        let state: CredentialState = try row.decode(Int64?.self, forColumn: "revokedAt") != nil ? .revoked
            : try row.decode(Int64?.self, forColumn: "suspendedAt") != nil ? .suspended : .active
        return CredentialSummary(id: try row.decode(forColumn: "id"), issuerID: try row.decode(forColumn: "issuer"),
                                 achievementID: try row.decode(forColumn: "achievementID"),
                                 proofFormat: try row.decode(forColumn: "proofFormat"), issuedAt: try row.registryDate("issuedAt"),
                                 state: state, batchID: try row.decode(forColumn: "batchID"))
    }

    /// The issuer's status lists, by purpose then sequence.
    public func statusLists() throws -> [StatusListRecord] {
        let issuerID = issuerID
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM statusList WHERE issuer = ? ORDER BY purpose, sequence",
                             arguments: [issuerID]).map(Self.statusList)
        }
    }

    /// The list with row id `listID`, of any issuer.
    ///
    /// - Throws: ``IssuerError`` `.unknownStatusList` when there is none.
    public func statusList(id listID: Int64) throws -> StatusListRecord {
        try read { db in try Self.statusList(id: listID, in: db) }
    }

    /// The list's bits as they should be published: set for each revoked credential (revocation
    /// list) or each currently suspended credential (suspension list).
    ///
    /// - Throws: ``IssuerError`` `.unknownStatusList` when there is no such list.
    public func bitstring(listID: Int64) throws -> StatusBitstring {
        try read { db in
            let list = try Self.statusList(id: listID, in: db)
            return try Self.bitstring(of: list, in: db)
        }
    }

    /// Of the set bits a published list has and the registry has not, those the registry may clear:
    /// none of a revocation list (revocation is final); of a suspension list, those whose credential
    /// was unsuspended (its latest suspend or unsuspend is an unsuspend). Any other is a change the
    /// registry has lost.
    public func clearableIndices(_ indices: [Int], of list: StatusListRecord) throws -> Set<Int> {
        guard list.purpose == .suspension, !indices.isEmpty else { return [] }
        let listID = list.id
        return try read { db in
            var clearable = Set<Int>()
            for index in indices {
                guard let id = try String.fetchOne(db, sql: """
                    SELECT id FROM credential WHERE suspensionListID = ? AND suspensionIndex = ? AND suspendedAt IS NULL
                    """, arguments: [listID, index]) else { continue }
                let last = try String.fetchOne(db, sql: """
                    SELECT action FROM audit WHERE credentialID = ? AND action IN ('suspend', 'unsuspend') ORDER BY id DESC LIMIT 1
                    """, arguments: [id])
                if last == "unsuspend" { clearable.insert(index) }
            }
            return clearable
        }
    }

    /// The credentials holding `indices` of `list`, by index; an index no credential holds is absent.
    public func credentialIDs(at indices: [Int], of list: StatusListRecord) throws -> [Int: String] {
        let column = list.purpose == .revocation ? ("revocationListID", "revocationIndex") : ("suspensionListID", "suspensionIndex")
        let listID = list.id
        return try read { db in
            var found: [Int: String] = [:]
            let statement = try db.cachedStatement(sql: "SELECT id FROM credential WHERE \(column.0) = ? AND \(column.1) = ?")
            for index in indices {
                if let id = try String.fetchOne(statement, arguments: [listID, index]) { found[index] = id }
            }
            return found
        }
    }

    static func statusList(id listID: Int64, in db: Database) throws -> StatusListRecord {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM statusList WHERE id = ?", arguments: [listID]) else {
            throw IssuerError(.unknownStatusList, "there is no status list \(listID) in the registry")
        }
        return try statusList(row)
    }

    /// Builds the bitstring of `list` from the credentials' states, inside the caller's transaction.
    static func bitstring(of list: StatusListRecord, in db: Database) throws -> StatusBitstring {
        let sql = switch list.purpose {
        case .revocation:
            "SELECT revocationIndex FROM credential WHERE revocationListID = ? AND revokedAt IS NOT NULL"
        case .suspension:
            "SELECT suspensionIndex FROM credential WHERE suspensionListID = ? AND suspendedAt IS NOT NULL"
        }
        var bits = StatusBitstring(bitCount: list.size)
        let indices = try Int.fetchCursor(db, sql: sql + " UNION ALL SELECT statusIndex FROM retainedStatusBit WHERE listID = ?",
                                          arguments: [list.id, list.id])
        while let index = try indices.next() {
            guard (0..<list.size).contains(index) else {
                throw IssuerError(.registry, "the registry holds index \(index) for \(list.url), which has only \(list.size) entries")
            }
            bits[index] = true
        }
        return bits
    }

    private static func statusList(_ row: Row) throws -> StatusListRecord {
        let purposeName: String = try row.decode(forColumn: "purpose")
        guard let purpose = StatusPurpose(rawValue: purposeName) else {
            throw IssuerError(.registry, "the registry holds a status list with the unknown purpose \"\(purposeName)\"")
        }
        let size: Int = try row.decode(forColumn: "size")
        guard size > 0, size % 8 == 0 else {
            throw IssuerError(.registry, "the registry holds a status list of \(size) entries, not a positive multiple of 8")
        }
        return try StatusListRecord(
            id: row.decode(forColumn: "id"), issuerID: row.decode(forColumn: "issuer"), purpose: purpose,
            sequence: row.decode(forColumn: "sequence"), url: row.decode(forColumn: "url"), size: size,
            allocatedCount: row.decode(forColumn: "allocatedCount"), version: row.decode(forColumn: "version"),
            isClosed: row.decode(forColumn: "closed"))
    }
}
