import Foundation

/// Signs and verifies W3C Data Integrity proofs (`DataIntegrityProof` with a ``Cryptosuite``,
/// and the legacy `Ed25519Signature2020`).
///
/// The algorithm is the one the cryptosuite specifications share: canonicalize the proof
/// configuration and the document without its proof, hash each, and sign
/// `hash(proofConfig) ‖ hash(document)`; the signature is written as `proofValue`, `z` +
/// base58btc.
public enum DataIntegrity {
    /// The proof options a signer chooses.
    public struct ProofOptions: Sendable {
        public var cryptosuite: Cryptosuite
        public var verificationMethod: String
        public var created: Date
        public var proofPurpose: String

        public init(cryptosuite: Cryptosuite, verificationMethod: String, created: Date = Date(),
                    proofPurpose: String = "assertionMethod") {
            self.cryptosuite = cryptosuite
            self.verificationMethod = verificationMethod
            self.created = created
            self.proofPurpose = proofPurpose
        }
    }

    /// Adds a proof to `document`.
    ///
    /// - Parameters:
    ///   - document: an unsecured JSON-LD document (a credential) without a `proof` member.
    ///   - options: the cryptosuite, verification method, creation time and purpose.
    ///   - key: the private key; its type must suit the cryptosuite.
    /// - Returns: the document with a `proof` member appended.
    /// - Throws: ``CredentialKitError`` when the key does not suit the suite or canonicalization fails.
    public static func sign(_ document: JSONObject, options: ProofOptions, key: PrivateKey) throws -> JSONObject {
        try signReturningHash(document, options: options, key: key).secured
    }

    /// Signs as ``sign(_:options:key:)``, and returns the hash data that was signed and the
    /// signature too, so an issuer can check its own signature without canonicalizing again.
    package static func signReturningHash(_ document: JSONObject, options: ProofOptions, key: PrivateKey) throws
        -> (secured: JSONObject, hashData: [UInt8], signature: [UInt8]) {
        let suite = options.cryptosuite
        guard suite.keyAlgorithms.contains(key.algorithm) else {
            throw CredentialKitError(.unsupportedProof,
                "\(suite.rawValue) needs a key of type \(suite.keyAlgorithms.map(\.rawValue).sorted().joined(separator: " or ")), but the key is \(key.algorithm.rawValue)")
        }
        guard document["proof"] == nil else {
            throw CredentialKitError(.invalidCredential, "the document already has a proof; Laurel adds one proof per credential")
        }
        var proof: JSONObject = [
            "type": "DataIntegrityProof",
            "cryptosuite": .string(suite.rawValue),
            "created": .string(XSDDateTime.string(from: options.created)),
            "verificationMethod": .string(options.verificationMethod),
            "proofPurpose": .string(options.proofPurpose),
        ]
        // The JCS suites carry the document's @context in the proof itself (as the W3C vectors do).
        if suite.canonicalization == .jcs, let context = document["@context"] {
            proof["@context"] = context
        }
        let hashData = try self.hashData(document: document, proofOptions: proof,
                                         canonicalization: suite.canonicalization,
                                         digest: suite.digest(for: key.algorithm))
        let signature = try key.sign(hashData)
        proof["proofValue"] = .string(Multibase.encodeBase58btc(signature))
        var secured = document
        secured["proof"] = .object(proof)
        return (secured, hashData, signature)
    }

    /// What a proof claims, read before its signature is checked.
    public struct ProofDescription: Sendable, Hashable {
        /// `DataIntegrityProof` or `Ed25519Signature2020`.
        public var type: String
        public var cryptosuite: String?
        public var verificationMethod: String
        public var proofPurpose: String
        public var created: Date?
    }

    /// Reads the single proof of a secured document.
    ///
    /// - Throws: ``CredentialKitError/Code/invalidProof`` when the proof is missing, not an object,
    ///   one of several, or lacks a required member; ``CredentialKitError/Code/unsupportedProof``
    ///   for a proof type Laurel does not know.
    public static func describeProof(of document: JSONObject) throws -> ProofDescription {
        let proof = try singleProof(of: document)
        guard let type = proof["type"]?.stringValue else {
            throw CredentialKitError(.invalidProof, "proof.type is missing or not a string")
        }
        guard let verificationMethod = proof["verificationMethod"]?.stringValue else {
            throw CredentialKitError(.invalidProof, "proof.verificationMethod is missing or not a string")
        }
        guard let purpose = proof["proofPurpose"]?.stringValue else {
            throw CredentialKitError(.invalidProof, "proof.proofPurpose is missing or not a string")
        }
        var created: Date?
        if let createdValue = proof["created"] {
            guard let text = createdValue.stringValue, let date = XSDDateTime.date(from: text) else {
                throw CredentialKitError(.invalidProof, "proof.created is not an XML Schema dateTime")
            }
            created = date
        }
        switch type {
        case "DataIntegrityProof":
            guard let suite = proof["cryptosuite"]?.stringValue else {
                throw CredentialKitError(.invalidProof, "proof.cryptosuite is missing for a DataIntegrityProof")
            }
            guard Cryptosuite(rawValue: suite) != nil else {
                throw CredentialKitError(.unsupportedProof, "proof.cryptosuite \"\(suite)\" is not one Laurel verifies (\(Cryptosuite.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return ProofDescription(type: type, cryptosuite: suite, verificationMethod: verificationMethod,
                                    proofPurpose: purpose, created: created)
        case "Ed25519Signature2020":
            return ProofDescription(type: type, cryptosuite: nil, verificationMethod: verificationMethod,
                                    proofPurpose: purpose, created: created)
        default:
            throw CredentialKitError(.unsupportedProof, "proof.type \"\(type)\" is not one Laurel verifies (DataIntegrityProof, Ed25519Signature2020)")
        }
    }

    /// What checking a proof's signature found.
    public enum SignatureCheck: Sendable, Hashable {
        /// The signature matches the document and proof options.
        case valid
        /// The signature was checked and does not match. `note` names anything else found that
        /// may explain it (a property no context defines), or is nil.
        case mismatch(note: String?)
    }

    /// Checks the signature of a secured document's proof with `key`.
    ///
    /// - Returns: true when the signature matches the document and proof options.
    /// - Throws: as ``check(_:key:)``.
    public static func verify(_ securedDocument: JSONObject, key: PublicKey) throws -> Bool {
        try check(securedDocument, key: key) == .valid
    }

    /// Checks the signature of a secured document's proof with `key`, as the reference
    /// implementations do.
    ///
    /// - A `DataIntegrityProof` whose proof names its own `@context` must name a prefix of the
    ///   document's (Data Integrity §4.4), which is then the context both are read with.
    /// - An `Ed25519Signature2020` proof's own `@context`, when present, is the proof
    ///   configuration's context (as jsonld-signatures and Spruce's ssi read it); the document
    ///   keeps its own.
    /// - RDFC documents are read in safe mode. A property no context defines is not covered by
    ///   any RDFC signature, so the signature is then checked over the data that is defined: a
    ///   mismatch is a `.mismatch` naming the property; a match still throws `.undefinedTerm`,
    ///   since the document carries data its signature does not cover.
    ///
    /// - Throws: ``CredentialKitError`` when the signature could not be checked — the proof is
    ///   malformed (`.invalidProof`), unsupported or does not suit the key (`.unsupportedProof`),
    ///   the signature has the wrong length for the key (`.invalidSignatureEncoding`), a context
    ///   is not pinned (`.contextNotPinned`), or the document carries data no context defines
    ///   (`.undefinedTerm`, `.invalidJSONLD`). None of these is evidence the document changed.
    public static func check(_ securedDocument: JSONObject, key: PublicKey) throws -> SignatureCheck {
        try check(securedDocument, key: key, previousProofs: [])
    }

    /// Checks the signature of one proof of a chain (Data Integrity §4.3): `securedDocument`
    /// carries that proof alone, and `previousProofs` are the proofs its `previousProof` names,
    /// which the signature covers as the document's `proof`. With none, as ``check(_:key:)``.
    public static func check(_ securedDocument: JSONObject, key: PublicKey, previousProofs: [JSONValue]) throws -> SignatureCheck {
        let description = try describeProof(of: securedDocument)
        var proofOptions = try singleProof(of: securedDocument)
        guard let proofValue = proofOptions["proofValue"]?.stringValue else {
            throw CredentialKitError(.invalidProof, "proof.proofValue is missing or not a string")
        }
        guard proofValue.hasPrefix("z") else {
            throw CredentialKitError(.invalidProof, "proof.proofValue must be multibase base58btc (start with \"z\")")
        }
        let signature: [UInt8]
        do { signature = try Multibase.decode(proofValue) } catch {
            throw CredentialKitError(.invalidSignatureEncoding, "proof.proofValue is not valid base58btc: \(error)")
        }
        proofOptions["proofValue"] = nil

        var document = securedDocument
        document["proof"] = previousProofs.isEmpty ? nil : .array(previousProofs)

        let canonicalization: ProofCanonicalization
        let digest: Digest
        if let suiteName = description.cryptosuite, let suite = Cryptosuite(rawValue: suiteName) {
            guard suite.keyAlgorithms.contains(key.algorithm) else {
                throw CredentialKitError(.unsupportedProof,
                    "the proof is \(suite.rawValue) but the verification method's key is \(key.algorithm.rawValue)")
            }
            canonicalization = suite.canonicalization
            digest = suite.digest(for: key.algorithm)
        } else {
            guard key.algorithm == .ed25519 else {
                throw CredentialKitError(.unsupportedProof, "an Ed25519Signature2020 proof needs an Ed25519 key, but the verification method's key is \(key.algorithm.rawValue)")
            }
            canonicalization = .rdfc
            digest = .sha256
        }
        guard signature.count == key.signatureByteCount else {
            throw CredentialKitError(.invalidSignatureEncoding,
                "proof.proofValue holds \(signature.count) bytes, but a \(key.algorithm.rawValue) signature is \(key.signatureByteCount): it is cut short or padded, so it cannot be checked")
        }

        if canonicalization == .rdfc, let problem = unplainStructure(in: document) {
            throw CredentialKitError(.embeddedContext, problem.reason)
        }
        if description.type == "DataIntegrityProof", let proofContext = proofOptions["@context"] {
            // A proof that names its own @context must name a prefix of the document's, in order.
            let expected = proofContext.asArray
            let actual = document["@context"]?.asArray ?? []
            guard actual.count >= expected.count, Array(actual.prefix(expected.count)) == expected else {
                return .mismatch(note: "the proof's @context is not the start of the document's @context")
            }
            document["@context"] = proofContext
        }
        do {
            let hashData = try self.hashData(document: document, proofOptions: proofOptions,
                                             canonicalization: canonicalization, digest: digest)
            return key.isValidSignature(signature, for: hashData) ? .valid : .mismatch(note: nil)
        } catch let strict as CredentialKitError where canonicalization == .rdfc && (strict.code == .undefinedTerm || strict.code == .invalidJSONLD) {
            // What an RDFC signature covers is the data the contexts define: check that much.
            let hashData = try self.hashData(document: document, proofOptions: proofOptions,
                                             canonicalization: canonicalization, digest: digest, safeMode: false)
            guard key.isValidSignature(signature, for: hashData) else {
                return .mismatch(note: strict.reason)
            }
            throw CredentialKitError(strict.code, "\(strict.reason); the signature matches the rest of the credential, but does not cover this")
        }
    }

    /// What in a document read as linked data could make its JSON say something other than the
    /// data an RDFC signature covers.
    package struct UnplainStructure: Sendable, Hashable {
        /// Where it is, as a path (`credentialSubject.identifier[0].@context`).
        package var path: String
        package var reason: String
    }

    /// The JSON-LD keywords a plain credential uses; any other (`@nest`, `@included`, `@graph`,
    /// `@reverse`, `@index`, `@set`, `@list` …) lets data sit where a reader of the JSON does
    /// not look for it.
    static let plainKeywords: Set<String> = ["@context", "@id", "@type", "@value", "@language", "@direction"]

    /// The first place where `document` is not plain JSON-LD, or nil. Plain means: an `@context`
    /// only at the top, as a list of URLs (inside, only a repeat of those same URLs, as an
    /// embedded credential, an endorsement say, names them); no keyword but ``plainKeywords``;
    /// and no member named by an IRI (`https://…#validUntil`, `cred:validUntil`).
    ///
    /// An RDFC signature covers what the terms mean, not the JSON. A context inside a document, or
    /// one given as an object, can redefine a term (a full-IRI `type` even escapes the type-scoped
    /// context that protects it); `@nest` or a member named by its IRI moves signed data (a status
    /// entry, an expiry date) where a reader of the JSON does not find it, without changing the
    /// data the signature covers. Laurel reads credentials by their JSON, so it reads only plain ones.
    package static func unplainStructure(in document: JSONObject) -> UnplainStructure? {
        func urls(_ value: JSONValue) -> Bool {
            value.stringValue != nil || (value.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false)
        }
        let inForce = Set(document["@context"]?.asArray.compactMap(\.stringValue) ?? [])
        func alreadyInForce(_ value: JSONValue) -> Bool {
            urls(value) && value.asArray.allSatisfy { $0.stringValue.map(inForce.contains) == true }
        }
        func problem(_ path: String, _ key: String) -> UnplainStructure {
            let place = path.isEmpty ? key : path + "." + key
            if key == "@context" {
                return UnplainStructure(path: place, reason: "the credential defines terms of its own in an embedded @context (at \(place)); an RDFC signature covers what the terms mean, which such a context can make differ from what the JSON shows, so only credentials whose @context is a list of published context URLs at the top are read")
            }
            if key.hasPrefix("@") {
                return UnplainStructure(path: place, reason: "the credential uses the JSON-LD keyword \(key) (at \(place)), which can hide signed data from a reader of the JSON; only plain credentials are read")
            }
            return UnplainStructure(path: place, reason: "the credential names a member by an IRI (\(key.prefix(120)), at \(path.isEmpty ? "the top" : path)) instead of a term, which can hide signed data from a reader of the JSON; only plain credentials are read")
        }
        func check(_ object: JSONObject, _ path: String, top: Bool) -> UnplainStructure? {
            for (key, value) in object {
                if key == "@context" {
                    if top ? !urls(value) : !alreadyInForce(value) { return problem(path, key) }
                    continue
                }
                if key.hasPrefix("@") ? !plainKeywords.contains(key) : key.contains(":") { return problem(path, key) }
                if let found = search(value, path.isEmpty ? key : path + "." + key) { return found }
            }
            return nil
        }
        func search(_ value: JSONValue, _ path: String) -> UnplainStructure? {
            switch value {
            case .object(let object):
                // A value object's members are literals, not more structure.
                if object["@value"] != nil { return object.keys.first { !plainKeywords.contains($0) }.map { problem(path, $0) } }
                return check(object, path, top: false)
            case .array(let items):
                for (index, item) in items.enumerated() {
                    if let found = search(item, "\(path)[\(index)]") { return found }
                }
                return nil
            default:
                return nil
            }
        }
        var top = document
        let proofs = top["proof"]
        top["proof"] = nil
        if let found = check(top, "", top: true) { return found }
        // The earlier proofs of a chain: each may name its context URLs, nothing deeper.
        for (index, proof) in (proofs?.asArray ?? []).enumerated() {
            guard case .object(var object) = proof else { continue }
            if let context = object["@context"], !urls(context) { return problem("proof[\(index)]", "@context") }
            object["@context"] = nil
            if let found = check(object, "proof[\(index)]", top: false) { return found }
        }
        return nil
    }

    /// `hash(canonical proof configuration) ‖ hash(canonical document)`: the bytes a proof signs.
    ///
    /// The proof configuration is `proofOptions` (without `proofValue`) with the document's
    /// `@context`, as every Data Integrity cryptosuite specifies.
    package static func hashData(document: JSONObject, proofOptions: JSONObject,
                                canonicalization: ProofCanonicalization, digest: Digest) throws -> [UInt8] {
        try hashData(document: document, proofOptions: proofOptions, canonicalization: canonicalization,
                     digest: digest, safeMode: true)
    }

    /// As ``hashData(document:proofOptions:canonicalization:digest:)``; a proof configuration
    /// that carries its own `@context` keeps it, and `safeMode: false` reads RDFC documents as
    /// JSON-LD processors do by default, leaving out what no context defines.
    static func hashData(document: JSONObject, proofOptions: JSONObject, canonicalization: ProofCanonicalization,
                         digest: Digest, safeMode: Bool) throws -> [UInt8] {
        var proofConfig = proofOptions
        proofConfig["proofValue"] = nil
        if proofConfig["@context"] == nil, let context = document["@context"] {
            proofConfig["@context"] = context
        }
        let configHash = try ProofConfigurationHashes.shared.hash(
            of: proofConfig, canonicalization: canonicalization, digest: digest, safeMode: safeMode) {
            digest.hash(try canonicalize(proofConfig, using: canonicalization, safeMode: safeMode))
        }
        let canonicalDocument = try canonicalize(document, using: canonicalization, safeMode: safeMode)
        return configHash + digest.hash(canonicalDocument)
    }

    /// The canonical bytes of a JSON document under `canonicalization`.
    public static func canonicalize(_ document: JSONObject, using canonicalization: ProofCanonicalization) throws -> [UInt8] {
        try canonicalize(document, using: canonicalization, safeMode: true)
    }

    static func canonicalize(_ document: JSONObject, using canonicalization: ProofCanonicalization, safeMode: Bool) throws -> [UInt8] {
        switch canonicalization {
        case .jcs:
            return try JSONValue.object(document).canonicalBytes()
        case .rdfc:
            return try LinkedDataCanonicalization.canonicalNQuads(of: document, safeMode: safeMode)
        }
    }

    private static func singleProof(of document: JSONObject) throws -> JSONObject {
        switch document["proof"] {
        case .object(let proof)?:
            return proof
        case .array(let proofs)? where proofs.count == 1:
            guard let proof = proofs[0].objectValue else {
                throw CredentialKitError(.invalidProof, "proof[0] is not an object")
            }
            return proof
        case .array?:
            throw CredentialKitError(.unsupportedProof, "the document carries a proof set or chain; Laurel verifies documents with exactly one proof")
        case nil:
            throw CredentialKitError(.invalidProof, "the document has no proof")
        default:
            throw CredentialKitError(.invalidProof, "proof is not an object")
        }
    }
}
