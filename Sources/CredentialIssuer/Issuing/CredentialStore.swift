import CredentialKit
import Foundation

/// Where issued credentials are kept: it allocates each credential's status entries and keeps
/// the signed file, all or nothing. The SQLite ``Registry`` is one; a server could bring another.
///
/// The `sign` closure runs inside the store's transaction, so a credential is never signed with
/// status entries that another credential also holds, and never kept unsigned.
public protocol CredentialStore: Sendable {
    /// Records `requests` in one transaction: allocates each one's status entries, calls `sign`
    /// with them, and keeps what it returns; when anything throws, none is kept.
    func record(_ requests: [IssuanceRecord], actor: String, now: Date,
                sign: @Sendable (IssuanceRecord, StatusAllocation) throws -> SignedCredential) async throws
}

extension Registry: CredentialStore {
    public func record(_ requests: [IssuanceRecord], actor: String, now: Date,
                       sign: @Sendable (IssuanceRecord, StatusAllocation) throws -> SignedCredential) throws {
        _ = try recordIssuances(requests, actor: actor, now: now, sign: sign)
    }
}
