import CredentialKit
import Foundation

/// A verification method resolved to a key and the party that controls it.
public struct ResolvedKey: Sendable {
    public var verificationMethod: String
    public var key: PublicKey
    /// The DID or URL of the key's controller; must be the credential's issuer.
    public var controller: String
    /// When the controller stopped using the key (its document's `expires`, Controlled
    /// Identifiers §2.2): proofs made until then stand, later ones do not.
    public var expires: Date?
    /// When the controller revoked the key (`revoked`): no proof made with it is relied on, since
    /// whoever else holds it can date a proof as they like.
    public var revoked: Date?

    public init(verificationMethod: String, key: PublicKey, controller: String, expires: Date? = nil, revoked: Date? = nil) {
        self.verificationMethod = verificationMethod
        self.key = key
        self.controller = controller
        self.expires = expires
        self.revoked = revoked
    }
}

/// Why a verification method could not be resolved.
public enum KeyResolutionError: Error, Sendable, CustomStringConvertible {
    /// The method is malformed or names no usable key: a fault in the credential.
    case invalid(String)
    /// The document holding the key could not be had (offline, unreachable): a fault in the environment.
    case unavailable(String)
    /// The controller's document was had, but does not list the key: the issuer does not (or
    /// no longer) vouch for it.
    case notListed(String)
    /// A DID method or URL scheme Laurel does not resolve.
    case unsupported(String)

    public var description: String { reason }
}

extension KeyResolutionError: LaurelError {
    public var errorCode: String {
        switch self {
        case .invalid: "invalid"
        case .unavailable: "unavailable"
        case .notListed: "notListed"
        case .unsupported: "unsupported"
        }
    }

    public var reason: String {
        switch self {
        case .invalid(let reason), .unavailable(let reason), .notListed(let reason), .unsupported(let reason): reason
        }
    }
}

/// Turns a `verificationMethod` (or a JWT `kid`) into a key.
public protocol KeyResolver: Sendable {
    /// - Throws: ``KeyResolutionError`` saying whether the method is at fault or the environment;
    ///   any other error is treated as the key being unavailable.
    func resolve(_ verificationMethod: String) async throws -> ResolvedKey

    /// Every key `controller` (a DID or an https URL) lists, to bind a key that came with the
    /// credential itself (a JWT's `jwk` header) to its issuer.
    ///
    /// The default implementation throws ``KeyResolutionError/unavailable(_:)``.
    func keys(controlledBy controller: String) async throws -> [ResolvedKey]
}

extension KeyResolver {
    public func keys(controlledBy controller: String) async throws -> [ResolvedKey] {
        throw KeyResolutionError.unavailable("this key resolver cannot list the keys of \(controller)")
    }
}

/// Resolves `did:key` and `did:jwk` locally and other methods (`https:` URLs, `did:web`) from
/// the controller document the method's URL points at, fetched through a ``ResourceFetcher``.
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
        if let local = try Self.resolveWithoutDocument(verificationMethod) {
            return local
        }
        let documentURL = try Self.documentURL(of: verificationMethod)
        let document = try await fetchDocument(documentURL)
        return try Self.findMethod(verificationMethod, in: document, documentURL: documentURL)
    }

    /// Resolves a verification method exactly as ``resolve(_:)`` does, but from documents at
    /// hand instead of fetched ones: `did:key` and `did:jwk` from the DID itself, did:web and
    /// https methods from `documents` (controller documents by the URL a verifier would fetch).
    /// An issuer uses it to check, before signing, that verifiers will find the key it signs with.
    public static func resolve(_ verificationMethod: String, documents: [String: JSONValue]) throws(KeyResolutionError) -> ResolvedKey {
        if let local = try resolveWithoutDocument(verificationMethod) {
            return local
        }
        let documentURL = try documentURL(of: verificationMethod)
        guard let document = documents[documentURL] else {
            throw .unavailable("no document is at hand for \(documentURL)")
        }
        return try findMethod(verificationMethod, in: document, documentURL: documentURL)
    }

    /// A `did:key` or `did:jwk` method, which needs no document; nil for other methods.
    private static func resolveWithoutDocument(_ verificationMethod: String) throws(KeyResolutionError) -> ResolvedKey? {
        if verificationMethod.hasPrefix("did:key:") {
            return try resolveDidKey(verificationMethod)
        }
        if verificationMethod.hasPrefix("did:jwk:") {
            return try resolveDidJWK(verificationMethod)
        }
        return nil
    }

    public func keys(controlledBy controller: String) async throws(KeyResolutionError) -> [ResolvedKey] {
        if controller.hasPrefix("did:key:") || controller.hasPrefix("did:jwk:") {
            return [try await resolve(controller)]
        }
        let documentURL = try Self.documentURL(of: controller)
        let document = try await fetchDocument(documentURL)
        let documentID = document["id"]?.stringValue ?? documentURL
        var keys: [ResolvedKey] = []
        for method in Self.methods(in: document) {
            guard let methodID = method["id"]?.stringValue else { continue }
            let absoluteID = methodID.hasPrefix("#") ? documentID + methodID : methodID
            guard let key = try? Self.key(of: method, id: absoluteID),
                  let (expires, revoked) = try? Self.lifetime(of: method, id: absoluteID) else { continue }
            keys.append(ResolvedKey(verificationMethod: absoluteID, key: key,
                                    controller: method["controller"]?.stringValue ?? documentID, expires: expires, revoked: revoked))
        }
        return keys
    }

    /// The URL of the document that holds a did:web or https verification method or controller.
    static func documentURL(of method: String) throws(KeyResolutionError) -> String {
        if method.hasPrefix("did:web:") {
            guard isValidDidWeb(LocalResources.withoutFragment(method)) else {
                throw .invalid("\(method) is not a valid did:web: its host must be a domain name (with %3A only before a port) and its path plain segments")
            }
            return didWebDocumentURL(method)
        }
        if method.hasPrefix("https://") || method.hasPrefix("http://") {
            return LocalResources.withoutFragment(method)
        }
        if method.hasPrefix("did:") {
            let name = method.split(separator: ":").dropFirst().first.map(String.init) ?? ""
            throw .unsupported("the key \(method) uses the DID method \"\(name)\", which Laurel does not resolve (it resolves did:key, did:jwk, did:web and https URLs)")
        }
        throw .invalid("the verification method \(method) is neither a DID nor an https URL")
    }

    private func fetchDocument(_ documentURL: String) async throws(KeyResolutionError) -> JSONValue {
        let bytes: [UInt8]
        do {
            bytes = try await fetcher.fetch(documentURL)
        } catch let error as ResourceError {
            throw .unavailable("the issuer's key document could not be had: \(error.detail)")
        } catch {
            throw .unavailable("the issuer's key document \(documentURL) could not be had: \(error)")
        }
        do { return try JSONParser.parse(bytes) } catch {
            throw .invalid("the key document \(documentURL) is not valid JSON: \(error)")
        }
    }

    /// `did:jwk:<base64url(JWK)>`, its one verification method `#0`.
    private static func resolveDidJWK(_ verificationMethod: String) throws(KeyResolutionError) -> ResolvedKey {
        let parts = verificationMethod.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let did = String(parts[0])
        let key: PublicKey
        do {
            let jwk = try JSONParser.parse(try Base64URL.decode(String(did.dropFirst("did:jwk:".count))))
            if jwk["d"] != nil {
                throw KeyResolutionError.invalid("the did:jwk \(did) holds a private key (d)")
            }
            key = try PublicKey(jwk: jwk)
        } catch let error as KeyResolutionError {
            throw error
        } catch {
            throw .invalid("the verification method \(verificationMethod) is not a valid did:jwk: \(error)")
        }
        if parts.count == 2, parts[1] != "0" {
            throw .invalid("a did:jwk has one verification method, #0; \(verificationMethod) names another")
        }
        return ResolvedKey(verificationMethod: verificationMethod, key: key, controller: did)
    }

    private static func resolveDidKey(_ verificationMethod: String) throws(KeyResolutionError) -> ResolvedKey {
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

    private static func findMethod(_ id: String, in document: JSONValue, documentURL: String) throws(KeyResolutionError) -> ResolvedKey {
        let documentID = document["id"]?.stringValue ?? documentURL
        for method in methods(in: document) {
            guard let methodID = method["id"]?.stringValue else { continue }
            let absoluteID = methodID.hasPrefix("#") ? documentID + methodID : methodID
            guard absoluteID == id else { continue }
            let key = try key(of: method, id: id)
            let controller = method["controller"]?.stringValue ?? documentID
            let (expires, revoked) = try lifetime(of: method, id: id)
            return ResolvedKey(verificationMethod: id, key: key, controller: controller, expires: expires, revoked: revoked)
        }
        throw .notListed("the key document \(documentURL) lists no verification method \(id)")
    }

    /// The verification methods a controller document lists, embedded in `assertionMethod` too.
    /// The verification methods a controller document lets sign credentials: when it has an
    /// `assertionMethod` list, those it names there (by reference into `verificationMethod`, or
    /// embedded) and no others — a key listed only for `authentication` does not issue; when it
    /// has none (an issuer profile that just lists its keys), every `verificationMethod`.
    private static func methods(in document: JSONValue) -> [JSONValue] {
        let listed = document["verificationMethod"]?.asArray ?? []
        guard let assertion = document["assertionMethod"] else { return listed }
        let documentID = document["id"]?.stringValue ?? ""
        func absolute(_ id: String) -> String { id.hasPrefix("#") ? documentID + id : id }
        let references = Set(assertion.asArray.compactMap(\.stringValue).map(absolute))
        let referenced = listed.filter { method in
            method["id"]?.stringValue.map { references.contains(absolute($0)) } ?? false
        }
        return referenced + assertion.asArray.filter { $0.objectValue != nil }
    }

    /// A verification method's `expires` and `revoked` times, when it has them.
    private static func lifetime(of method: JSONValue, id: String) throws(KeyResolutionError) -> (expires: Date?, revoked: Date?) {
        func date(_ name: String) throws(KeyResolutionError) -> Date? {
            guard let value = method[name] else { return nil }
            guard let text = value.stringValue, let date = XSDDateTime.date(from: text) else {
                throw .invalid("the verification method \(id) has an \(name) that is not a date and time")
            }
            return date
        }
        return (try date("expires"), try date("revoked"))
    }

    private static func key(of method: JSONValue, id: String) throws(KeyResolutionError) -> PublicKey {
        do {
            if let multibase = method["publicKeyMultibase"]?.stringValue {
                return try PublicKey(multikey: multibase)
            } else if let jwk = method["publicKeyJwk"] {
                return try PublicKey(jwk: jwk)
            }
        } catch {
            throw .invalid("the verification method \(id) holds an unusable key: \(error)")
        }
        throw .invalid("the verification method \(id) carries neither publicKeyMultibase nor publicKeyJwk")
    }

    /// Whether a did:web names a host plainly: a domain name, optionally `%3A` and a port, then
    /// path segments of unreserved characters — nothing that would make its URL point elsewhere
    /// (`@`, `/`, `?`, `#`, an encoded slash).
    public static func isValidDidWeb(_ did: String) -> Bool {
        let segments = did.dropFirst("did:web:".count).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let host = segments.first,
              host.range(of: #"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?:%3[Aa][0-9]{1,5})?$"#,
                         options: .regularExpression) != nil else { return false }
        return segments.dropFirst().allSatisfy {
            $0.range(of: #"^[A-Za-z0-9._~-]+$"#, options: .regularExpression) != nil
        }
    }

    /// `did:web:example.com:issuers:1#key-1` → `https://example.com/issuers/1/did.json`;
    /// a bare domain uses `/.well-known/did.json`.
    public static func didWebDocumentURL(_ verificationMethod: String) -> String {
        let did = LocalResources.withoutFragment(verificationMethod)
        let segments = did.dropFirst("did:web:".count).split(separator: ":").map {
            $0.replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%3a", with: ":")
        }
        guard let host = segments.first else { return "https://invalid/" }
        if segments.count == 1 { return "https://\(host)/.well-known/did.json" }
        return "https://\(host)/" + segments.dropFirst().joined(separator: "/") + "/did.json"
    }
}
