import Foundation

/// VC-JWT as Open Badges 3.0 specifies it: a compact JWS whose payload is the credential
/// itself, with the registered claims `iss`, `jti`, `nbf`, `sub` and `exp` added.
///
/// Verification accepts only the asymmetric algorithms that match the key (`EdDSA`, `ES256`,
/// `ES384`, `RS256`); `none`, the HMAC algorithms and any mismatch are refused before the
/// signature is looked at.
public enum VCJWT {
    /// The JOSE `alg` for a key type.
    public static func algorithm(for key: KeyAlgorithm) -> String {
        switch key {
        case .ed25519: "EdDSA"
        case .p256: "ES256"
        case .p384: "ES384"
        case .rsa: "RS256"
        }
    }

    /// Signs `credential` (an unsecured credential, no `proof`) as a compact JWS.
    ///
    /// - Parameters:
    ///   - credential: the credential JSON; its `issuer`, `id`, `validFrom`, `validUntil`
    ///     and `credentialSubject.id` become the registered claims.
    ///   - key: the issuer's private key.
    ///   - keyID: the verification method URL, written as the header's `kid`; nil for none.
    ///   - embedPublicKey: write the public key as the header's `jwk` (OB 3.0 §8.2 allows
    ///     both), so verifiers that do not resolve the `kid` can still check the signature.
    /// - Throws: `.invalidJWT` when neither a `kid` nor the `jwk` would name the key.
    public static func sign(_ credential: JSONObject, key: PrivateKey, keyID: String?,
                            embedPublicKey: Bool = false) throws -> String {
        guard keyID != nil || embedPublicKey else {
            throw CredentialKitError(.invalidJWT, "a VC-JWT header must name its key, by kid or jwk")
        }
        var header: JSONObject = [
            "alg": .string(algorithm(for: key.algorithm)),
            "typ": "JWT",
        ]
        if let keyID { header["kid"] = .string(keyID) }
        if embedPublicKey {
            header["jwk"] = key.publicKey.jwk
        }
        var payload = credential
        for (claim, value) in try registeredClaims(of: credential) {
            payload[claim] = value
        }
        let signingInput = Base64URL.encode(JSONValue.object(header).serializedBytes(pretty: false)) + "."
            + Base64URL.encode(JSONValue.object(payload).serializedBytes(pretty: false))
        let signature = try key.sign(Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// The registered claims OB 3.0 derives from a credential.
    static func registeredClaims(of credential: JSONObject) throws -> [(String, JSONValue)] {
        var claims: [(String, JSONValue)] = []
        guard let issuer = issuerID(of: credential) else {
            throw CredentialKitError(.invalidCredential, "the credential has no issuer id to put in the JWT's iss claim")
        }
        claims.append(("iss", .string(issuer)))
        if let id = credential["id"]?.stringValue { claims.append(("jti", .string(id))) }
        if let from = (credential["validFrom"] ?? credential["issuanceDate"])?.stringValue {
            guard let date = XSDDateTime.date(from: from) else {
                throw CredentialKitError(.invalidCredential, "validFrom \"\(from)\" is not a dateTime")
            }
            claims.append(("nbf", .number(date.timeIntervalSince1970.rounded(.down))))
        }
        if let subject = credential["credentialSubject"]?.asArray.first?["id"]?.stringValue {
            claims.append(("sub", .string(subject)))
        }
        if let until = (credential["validUntil"] ?? credential["expirationDate"])?.stringValue {
            guard let date = XSDDateTime.date(from: until) else {
                throw CredentialKitError(.invalidCredential, "validUntil \"\(until)\" is not a dateTime")
            }
            claims.append(("exp", .number(date.timeIntervalSince1970.rounded(.down))))
        }
        return claims
    }

    /// The `issuer` of a credential: a string, or the `id` of an issuer object.
    public static func issuerID(of credential: JSONObject) -> String? {
        credential["issuer"]?.stringValue ?? credential["issuer"]?["id"]?.stringValue
    }

    /// A compact JWS split into its parts, not yet verified.
    public struct UnverifiedToken: Sendable {
        public let header: JSONObject
        public let payload: JSONObject
        let signingInput: [UInt8]
        let signature: [UInt8]

        /// The header's `kid`: the verification method the issuer signed with.
        public var keyID: String? { header["kid"]?.stringValue }
        /// The header's `jwk`: the public key itself, which OB 3.0 requires when there is no `kid`.
        public var embeddedKey: JSONValue? { header["jwk"] }
        public var algorithm: String? { header["alg"]?.stringValue }
    }

    /// Whether `text` looks like a compact JWS (three base64url parts separated by dots).
    public static func looksLikeJWT(_ text: String) -> Bool {
        let parts = compactParts(text)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return parts.allSatisfy { part in
            part.utf8.allSatisfy { c in
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2d || c == 0x5f
            }
        }
    }

    /// `text` split at each `.`, by its UTF-8 bytes: a JWT's payload runs to many kilobytes, and
    /// splitting it as characters (grapheme clusters) costs more than checking its signature.
    package static func compactParts(_ text: String) -> [Substring] {
        var parts: [Substring] = []
        var start = text.utf8.startIndex
        var index = start
        while index < text.utf8.endIndex {
            if text.utf8[index] == UInt8(ascii: ".") {
                parts.append(text[start..<index])
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        parts.append(text[start..<text.utf8.endIndex])
        return parts
    }

    /// Splits and decodes a compact JWS; the header and payload must be strict JSON objects.
    public static func decode(_ token: String) throws -> UnverifiedToken {
        let parts = compactParts(token.trimmingWhitespace())
        guard parts.count == 3 else {
            throw CredentialKitError(.invalidJWT, "a JWT has three dot-separated parts; this has \(parts.count)")
        }
        func object(_ part: Substring, _ name: String) throws -> JSONObject {
            let bytes: [UInt8]
            do { bytes = try Base64URL.decode(String(part)) } catch {
                throw CredentialKitError(.invalidJWT, "the JWT \(name) is not base64url: \(error)")
            }
            let value: JSONValue
            do { value = try JSONParser.parse(bytes) } catch {
                throw CredentialKitError(.invalidJWT, "the JWT \(name) is not valid JSON: \(error)")
            }
            guard let object = value.objectValue else {
                throw CredentialKitError(.invalidJWT, "the JWT \(name) is not a JSON object")
            }
            return object
        }
        let header = try object(parts[0], "header")
        let payload = try object(parts[1], "payload")
        let signature: [UInt8]
        do { signature = try Base64URL.decode(String(parts[2])) } catch {
            throw CredentialKitError(.invalidJWT, "the JWT signature is not base64url")
        }
        return UnverifiedToken(header: header, payload: payload,
                               signingInput: Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8),
                               signature: signature)
    }

    /// The `alg` values Laurel verifies.
    public static let supportedAlgorithms: [String] = ["EdDSA", "ES256", "ES384", "RS256"]

    /// Checks a token's algorithm against `key` and its signature.
    ///
    /// - Returns: true when the signature is valid.
    /// - Throws: ``CredentialKitError/Code/invalidJWT`` for `alg: none`, an HMAC algorithm, or
    ///   an algorithm that does not match the key;
    ///   ``CredentialKitError/Code/unsupportedProof`` for an asymmetric algorithm Laurel does
    ///   not verify (RS384, PS256, ES512 …) or a `crit` header; ``CredentialKitError/Code/invalidSignatureEncoding``
    ///   for a signature of the wrong length for the key.
    public static func verifySignature(of token: UnverifiedToken, key: PublicKey) throws -> Bool {
        guard let alg = token.algorithm else {
            throw CredentialKitError(.invalidJWT, "the JWT header has no alg")
        }
        if alg.lowercased() == "none" {
            throw CredentialKitError(.invalidJWT, "the JWT is unsigned (alg: none); Laurel never accepts unsigned tokens")
        }
        if alg.uppercased().hasPrefix("HS") {
            throw CredentialKitError(.invalidJWT, "the JWT uses \(alg), a shared-secret algorithm; credentials must be signed with the issuer's public-key algorithm")
        }
        guard supportedAlgorithms.contains(alg) else {
            throw CredentialKitError(.unsupportedProof, "the JWT is signed with \(alg), which Laurel does not verify (it verifies \(supportedAlgorithms.joined(separator: ", ")))")
        }
        let expected = algorithm(for: key.algorithm)
        guard alg == expected else {
            throw CredentialKitError(.invalidJWT, "the JWT says alg \(alg) but the issuer's key is \(key.algorithm.rawValue), which signs \(expected)")
        }
        if token.header["crit"] != nil {
            throw CredentialKitError(.unsupportedProof, "the JWT header has critical extensions (crit) Laurel does not understand")
        }
        guard token.signature.count == key.signatureByteCount else {
            throw CredentialKitError(.invalidSignatureEncoding,
                "the JWT signature holds \(token.signature.count) bytes, but a \(alg) signature with this key is \(key.signatureByteCount): it is cut short or padded, so it cannot be checked")
        }
        return key.isValidSignature(token.signature, for: token.signingInput)
    }

    /// The registered JWT claims, which are not part of the credential itself.
    static let registeredClaimNames: Set<String> = ["iss", "jti", "nbf", "sub", "exp", "iat", "aud"]

    /// The credential a VC-JWT payload carries: the payload without the registered JWT claims
    /// (or the `vc` claim of a VCDM 1.1-style token).
    public static func credential(from token: UnverifiedToken) -> JSONObject {
        if let vc = token.payload["vc"]?.objectValue, token.payload["credentialSubject"] == nil {
            return vc
        }
        var credential = token.payload
        for name in registeredClaimNames { credential[name] = nil }
        return credential
    }

    /// Checks that the registered claims agree with the credential they carry.
    ///
    /// A token in the OB 3.0 shape (the credential in a `vc` claim) must name its issuer in `iss`;
    /// one in the VC-JOSE-COSE shape (`typ` `vc+jwt`, the credential as the payload) names it in
    /// the credential and may leave `iss` out.
    ///
    /// - Throws: ``CredentialKitError/Code/invalidJWT`` when `iss` is missing from an OB 3.0
    ///   token, or when `iss`, `jti`, `nbf` or `exp` contradict the credential's own members.
    public static func checkRegisteredClaims(of token: UnverifiedToken) throws {
        guard token.payload["iss"] != nil || token.payload["vc"] == nil else {
            throw CredentialKitError(.invalidJWT, "the JWT has no iss claim")
        }
        for (name, expected) in try registeredClaims(of: credential(from: token)) where name != "sub" {
            if let actual = token.payload[name], actual != expected {
                throw CredentialKitError(.invalidJWT,
                    "the JWT claim \(name) (\(actual.serialized())) contradicts the credential (\(expected.serialized()))")
            }
        }
    }
}
