import CredentialKit
import Foundation
import GRDB

/// A signed credential found in a workspace's files that the registry does not hold (issued after
/// the backup the registry was restored from), as ``Registry/recover(_:actor:now:)`` takes it back.
public struct RecoveredCredential: Sendable {
    public var id: String
    public var achievementID: String
    public var recipientIdentifier: String
    public var proofFormat: String
    /// The status entries it carries: list URL and index.
    public var revocation: (listURL: String, index: Int)
    public var suspension: (listURL: String, index: Int)
    public var validFrom: Date
    public var validUntil: Date?
    public var issuedAt: Date
    /// The file's bytes, exactly as signed.
    public var contents: [UInt8]

    public init(id: String, achievementID: String, recipientIdentifier: String, proofFormat: String,
                revocation: (listURL: String, index: Int), suspension: (listURL: String, index: Int),
                validFrom: Date, validUntil: Date?, issuedAt: Date, contents: [UInt8]) {
        self.id = id
        self.achievementID = achievementID
        self.recipientIdentifier = recipientIdentifier
        self.proofFormat = proofFormat
        self.revocation = revocation
        self.suspension = suspension
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.issuedAt = issuedAt
        self.contents = contents
    }
}

extension Registry {
    /// Takes back credentials the registry lost, in one transaction: each is recorded with the
    /// status positions it carries (taken out of the free indices), revoked or suspended when the
    /// published list had its bit set (kept in `retainedStatusBit` until now), with an audit row.
    ///
    /// A credential is skipped (and named in the result) when it is already recorded, names a list
    /// the registry does not know, or holds a position another credential holds.
    ///
    /// - Returns: the ids recorded, and the ids skipped with why.
    public func recover(_ credentials: [RecoveredCredential], actor: String,
                        now: Date = Date()) throws -> (recovered: [String], skipped: [(id: String, reason: String)]) {
        let now = RegistryTime.normalised(now)
        let issuerID = issuerID
        return try write { db in
            var recovered: [String] = []
            var skipped: [(String, String)] = []
            for credential in credentials {
                if try Self.credentialExists(credential.id, in: db) { continue }
                var positions: [(purpose: StatusPurpose, listID: Int64, index: Int)] = []
                var problem: String?
                for (purpose, entry) in [(StatusPurpose.revocation, credential.revocation), (.suspension, credential.suspension)] {
                    guard let row = try Row.fetchOne(db, sql: "SELECT id, size, purpose FROM statusList WHERE url = ?",
                                                     arguments: [entry.listURL]),
                          try row.decode(String.self, forColumn: "purpose") == purpose.rawValue else {
                        problem = "its \(purpose.rawValue) list \(entry.listURL) is not one the registry knows"
                        break
                    }
                    let listID: Int64 = try row.decode(forColumn: "id")
                    let column = purpose == .revocation ? ("revocationListID", "revocationIndex") : ("suspensionListID", "suspensionIndex")
                    if try Int.fetchOne(db, sql: "SELECT count(*) FROM credential WHERE \(column.0) = ? AND \(column.1) = ?",
                                        arguments: [listID, entry.index]) ?? 0 > 0 {
                        problem = "another credential holds its \(purpose.rawValue) index \(entry.index)"
                        break
                    }
                    positions.append((purpose, listID, entry.index))
                }
                if let problem { skipped.append((credential.id, problem)); continue }
                let revocation = positions[0], suspension = positions[1]
                let revoked = try Self.takeRetained(listID: revocation.listID, index: revocation.index, in: db)
                let suspended = try Self.takeRetained(listID: suspension.listID, index: suspension.index, in: db)
                for position in positions {
                    if try Int.fetchOne(db, sql: "SELECT count(*) FROM freeStatusIndex WHERE listID = ? AND statusIndex = ?",
                                        arguments: [position.listID, position.index]) ?? 0 > 0 {
                        try db.execute(sql: "DELETE FROM freeStatusIndex WHERE listID = ? AND statusIndex = ?",
                                       arguments: [position.listID, position.index])
                        try db.execute(sql: "UPDATE statusList SET allocatedCount = allocatedCount + 1 WHERE id = ?",
                                       arguments: [position.listID])
                    }
                }
                let reason = "recovered from its file after a registry restore: the published list has it"
                try db.execute(sql: """
                    INSERT INTO credential (id, issuer, achievementID, recipientIdentifier, batchID, proofFormat,
                        revocationListID, revocationIndex, suspensionListID, suspensionIndex,
                        validFrom, validUntil, issuedAt, digest, contents, revokedAt, revocationReason, suspendedAt, suspensionReason)
                    VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        credential.id, issuerID, credential.achievementID, credential.recipientIdentifier, credential.proofFormat,
                        revocation.listID, revocation.index, suspension.listID, suspension.index,
                        RegistryTime.milliseconds(credential.validFrom), credential.validUntil.map(RegistryTime.milliseconds),
                        RegistryTime.milliseconds(credential.issuedAt), Hex.encode(Digest.sha256.hash(credential.contents)),
                        Data(credential.contents),
                        revoked ? RegistryTime.milliseconds(now) : nil, revoked ? "revoked: \(reason)" : nil,
                        suspended ? RegistryTime.milliseconds(now) : nil, suspended ? "suspended: \(reason)" : nil,
                    ])
                try Self.appendAudit(in: db, at: now, actor: actor, action: "recover", credentialID: credential.id, details: [
                    "achievement": .string(credential.achievementID), "revoked": .bool(revoked), "suspended": .bool(suspended),
                    "reason": "issued after the backup the registry was restored from; taken back from its signed file",
                ])
                recovered.append(credential.id)
            }
            return (recovered, skipped)
        }
    }

    /// Removes a retained bit, returning whether there was one.
    private static func takeRetained(listID: Int64, index: Int, in db: Database) throws -> Bool {
        try db.execute(sql: "DELETE FROM retainedStatusBit WHERE listID = ? AND statusIndex = ?", arguments: [listID, index])
        return db.changesCount > 0
    }
}
