/// A private key for signing: Ed25519, ECDSA P-256 / P-384, or RSA.
public struct PrivateKey: Sendable {
    /// Which algorithm the key signs with.
    public let algorithm: KeyAlgorithm
    /// The matching public key (a separate, public-only OpenSSL key).
    public let publicKey: PublicKey
    let backing: EVPKey

    /// Wraps a private OpenSSL key after checking its algorithm, and derives its public key.
    init(backing: EVPKey) throws {
        let algorithm = try backing.algorithm()
        let raw = try backing.rawPublicKey(for: algorithm)
        self.algorithm = algorithm
        self.backing = backing
        switch algorithm {
        case .ed25519:
            self.publicKey = try PublicKey(ed25519Raw: raw)
        case .p256, .p384:
            self.publicKey = try PublicKey(ecPoint: raw, algorithm: algorithm)
        case .rsa:
            self.publicKey = try PublicKey(backing: EVPKey.rsa(pkcs1PublicKeyDER: raw))
        }
    }

    /// A new random key.
    ///
    /// - Parameter rsaBits: the modulus size for RSA: 2048 or 3072. Ignored for other algorithms.
    /// - Throws: `.unsupportedKeyType` for another RSA size; `.openSSLFailure` if generation fails.
    public static func generate(_ algorithm: KeyAlgorithm, rsaBits: Int = 2048) throws -> PrivateKey {
        if algorithm == .rsa, rsaBits != 2048, rsaBits != 3072 {
            throw CredentialKitError(.unsupportedKeyType, "RSA keys are generated with 2048 or 3072 bits, not \(rsaBits)")
        }
        return try PrivateKey(backing: EVPKey.generate(algorithm, rsaBits: rsaBits))
    }

    /// An Ed25519 key from its 32-byte seed (the RFC 8032 secret key).
    ///
    /// - Throws: `.invalidKey` unless the seed is exactly 32 bytes.
    public init(ed25519Seed seed: [UInt8]) throws {
        try self.init(backing: EVPKey.ed25519(seed: seed))
    }

    /// Signs `message`.
    ///
    /// - Returns: for Ed25519, the 64-byte pure Ed25519 signature; for P-256 and P-384, ECDSA over
    ///   SHA-256 / SHA-384 as raw `r‖s` (64 / 96 bytes, IEEE P1363); for RSA, RSASSA-PKCS1-v1_5 with SHA-256.
    /// - Throws: `.openSSLFailure` when OpenSSL fails.
    public func sign(_ message: some Collection<UInt8>) throws -> [UInt8] {
        let native = try withContiguousBytes(of: message) { buffer in
            try backing.sign(buffer, digest: algorithm.digest)
        }
        switch algorithm {
        case .ed25519, .rsa:
            return native
        case .p256, .p384:
            return try ECDSASignatureEncoding.raw(fromDER: native, width: algorithm.coordinateByteCount)
        }
    }
}
