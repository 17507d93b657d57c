/// A public key for verifying signatures: Ed25519, ECDSA P-256 / P-384, or RSA.
///
/// Two public keys are equal when they have the same algorithm and the same key bytes.
public struct PublicKey: Sendable, Hashable {
    /// Which algorithm the key verifies.
    public let algorithm: KeyAlgorithm
    /// Ed25519's 32 bytes, an EC key's uncompressed point `04‖x‖y`, or RSA's DER `RSAPublicKey`.
    let rawRepresentation: [UInt8]
    let backing: EVPKey

    /// Wraps a public-only OpenSSL key after checking its algorithm and reading its bytes.
    init(backing: EVPKey) throws {
        let algorithm = try backing.algorithm()
        self.algorithm = algorithm
        self.rawRepresentation = try backing.rawPublicKey(for: algorithm)
        self.backing = backing
    }

    /// An Ed25519 public key from its 32 raw bytes.
    ///
    /// - Throws: `.invalidKey` unless there are exactly 32 bytes.
    public init(ed25519Raw bytes: [UInt8]) throws {
        try self.init(backing: EVPKey.ed25519(publicKey: bytes))
    }

    /// An EC public key from a compressed or uncompressed point, checked to lie on the curve.
    init(ecPoint point: [UInt8], algorithm: KeyAlgorithm) throws {
        try self.init(backing: EVPKey.ec(algorithm, publicPoint: point))
    }

    /// True when `signature` is a valid signature of `message` by this key.
    ///
    /// Signatures use the encodings ``PrivateKey/sign(_:)`` produces: 64 bytes for Ed25519, raw `r‖s`
    /// for ECDSA (64 bytes for P-256, 96 for P-384), and the modulus length for RSA. Any other length,
    /// an r or s out of range, or any failure inside OpenSSL gives false.
    public func isValidSignature(_ signature: some Collection<UInt8>, for message: some Collection<UInt8>) -> Bool {
        let nativeSignature: [UInt8]
        switch algorithm {
        case .ed25519:
            guard signature.count == 64 else { return false }
            nativeSignature = Array(signature)
        case .p256, .p384:
            guard let der = ECDSASignatureEncoding.der(fromRaw: signature, width: algorithm.coordinateByteCount) else { return false }
            nativeSignature = der
        case .rsa:
            guard signature.count == backing.rsaModulusByteCount else { return false }
            nativeSignature = Array(signature)
        }
        return nativeSignature.withUnsafeBufferPointer { signatureBuffer in
            withContiguousBytes(of: message) { messageBuffer in
                backing.isValid(signatureBuffer, for: messageBuffer, digest: algorithm.digest)
            }
        }
    }

    /// The length of this key's signatures as ``isValidSignature(_:for:)`` takes them: 64 bytes
    /// for Ed25519 and P-256 (raw `r‖s`), 96 for P-384, the modulus length for RSA.
    public var signatureByteCount: Int {
        switch algorithm {
        case .ed25519: 64
        case .p256, .p384: 2 * algorithm.coordinateByteCount
        case .rsa: backing.rsaModulusByteCount
        }
    }

    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool {
        lhs.algorithm == rhs.algorithm && lhs.rawRepresentation == rhs.rawRepresentation
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(algorithm)
        hasher.combine(rawRepresentation)
    }
}

/// Runs `body` over `bytes` as one contiguous buffer, copying only when the collection is not contiguous.
func withContiguousBytes<Result>(
    of bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
) rethrows -> Result {
    if let result = try bytes.withContiguousStorageIfAvailable(body) {
        return result
    }
    return try Array(bytes).withUnsafeBufferPointer(body)
}
