import CredentialKit

/// A verification method resolved to a key and the party that controls it.
public struct ResolvedKey: Sendable {
    public var verificationMethod: String
    public var key: PublicKey
    /// The DID or URL of the key's controller; must be the credential's issuer.
    public var controller: String

    public init(verificationMethod: String, key: PublicKey, controller: String) {
        self.verificationMethod = verificationMethod
        self.key = key
        self.controller = controller
    }
}

/// Why a verification method could not be resolved.
public enum KeyResolutionError: Error, Sendable, CustomStringConvertible {
    /// The method is malformed or names no usable key: a fault in the credential.
    case invalid(String)
    /// The document holding the key could not be had (offline, unreachable): a fault in the environment.
    case unavailable(String)

    public var description: String {
        switch self {
        case .invalid(let reason), .unavailable(let reason): reason
        }
    }
}

/// Turns a `verificationMethod` (or a JWT `kid`) into a key.
public protocol KeyResolver: Sendable {
    func resolve(_ verificationMethod: String) async throws(KeyResolutionError) -> ResolvedKey
}

/// Resolves `did:key` locally and other methods (`https:` URLs, `did:web`) from the controller
/// document the method's URL points at, fetched through a ``ResourceFetcher``.
///
/// A controller document (an issuer profile, a DID document) lists its keys under
/// `verificationMethod` as `Multikey` (`publicKeyMultibase`) or `JsonWebKey` (`publicKeyJwk`)
/// entries, each with an `id` and a `controller`.
public struct StandardKeyResolver: KeyResolver {
    public var fetcher: any ResourceFetcher

    public init(fetcher: any ResourceFetcher = LocalResources()) {
        self.fetcher = fetcher
    }

    public func resolve(_ verificationMethod: String) async throws(KeyResolutionError) -> ResolvedKey {
        if verificationMethod.hasPrefix("did:key:") {
            return try resolveDidKey(verificationMethod)
        }
        let documentURL: String
        if verificationMethod.hasPrefix("did:web:") {
            documentURL = Self.didWebDocumentURL(verificationMethod)
        } else if verificationMethod.hasPrefix("https://") || verificationMethod.hasPrefix("http://") {
            documentURL = LocalResources.withoutFragment(verificationMethod)
        } else {
            throw .invalid("the verification method \(verificationMethod) is neither a did:key, a did:web nor an https URL")
        }
        let bytes: [UInt8]
        do {
            bytes = try await fetcher.fetch(documentURL)
        } catch let error as ResourceError {
            throw .unavailable("the issuer's key document could not be had: \(error.detail)")
        } catch {
            throw .unavailable("the issuer's key document \(documentURL) could not be had: \(error)")
        }
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch {
            throw .invalid("the key document \(documentURL) is not valid JSON: \(error)")
        }
        return try findMethod(verificationMethod, in: document, documentURL: documentURL)
    }

    private func resolveDidKey(_ verificationMethod: String) throws(KeyResolutionError) -> ResolvedKey {
        let parts = verificationMethod.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let did = String(parts[0])
        let key: PublicKey
        do { key = try PublicKey(didKey: did) } catch {
            throw .invalid("the verification method \(verificationMethod) is not a valid did:key: \(error)")
        }
        if parts.count == 2, String(parts[1]) != String(did.dropFirst("did:key:".count)) {
            throw .invalid("the verification method's fragment #\(parts[1]) does not name the did:key's own key")
        }
        return ResolvedKey(verificationMethod: verificationMethod, key: key, controller: did)
    }

    private func findMethod(_ id: String, in document: JSONValue, documentURL: String) throws(KeyResolutionError) -> ResolvedKey {
        let documentID = document["id"]?.stringValue ?? documentURL
        let methods = (document["verificationMethod"]?.asArray ?? [])
            + (document["assertionMethod"]?.asArray.filter { $0.objectValue != nil } ?? [])
        for method in methods {
            guard let methodID = method["id"]?.stringValue else { continue }
            let absoluteID = methodID.hasPrefix("#") ? documentID + methodID : methodID
            guard absoluteID == id else { continue }
            let key: PublicKey
            do {
                if let multibase = method["publicKeyMultibase"]?.stringValue {
                    key = try PublicKey(multikey: multibase)
                } else if let jwk = method["publicKeyJwk"] {
                    key = try PublicKey(jwk: jwk)
                } else {
                    throw KeyResolutionError.invalid("the verification method \(id) carries neither publicKeyMultibase nor publicKeyJwk")
                }
            } catch let error as KeyResolutionError {
                throw error
            } catch {
                throw KeyResolutionError.invalid("the verification method \(id) holds an unusable key: \(error)")
            }
            let controller = method["controller"]?.stringValue ?? documentID
            return ResolvedKey(verificationMethod: id, key: key, controller: controller)
        }
        throw .invalid("the key document \(documentURL) lists no verification method \(id)")
    }

    /// `did:web:example.com:issuers:1#key-1` → `https://example.com/issuers/1/did.json`;
    /// a bare domain uses `/.well-known/did.json`.
    static func didWebDocumentURL(_ verificationMethod: String) -> String {
        let did = LocalResources.withoutFragment(verificationMethod)
        let segments = did.dropFirst("did:web:".count).split(separator: ":").map {
            $0.replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%3a", with: ":")
        }
        guard let host = segments.first else { return "https://invalid/" }
        if segments.count == 1 { return "https://\(host)/.well-known/did.json" }
        return "https://\(host)/" + segments.dropFirst().joined(separator: "/") + "/did.json"
    }
}
