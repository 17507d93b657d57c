import Foundation

/// How a credential is secured: an embedded Data Integrity proof or an enveloping VC-JWT.
public enum ProofFormat: String, Codable, Sendable, Hashable, CaseIterable {
    case eddsaRdfc2022 = "eddsa-rdfc-2022"
    case eddsaJcs2022 = "eddsa-jcs-2022"
    case ecdsaRdfc2019 = "ecdsa-rdfc-2019"
    case ecdsaJcs2019 = "ecdsa-jcs-2019"
    case jwt

    /// The Data Integrity cryptosuite, or nil for a VC-JWT.
    public var cryptosuite: Cryptosuite? { Cryptosuite(rawValue: rawValue) }

    /// The key types that can make this proof.
    public var keyAlgorithms: Set<KeyAlgorithm> {
        cryptosuite?.keyAlgorithms ?? Set(KeyAlgorithm.allCases)
    }

    /// The file extension for a credential in this format.
    public var fileExtension: String { self == .jwt ? "jwt" : "json" }

    /// Secures `document` (an unsecured credential or status list, without `proof`) with `key`,
    /// returning the bytes of its file: pretty-printed JSON with an embedded Data Integrity proof,
    /// or the compact VC-JWT on one line.
    ///
    /// A VC-JWT's header carries the public key as `jwk` beside its `kid` (OB 3.0 §8.2 allows
    /// both), so verifiers that resolve no DIDs can check it; an RSA did:key's `kid` would repeat
    /// the whole key (hundreds of characters, past common header limits), so there the `jwk`
    /// alone names the key.
    ///
    /// - Parameter created: the proof's creation time, written to the whole second.
    /// - Throws: ``CredentialKitError`` when the key does not suit the format or the document
    ///   cannot be canonicalized.
    public func secure(_ document: JSONObject, key: PrivateKey, verificationMethod: String, created: Date) throws -> [UInt8] {
        if let suite = cryptosuite {
            let options = DataIntegrity.ProofOptions(
                cryptosuite: suite, verificationMethod: verificationMethod,
                created: Date(timeIntervalSince1970: created.timeIntervalSince1970.rounded(.down)))
            return JSONValue.object(try DataIntegrity.sign(document, options: options, key: key)).serializedBytes(pretty: true) + [0x0a]
        }
        let kidRepeatsKey = key.algorithm == .rsa && verificationMethod.hasPrefix("did:key:")
        return Array(try VCJWT.sign(document, key: key, keyID: kidRepeatsKey ? nil : verificationMethod,
                                    embedPublicKey: true).utf8) + [0x0a]
    }

    /// Secures `document` as ``secure(_:key:verificationMethod:created:)`` does, and checks what
    /// it made: the bytes read back are exactly the document that was signed, and the signature is
    /// valid for `key`'s public half — for a Data Integrity proof over the very hash data that was
    /// signed (the canonicalization is not run twice), for a VC-JWT over the token.
    ///
    /// - Returns: the file's bytes and the secured credential's JSON (a JWT's payload credential).
    /// - Throws: ``CredentialKitError`` `.invalidProof` when the check fails (it never should).
    public func secureAndCheck(_ document: JSONObject, key: PrivateKey, verificationMethod: String,
                               created: Date) throws -> (contents: [UInt8], credential: JSONObject) {
        guard let suite = cryptosuite else {
            let contents = try secure(document, key: key, verificationMethod: verificationMethod, created: created)
            guard let credential = try verifiedCredential(in: contents, key: key.publicKey) else {
                throw CredentialKitError(.invalidProof, "internal check failed: the new token's signature does not verify")
            }
            return (contents, credential)
        }
        let options = DataIntegrity.ProofOptions(
            cryptosuite: suite, verificationMethod: verificationMethod,
            created: Date(timeIntervalSince1970: created.timeIntervalSince1970.rounded(.down)))
        let (secured, hashData, signature) = try DataIntegrity.signReturningHash(document, options: options, key: key)
        let contents = JSONValue.object(secured).serializedBytes(pretty: true) + [0x0a]
        guard key.publicKey.isValidSignature(signature, for: hashData),
              try JSONParser.parse(contents) == .object(secured) else {
            throw CredentialKitError(.invalidProof, "internal check failed: the new document does not read back as what was signed")
        }
        return (contents, secured)
    }

    /// Checks the signature of a file ``secure(_:key:verificationMethod:created:)`` made, with `key`.
    ///
    /// - Returns: the credential's JSON (for a VC-JWT, the credential its payload carries) when
    ///   the signature is valid, else nil.
    /// - Throws: ``CredentialKitError`` when the bytes are not this format or cannot be checked.
    public func verifiedCredential(in contents: [UInt8], key: PublicKey) throws -> JSONObject? {
        if cryptosuite != nil {
            guard let credential = try JSONParser.parse(contents).objectValue else {
                throw CredentialKitError(.invalidCredential, "the secured document is not a JSON object")
            }
            return try DataIntegrity.verify(credential, key: key) ? credential : nil
        }
        let token = try VCJWT.decode(String(decoding: contents, as: UTF8.self))
        return try VCJWT.verifySignature(of: token, key: key) ? VCJWT.credential(from: token) : nil
    }

    /// The natural default for a key type: the RDFC suite of its family, or a JWT for RSA.
    public static func preferred(for algorithm: KeyAlgorithm) -> ProofFormat {
        switch algorithm {
        case .ed25519: .eddsaRdfc2022
        case .p256, .p384: .ecdsaRdfc2019
        case .rsa: .jwt
        }
    }
}
