import CredentialKit
import Foundation
import GRDB

/// A bearer token for the server's admin API, as the registry keeps it: its name and dates, never
/// the token itself (only a SHA-256 hash of it).
public struct APIToken: Sendable, Hashable {
    public var name: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    /// Usable at `now`: not revoked and not expired.
    public func isActive(at now: Date = Date()) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }
}

extension Registry {
    /// The prefix of every token, so a leaked one is recognisable in logs and by secret scanners.
    public static let tokenPrefix = "laurel_"

    /// Makes a token named `name` (for the audit log) and returns it — the only time it is seen:
    /// the registry keeps its SHA-256 hash.
    ///
    /// - Parameter validFor: seconds until it expires; nil: it never does (until revoked).
    /// - Throws: ``IssuerError`` for an empty or taken name, or a non-positive validity.
    public func createToken(named name: String, validFor: TimeInterval?, actor: String, now: Date = Date()) throws -> String {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100, !name.contains(where: { $0.isNewline || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }) else {
            throw IssuerError(.invalidRequest, "a token's name must be 1 to 100 characters on one line, such as \"registrar-office\"")
        }
        if let validFor, validFor <= 0 {
            throw IssuerError(.invalidRequest, "a token must be valid for a positive time")
        }
        let token = Self.tokenPrefix + Base64URL.encode(SecureRandom.bytes(32))
        let now = RegistryTime.normalised(now)
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM apiToken WHERE name = ?)", arguments: [name]) == true {
                throw IssuerError(.invalidRequest, "there is already a token named \"\(name)\"; revoke it or choose another name")
            }
            try db.execute(sql: "INSERT INTO apiToken (name, tokenHash, createdAt, expiresAt) VALUES (?, ?, ?, ?)",
                           arguments: [name, Self.tokenHash(token), RegistryTime.milliseconds(now),
                                       validFor.map { RegistryTime.milliseconds(now.addingTimeInterval($0)) }])
            try Self.appendAudit(in: db, at: now, actor: actor, action: "token-create", credentialID: nil,
                                 details: ["name": .string(name), "expiresAt": validFor.map { .string(XSDDateTime.string(from: now.addingTimeInterval($0))) } ?? .null])
        }
        return token
    }

    /// Every token, newest first.
    public func tokens() throws -> [APIToken] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, createdAt, expiresAt, revokedAt, lastUsedAt FROM apiToken ORDER BY createdAt DESC, name")
                .map(Self.token(from:))
        }
    }

    /// Revokes the token named `name`: from now on it is refused.
    ///
    /// - Throws: ``IssuerError`` when there is no such token or it is already revoked.
    public func revokeToken(named name: String, actor: String, now: Date = Date()) throws {
        let now = RegistryTime.normalised(now)
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT revokedAt FROM apiToken WHERE name = ?", arguments: [name]) else {
                throw IssuerError(.invalidRequest, "there is no token named \"\(name)\" (`laurel token list` shows them)")
            }
            guard (row["revokedAt"] as Int64?) == nil else {
                throw IssuerError(.invalidRequest, "the token \"\(name)\" is already revoked")
            }
            try db.execute(sql: "UPDATE apiToken SET revokedAt = ? WHERE name = ?", arguments: [RegistryTime.milliseconds(now), name])
            try Self.appendAudit(in: db, at: now, actor: actor, action: "token-revoke", credentialID: nil, details: ["name": .string(name)])
        }
    }

    /// The active token that `presented` is, recording its use; nil for anything else (unknown,
    /// revoked, expired). The comparison is of hashes, by the database's index.
    public func authenticate(token presented: String, now: Date = Date()) throws -> APIToken? {
        guard presented.hasPrefix(Self.tokenPrefix), presented.utf8.count <= 128 else { return nil }
        let hash = Self.tokenHash(presented)
        return try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT name, createdAt, expiresAt, revokedAt, lastUsedAt FROM apiToken WHERE tokenHash = ?",
                                             arguments: [hash]) else { return nil }
            let token = Self.token(from: row)
            guard token.isActive(at: now) else { return nil }
            try db.execute(sql: "UPDATE apiToken SET lastUsedAt = ? WHERE name = ?", arguments: [RegistryTime.milliseconds(now), token.name])
            return token
        }
    }

    static func tokenHash(_ token: String) -> String {
        Hex.encode(Digest.sha256.hash(token))
    }

    private static func token(from row: Row) -> APIToken {
        APIToken(name: row["name"], createdAt: RegistryTime.date(milliseconds: row["createdAt"]),
                 expiresAt: (row["expiresAt"] as Int64?).map { RegistryTime.date(milliseconds: $0) },
                 revokedAt: (row["revokedAt"] as Int64?).map { RegistryTime.date(milliseconds: $0) },
                 lastUsedAt: (row["lastUsedAt"] as Int64?).map { RegistryTime.date(milliseconds: $0) })
    }
}
