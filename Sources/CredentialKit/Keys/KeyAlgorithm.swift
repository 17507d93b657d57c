/// The signature algorithms Laurel issues and verifies with.
public enum KeyAlgorithm: String, Sendable, CaseIterable, Codable {
    /// Ed25519 (pure EdDSA, RFC 8032).
    case ed25519
    /// ECDSA on NIST P-256 with SHA-256.
    case p256
    /// ECDSA on NIST P-384 with SHA-384.
    case p384
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    case rsa
}

extension KeyAlgorithm {
    /// RSA modulus sizes accepted for loaded keys; generated keys are 2048 or 3072 bits.
    static let acceptedRSABits = 2048...4096

    /// The digest signed messages go through; nil for Ed25519, which hashes internally.
    var digest: Digest? {
        switch self {
        case .ed25519: nil
        case .p256, .rsa: .sha256
        case .p384: .sha384
        }
    }

    /// The byte length of one EC coordinate or scalar (32 for P-256, 48 for P-384); 32 for Ed25519.
    var coordinateByteCount: Int {
        self == .p384 ? 48 : 32
    }

    /// OpenSSL's name for the curve of P-256 or P-384, as a C string that lives for the whole program.
    var openSSLGroupName: StaticString {
        self == .p384 ? "secp384r1" : "prime256v1"
    }

    /// The name people use for the algorithm in messages ("P-256").
    var displayName: String {
        switch self {
        case .ed25519: "Ed25519"
        case .p256: "P-256"
        case .p384: "P-384"
        case .rsa: "RSA"
        }
    }
}
