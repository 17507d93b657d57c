import CredentialKit

/// Keys an app already knows — its partner issuers' keys, pinned — tried before any document is
/// fetched. A verification method not in the collection goes to `fallback`: by default a
/// resolver that fetches nothing, so only pinned keys and `did:key`/`did:jwk` resolve; nil for
/// pinned keys only. Given to ``Verifier/online(resources:trustedIssuers:statusFailureMode:pinnedKeys:)``,
/// the rest are fetched as usual.
///
/// ```swift
/// var keys = KeyCollection()
/// try keys.add(multikey: "z6Mk…", id: "https://partner.example.edu/issuer#key-1", controller: "https://partner.example.edu/issuer")
/// let verifier = Verifier.online(pinnedKeys: keys)
/// ```
public struct KeyCollection: KeyResolver {
    private var keys: [String: ResolvedKey] = [:]
    /// Where methods the collection does not hold are resolved; nil for nowhere.
    public var fallback: (any KeyResolver)?

    public init(fallback: (any KeyResolver)? = StandardKeyResolver()) {
        self.fallback = fallback
    }

    /// Adds a key under its verification method id, controlled by `controller` (the issuer's id).
    public mutating func add(_ key: PublicKey, id: String, controller: String) {
        keys[id] = ResolvedKey(verificationMethod: id, key: key, controller: controller)
    }

    /// Adds a key given as a Multikey (`publicKeyMultibase`).
    public mutating func add(multikey: String, id: String, controller: String) throws {
        add(try PublicKey(multikey: multikey), id: id, controller: controller)
    }

    /// Adds a key given as a public JWK.
    public mutating func add(jwk: JSONValue, id: String, controller: String) throws {
        add(try PublicKey(jwk: jwk), id: id, controller: controller)
    }

    public func resolve(_ verificationMethod: String) async throws -> ResolvedKey {
        if let key = keys[verificationMethod] { return key }
        guard let fallback else {
            throw KeyResolutionError.unavailable("the key \(verificationMethod) is not one of the pinned keys")
        }
        return try await fallback.resolve(verificationMethod)
    }

    public func keys(controlledBy controller: String) async throws -> [ResolvedKey] {
        let pinned = keys.values.filter { $0.controller == controller }
        if !pinned.isEmpty { return pinned.sorted { $0.verificationMethod < $1.verificationMethod } }
        guard let fallback else {
            throw KeyResolutionError.unavailable("no key of \(controller) is pinned")
        }
        return try await fallback.keys(controlledBy: controller)
    }
}
