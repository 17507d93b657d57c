import CredentialKit
import Foundation
import GRDB

extension Registry {
    /// Revokes, suspends or unsuspends credentials, all in one transaction, with an audit row for
    /// each credential that changed; the lists whose bits changed get a new version.
    ///
    /// All or nothing: every credential named ends as asked (changed, or already so), or nothing
    /// changes. Revocation is final: revoking a revoked credential leaves it `unchanged`, and
    /// suspending or unsuspending one refuses the whole change. Revoking a suspended credential
    /// leaves its suspension bit as it was. A repeated id counts once.
    ///
    /// - Parameters:
    ///   - reason: kept with the credential (for revoke and suspend) and in the audit log.
    ///   - actor: who made the change, for the audit log.
    ///   - skipUnknown: report ids the registry does not hold as `unknown` and change the others;
    ///     false (the default) refuses the whole change.
    /// - Returns: each id's outcome and the URLs of the lists that changed.
    /// - Throws: ``IssuerError`` `.unknownCredential` naming the ids the registry does not hold,
    ///   `.credentialRevoked` naming revoked ids asked to be suspended or unsuspended; nothing has
    ///   changed then.
    public func changeStatus(_ action: StatusAction, credentialIDs: [String], reason: String?, actor: String,
                             skipUnknown: Bool = false, now: Date = Date()) throws -> StatusChangeReport {
        var seen = Set<String>()
        let ids = credentialIDs.filter { seen.insert($0).inserted }
        return try write { db in
            var outcomes: [StatusChangeReport.Item] = []
            var changedLists: [Int64: String] = [:]
            for id in ids {
                guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                    SELECT c.issuer, c.revokedAt, c.suspendedAt, c.revocationListID, c.revocationIndex, c.suspensionListID,
                           c.suspensionIndex, r.url AS revocationURL, s.url AS suspensionURL
                    FROM credential c JOIN statusList r ON r.id = c.revocationListID
                                      JOIN statusList s ON s.id = c.suspensionListID
                    WHERE c.id = ?
                    """), arguments: [id]) else {
                    outcomes.append(.init(credentialID: id, outcome: .unknown))
                    continue
                }
                let issuer: String = try row.decode(forColumn: "issuer")
                guard issuer == issuerID else {
                    // Each issuer's credentials change only in its own lists, signed with its own key.
                    throw IssuerError(.otherIssuersCredential,
                        "\(id) was issued by \(issuer), not by \(issuerID); choose its issuer to change it. Nothing was changed",
                        parameters: ["issuer": issuer])
                }
                let isRevoked = try row.decode(Int64?.self, forColumn: "revokedAt") != nil
                let isSuspended = try row.decode(Int64?.self, forColumn: "suspendedAt") != nil
                let purpose: StatusPurpose = action == .revoke ? .revocation : .suspension
                let listID: Int64 = try row.decode(forColumn: purpose == .revocation ? "revocationListID" : "suspensionListID")
                let listURL: String = try row.decode(forColumn: purpose == .revocation ? "revocationURL" : "suspensionURL")
                let index: Int = try row.decode(forColumn: purpose == .revocation ? "revocationIndex" : "suspensionIndex")

                let outcome: StatusChangeReport.Outcome
                switch action {
                case .revoke:
                    outcome = isRevoked ? .unchanged : .changed
                case .suspend:
                    outcome = isRevoked ? .refusedRevoked : isSuspended ? .unchanged : .changed
                case .unsuspend:
                    outcome = isRevoked ? .refusedRevoked : isSuspended ? .changed : .unchanged
                }
                outcomes.append(.init(credentialID: id, outcome: outcome))
                guard outcome == .changed else { continue }

                try Self.applyChange(action, credentialID: id, reason: reason, now: now, in: db)
                changedLists[listID] = listURL
                var details: JSONObject = ["list": .string(listURL), "index": .string(String(index))]
                if let reason { details["reason"] = .string(reason) }
                try Self.appendAudit(in: db, at: now, actor: actor, action: action.rawValue, credentialID: id,
                                     details: .object(details))
            }
            let unknown = outcomes.filter { $0.outcome == .unknown }.map(\.credentialID)
            if !unknown.isEmpty && !skipUnknown {
                throw IssuerError(.unknownCredential,
                    "\(Self.describe(unknown)) \(unknown.count == 1 ? "is" : "are") not in the registry; nothing was changed")
            }
            let revoked = outcomes.filter { $0.outcome == .refusedRevoked }.map(\.credentialID)
            if !revoked.isEmpty {
                throw IssuerError(.credentialRevoked,
                    "\(Self.describe(revoked)) \(revoked.count == 1 ? "is" : "are") revoked, which is final, so \(revoked.count == 1 ? "it" : "they") cannot be \(action == .suspend ? "suspended" : "unsuspended"); nothing was changed")
            }
            for listID in changedLists.keys {
                try db.cachedStatement(sql: "UPDATE statusList SET version = version + 1 WHERE id = ?")
                    .execute(arguments: [listID])
            }
            return StatusChangeReport(action: action, outcomes: outcomes,
                                      changedListURLs: changedLists.values.sorted())
        }
    }

    /// `id`, then each credential issued to replace the one before, oldest first; the last is the
    /// one that now stands.
    public func replacementChain(from id: String) throws -> [String] {
        try read { db in
            var chain = [id]
            while let next = try String.fetchOne(db.cachedStatement(sql: "SELECT supersededBy FROM credential WHERE id = ?"),
                                                 arguments: [chain[chain.count - 1]]), !chain.contains(next) {
                chain.append(next)
            }
            return chain
        }
    }

    /// Revokes `oldID` as superseded by `newID` and links the two, in one transaction. Doing it
    /// again changes nothing.
    ///
    /// - Returns: whether anything changed.
    /// - Throws: ``IssuerError`` when either credential is unknown or another issuer's.
    @discardableResult
    public func supersede(_ oldID: String, by newID: String, actor: String, now: Date = Date()) throws -> Bool {
        try write { db in
            for id in [oldID, newID] {
                guard let issuer = try String.fetchOne(db, sql: "SELECT issuer FROM credential WHERE id = ?", arguments: [id]) else {
                    throw IssuerError(.unknownCredential, "\(id) is not in the registry")
                }
                guard issuer == issuerID else {
                    throw IssuerError(.otherIssuersCredential, "\(id) was issued by \(issuer), not by \(issuerID)", parameters: ["issuer": issuer])
                }
            }
            guard let row = try Row.fetchOne(db, sql: """
                SELECT c.revokedAt, c.supersededBy, c.revocationListID, c.revocationIndex, r.url
                FROM credential c JOIN statusList r ON r.id = c.revocationListID WHERE c.id = ?
                """, arguments: [oldID]) else { return false }
            let revoked = try row.decode(Int64?.self, forColumn: "revokedAt") != nil
            let linked: String? = try row.decode(forColumn: "supersededBy")
            if revoked && linked == newID { return false }
            let listID: Int64 = try row.decode(forColumn: "revocationListID")
            let listURL: String = try row.decode(forColumn: "url")
            let index: Int = try row.decode(forColumn: "revocationIndex")
            if !revoked {
                try Self.applyChange(.revoke, credentialID: oldID, reason: "superseded by \(newID)", now: now, in: db)
                try db.cachedStatement(sql: "UPDATE statusList SET version = version + 1 WHERE id = ?").execute(arguments: [listID])
            }
            try db.execute(sql: "UPDATE credential SET supersededBy = ? WHERE id = ?", arguments: [newID, oldID])
            try Self.appendAudit(in: db, at: now, actor: actor, action: "supersede", credentialID: oldID,
                                 details: ["by": .string(newID), "list": .string(listURL), "index": .string(String(index)),
                                           "revoked": .bool(!revoked)])
            return true
        }
    }

    /// A short list of ids for a message: all of a few, the first five of many.
    static func describe(_ ids: [String]) -> String {
        let shown = ids.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")
        return ids.count > 5 ? "\(shown) and \(ids.count - 5) more" : shown
    }

    /// The ids of the credentials recorded with `batch`, in the order they were issued.
    public func credentialIDs(batch: String) throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT id FROM credential WHERE batchID = ? ORDER BY rowid", arguments: [batch])
        }
    }

    static func applyChange(_ action: StatusAction, credentialID: String, reason: String?, now: Date,
                                    in db: Database) throws {
        switch action {
        case .revoke:
            try db.cachedStatement(sql: "UPDATE credential SET revokedAt = ?, revocationReason = ? WHERE id = ?")
                .execute(arguments: [RegistryTime.milliseconds(now), reason, credentialID])
        case .suspend:
            try db.cachedStatement(sql: "UPDATE credential SET suspendedAt = ?, suspensionReason = ? WHERE id = ?")
                .execute(arguments: [RegistryTime.milliseconds(now), reason, credentialID])
        case .unsuspend:
            try db.cachedStatement(sql: "UPDATE credential SET suspendedAt = NULL, suspensionReason = NULL WHERE id = ?")
                .execute(arguments: [credentialID])
        }
    }
}
