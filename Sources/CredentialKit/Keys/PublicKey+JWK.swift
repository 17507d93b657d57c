/// JSON Web Key (RFC 7517/7518, RFC 8037) form of a public key.
extension PublicKey {
    /// A public key from a JWK: `OKP`/`Ed25519`, `EC`/`P-256`, `EC`/`P-384`, or `RSA` (`n`, `e`).
    ///
    /// Private members such as "d" are ignored, never required.
    ///
    /// - Throws: `.unsupportedKeyType` for another EC or OKP curve (P-521, Ed448 …); `.invalidKey`
    ///   for another `kty`, a missing or malformed member, or a point off the curve.
    public init(jwk: JSONValue) throws {
        guard case .object(let members) = jwk else {
            throw CredentialKitError(.invalidKey, "a JWK is a JSON object")
        }
        func member(_ name: String) throws -> [UInt8] {
            guard let value = members[name] else {
                throw CredentialKitError(.invalidKey, "the JWK has no \"\(name)\" member")
            }
            guard case .string(let text) = value else {
                throw CredentialKitError(.invalidKey, "the JWK member \"\(name)\" is not a string")
            }
            do {
                return try Base64URL.decode(text)
            } catch let error as CredentialKitError {
                throw CredentialKitError(.invalidKey, "the JWK member \"\(name)\": \(error.reason)")
            }
        }
        let keyType = members["kty"]?.stringValue
        let curve = members["crv"]?.stringValue
        switch (keyType, curve) {
        case ("OKP", "Ed25519"):
            try self.init(ed25519Raw: try member("x"))
        case ("EC", "P-256"), ("EC", "P-384"):
            let algorithm: KeyAlgorithm = curve == "P-256" ? .p256 : .p384
            let width = algorithm.coordinateByteCount
            let x = try member("x"), y = try member("y")
            guard x.count == width, y.count == width else {
                throw CredentialKitError(.invalidKey, "the \(algorithm.displayName) JWK coordinates must be \(width) bytes each, but x is \(x.count) and y is \(y.count)")
            }
            try self.init(ecPoint: [0x04] + x + y, algorithm: algorithm)
        case ("RSA", _):
            try self.init(backing: EVPKey.rsa(modulus: try member("n"), exponent: try member("e")))
        case ("EC", _?), ("OKP", _?):
            throw CredentialKitError(.unsupportedKeyType, "the JWK is a \(keyType ?? "") key on \(curve ?? ""), which Laurel does not verify (it verifies OKP/Ed25519, EC/P-256, EC/P-384 and RSA)")
        default:
            throw CredentialKitError(.invalidKey, "the JWK has kty \(keyType.map { "\"\($0)\"" } ?? "missing") and crv \(curve.map { "\"\($0)\"" } ?? "missing"); supported are OKP/Ed25519, EC/P-256, EC/P-384 and RSA")
        }
    }

    /// The key as a public JWK, members in lexicographic order (ready for an RFC 7638 thumbprint).
    public var jwk: JSONValue {
        switch algorithm {
        case .ed25519:
            return .object(["crv": "Ed25519", "kty": "OKP", "x": .string(Base64URL.encode(rawRepresentation))])
        case .p256, .p384:
            let width = algorithm.coordinateByteCount
            return .object([
                "crv": .string(algorithm.displayName),
                "kty": "EC",
                "x": .string(Base64URL.encode(rawRepresentation[1...width])),
                "y": .string(Base64URL.encode(rawRepresentation[(1 + width)...])),
            ])
        case .rsa:
            do {
                let (modulus, exponent) = try backing.rsaComponents()
                return .object(["e": .string(Base64URL.encode(exponent)), "kty": "RSA", "n": .string(Base64URL.encode(modulus))])
            } catch {
                // Reading n and e from a key OpenSSL already holds fails only when memory runs out.
                preconditionFailure("reading the RSA modulus and exponent failed: \(error)")
            }
        }
    }
}
