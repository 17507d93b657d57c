/// The Data Integrity cryptosuites Laurel signs and verifies.
public enum Cryptosuite: String, Sendable, Hashable, CaseIterable, Codable {
    /// EdDSA over RDFC-1.0 canonical N-Quads: the proof OB 3.0 certification accepts, and Laurel's default.
    case eddsaRdfc2022 = "eddsa-rdfc-2022"
    /// EdDSA over RFC 8785 (JCS) canonical JSON.
    case eddsaJcs2022 = "eddsa-jcs-2022"
    /// ECDSA (P-256 with SHA-256, P-384 with SHA-384) over RDFC-1.0 canonical N-Quads.
    case ecdsaRdfc2019 = "ecdsa-rdfc-2019"
    /// ECDSA (P-256, P-384) over JCS canonical JSON.
    case ecdsaJcs2019 = "ecdsa-jcs-2019"

    /// How the suite turns a JSON document into bytes to hash.
    public var canonicalization: ProofCanonicalization {
        switch self {
        case .eddsaRdfc2022, .ecdsaRdfc2019: .rdfc
        case .eddsaJcs2022, .ecdsaJcs2019: .jcs
        }
    }

    /// The key types a proof of this suite can be made with.
    public var keyAlgorithms: Set<KeyAlgorithm> {
        switch self {
        case .eddsaRdfc2022, .eddsaJcs2022: [.ed25519]
        case .ecdsaRdfc2019, .ecdsaJcs2019: [.p256, .p384]
        }
    }

    /// The hash for a key: SHA-384 for P-384 keys, SHA-256 otherwise (as the suites specify).
    func digest(for algorithm: KeyAlgorithm) -> Digest {
        algorithm == .p384 ? .sha384 : .sha256
    }
}

/// A way to canonicalize a JSON document before hashing it.
public enum ProofCanonicalization: String, Sendable {
    /// RFC 8785 JSON Canonicalization Scheme.
    case jcs
    /// JSON-LD expansion to RDF, then RDF Dataset Canonicalization (RDFC-1.0), as canonical N-Quads.
    case rdfc
}
