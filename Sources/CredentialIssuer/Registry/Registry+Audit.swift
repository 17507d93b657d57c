import CredentialKit
import Foundation
import GRDB

extension Registry {
    /// Appends a row to the audit log, for actions outside the registry (key generation, …).
    ///
    /// - Parameters:
    ///   - action: a short verb such as `key-generate`.
    ///   - details: anything worth keeping, as JSON.
    public func recordAudit(action: String, actor: String, details: JSONValue, credentialID: String? = nil,
                            now: Date = Date()) throws {
        guard !action.isEmpty else { throw IssuerError(.invalidRequest, "an audit action needs a name") }
        try write { db in
            try Self.appendAudit(in: db, at: now, actor: actor, action: action, credentialID: credentialID, details: details)
        }
    }

    /// The newest `limit` audit entries, newest first.
    public func auditEntries(limit: Int) throws -> [AuditEntry] {
        let limit = max(0, limit)
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit]).map { row in
                let text: String = try row.decode(forColumn: "details")
                return AuditEntry(id: try row.decode(forColumn: "id"), at: try row.decode(forColumn: "at"),
                                  actor: try row.decode(forColumn: "actor"), action: try row.decode(forColumn: "action"),
                                  credentialID: try row.decode(forColumn: "credentialID"),
                                  details: (try? JSONParser.parse(text)) ?? .string(text))
            }
        }
    }

    /// Inserts one audit row inside the caller's transaction.
    static func appendAudit(in db: Database, at: Date, actor: String, action: String, credentialID: String?,
                            details: JSONValue) throws {
        let text = String(decoding: details.serializedBytes(), as: UTF8.self)
        try db.cachedStatement(sql: "INSERT INTO audit (at, actor, action, credentialID, details) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [at, actor, action, credentialID, text])
    }
}
