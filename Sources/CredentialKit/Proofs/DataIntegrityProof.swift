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

        if canonicalization == .rdfc, let place = embeddedContext(in: document) {
            throw CredentialKitError(.embeddedContext,
                place.hasSuffix("@index")
                    ? "the credential carries an @index (at \(place)), which an RDFC signature does not cover"
                    : "the credential defines terms of its own in an embedded @context (at \(place)); an RDFC signature covers what the terms mean, which such a context can make differ from what the JSON shows, so only credentials whose @context is a list of published context URLs at the top are read")
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

    /// Where `document` carries an `@context` other than a list of URLs at its top, or inside it
    /// one that names anything but those same URLs (as a credential embedded in it, an
    /// endorsement say, names them again); or an `@index`. A path, or nil when there is none.
    ///
    /// A context inside a document, or one given as an object, can redefine what a term means
    /// (a full-IRI `type` even escapes the type-scoped context that protects it), so that the
    /// linked data an RDFC signature covers says something other than the JSON a reader sees.
    package static func embeddedContext(in document: JSONObject) -> String? {
        func urls(_ value: JSONValue) -> Bool {
            value.stringValue != nil || (value.arrayValue?.allSatisfy { $0.stringValue != nil } ?? false)
        }
        let inForce = Set(document["@context"]?.asArray.compactMap(\.stringValue) ?? [])
        func alreadyInForce(_ value: JSONValue) -> Bool {
            urls(value) && value.asArray.allSatisfy { $0.stringValue.map(inForce.contains) == true }
        }
        func search(_ value: JSONValue, _ path: String) -> String? {
            switch value {
            case .object(let object):
                if let context = object["@context"], !alreadyInForce(context) { return path.isEmpty ? "@context" : path + ".@context" }
                // An index is JSON-LD that makes no RDF: nothing a signature covers.
                if object["@index"] != nil { return path.isEmpty ? "@index" : path + ".@index" }
                for (key, member) in object {
                    if let found = search(member, path.isEmpty ? key : path + "." + key) { return found }
                }
                return nil
            case .array(let items):
                for (index, item) in items.enumerated() {
                    if let found = search(item, "\(path)[\(index)]") { return found }
                }
                return nil
            default:
                return nil
            }
        }
        if let top = document["@context"], !urls(top) { return "@context" }
        for (key, member) in document where key != "@context" {
            if key == "proof" {
                // The earlier proofs of a chain: each may name its context URLs, nothing deeper.
                for (index, proof) in member.asArray.enumerated() {
                    guard case .object(var object) = proof else { continue }
                    if let context = object["@context"], !urls(context) { return "proof[\(index)].@context" }
                    object["@context"] = nil
                    if let found = search(.object(object), "proof[\(index)]") { return found }
                }
                continue
            }
            if let found = search(member, key) { return found }
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
