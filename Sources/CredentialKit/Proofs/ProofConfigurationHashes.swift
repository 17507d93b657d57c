import Synchronization

/// The hashes of recently seen proof configurations.
///
/// A Data Integrity signature covers the hash of the proof configuration (type, cryptosuite,
/// created, verification method, purpose, with the document's `@context`) beside the document's.
/// For an RDFC suite that small document is expanded and canonicalized like the credential
/// itself, yet a batch signs thousands of credentials with one configuration (`created` is the
/// run's time). Its hash is a pure function of the configuration's JSON — contexts are pinned,
/// never fetched — so it is worked out once and remembered.
final class ProofConfigurationHashes: Sendable {
    static let shared = ProofConfigurationHashes()
    /// How many configurations are remembered before the memory starts again.
    static let capacity = 1_024

    private struct Key: Hashable {
        var configuration: JSONValue
        var canonicalization: ProofCanonicalization
        var digest: Digest
        var safeMode: Bool
    }

    private let hashes = Mutex<[Key: [UInt8]]>([:])

    /// The remembered hash of `configuration`, or the one `compute` makes (then remembered).
    func hash(of configuration: JSONObject, canonicalization: ProofCanonicalization, digest: Digest, safeMode: Bool,
              compute: () throws -> [UInt8]) throws -> [UInt8] {
        let key = Key(configuration: .object(configuration), canonicalization: canonicalization, digest: digest, safeMode: safeMode)
        if let known = hashes.withLock({ $0[key] }) { return known }
        let hash = try compute()
        hashes.withLock { known in
            if known.count >= Self.capacity { known.removeAll() }
            known[key] = hash
        }
        return hash
    }
}
