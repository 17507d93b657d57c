import CredentialKit
import Foundation

/// Where issued credentials are kept: it allocates each credential's status entries and keeps
/// the signed file, all or nothing. The SQLite ``Registry`` is one; a server could bring another.
///
/// The `sign` closure runs inside the store's transaction, so a credential is never signed with
/// status entries that another credential also holds, and never kept unsigned.
public protocol CredentialStore: Sendable {
    /// Records `requests` in one transaction: allocates each one's status entries, calls `sign`
    /// with them, and keeps what it returns; when anything throws, none is kept. `sign` may be
    /// called for several requests at once, from several threads.
    func record(_ requests: [IssuanceRecord], actor: String, now: Date,
                sign: @Sendable (IssuanceRecord, StatusAllocation) throws -> SignedCredential) async throws
}

extension Registry: CredentialStore {
    public func record(_ requests: [IssuanceRecord], actor: String, now: Date,
                       sign: @Sendable (IssuanceRecord, StatusAllocation) throws -> SignedCredential) throws {
        _ = try recordIssuances(requests, actor: actor, now: now) { allocated in
            try Self.signInParallel(allocated, sign)
        }
    }

    /// Signs every allocated request, on every core; the first failure is thrown.
    static func signInParallel(_ allocated: [(IssuanceRecord, StatusAllocation)],
                               _ sign: @Sendable (IssuanceRecord, StatusAllocation) throws -> SignedCredential) throws -> [SignedCredential] {
        guard allocated.count > 1 else { return try allocated.map { try sign($0.0, $0.1) } }
        let results = ResultSlots(count: allocated.count)
        DispatchQueue.concurrentPerform(iterations: allocated.count) { index in
            results.set(index, Result { try sign(allocated[index].0, allocated[index].1) })
        }
        return try results.values()
    }
}

/// Results written from several threads, each to its own slot.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<SignedCredential, any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<SignedCredential, any Error>) {
        lock.withLock { slots[index] = result }
    }

    func values() throws -> [SignedCredential] {
        try lock.withLock { slots }.map { slot in
            guard let slot else { throw IssuerError(.invalidRequest, "a credential of the batch was not signed") }
            return try slot.get()
        }
    }
}
