internal import COpenSSL

/// The single owner of one OpenSSL `EVP_PKEY`, freed when this object goes away.
///
/// Laurel never mutates an `EVP_PKEY` after building it, and OpenSSL 3 allows one
/// unchanging key to be used for signing and verifying on many threads at once, as long
/// as each operation has its own `EVP_MD_CTX` (which ``sign(_:digest:)`` and
/// ``isValid(_:for:digest:)`` create per call). That is why the class is `Sendable`.
final class EVPKey: @unchecked Sendable {
    /// The owned `EVP_PKEY *`; borrow it only for the duration of a call.
    let pointer: OpaquePointer

    /// Takes over one reference to `pointer`: this object calls `EVP_PKEY_free` on it once.
    ///
    /// To share a key that something else owns, call `EVP_PKEY_up_ref` first.
    init(takingOwnershipOf pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// Which of Laurel's algorithms this key is for.
    ///
    /// - Throws: `.unsupportedKeyType` naming the key type when it is not Ed25519, P-256, P-384
    ///   or RSA with a 2048 to 4096 bit modulus.
    func algorithm() throws -> KeyAlgorithm {
        if EVP_PKEY_is_a(pointer, "ED25519") == 1 { return .ed25519 }
        if EVP_PKEY_is_a(pointer, "EC") == 1 {
            let group = groupName()
            switch group {
            case "prime256v1", "P-256": return .p256
            case "secp384r1", "P-384": return .p384
            default:
                throw CredentialKitError(.unsupportedKeyType, "the EC key is on curve \(group ?? "(unnamed)"); only P-256 and P-384 are supported")
            }
        }
        if EVP_PKEY_is_a(pointer, "RSA") == 1 {
            let bits = Int(EVP_PKEY_get_bits(pointer))
            guard KeyAlgorithm.acceptedRSABits.contains(bits) else {
                throw CredentialKitError(.unsupportedKeyType, "the RSA key has a \(bits)-bit modulus; only 2048 to 4096 bits are supported")
            }
            return .rsa
        }
        let name = EVP_PKEY_get0_type_name(pointer).map { String(cString: $0) } ?? "unknown"
        throw CredentialKitError(.unsupportedKeyType, "the key is of type \(name); only Ed25519, P-256, P-384 and RSA are supported")
    }

    /// The EC group name OpenSSL reports ("prime256v1"), or nil when it has none.
    private func groupName() -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_utf8_string_param(pointer, OSSL_PKEY_PARAM_GROUP_NAME, &buffer, buffer.count, &length) == 1 else {
            OpenSSLErrorQueue.discard()
            return nil
        }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The size in bytes of the modulus of an RSA key (also its signature length).
    var rsaModulusByteCount: Int { (Int(EVP_PKEY_get_bits(pointer)) + 7) / 8 }

    /// The public key as Laurel compares and encodes it: Ed25519's 32 raw bytes, an EC key's
    /// uncompressed point `04‖x‖y`, or RSA's DER `RSAPublicKey` (PKCS #1).
    func rawPublicKey(for algorithm: KeyAlgorithm) throws -> [UInt8] {
        switch algorithm {
        case .ed25519:
            var out = [UInt8](repeating: 0, count: 32)
            var length = out.count
            guard EVP_PKEY_get_raw_public_key(pointer, &out, &length) == 1, length == 32 else {
                throw CredentialKitError.openSSL("reading the Ed25519 public key bytes")
            }
            return out
        case .p256, .p384:
            let width = algorithm.coordinateByteCount
            let x = try bigNumberParameter(OSSL_PKEY_PARAM_EC_PUB_X, width: width)
            let y = try bigNumberParameter(OSSL_PKEY_PARAM_EC_PUB_Y, width: width)
            return [0x04] + x + y
        case .rsa:
            let length = i2d_PublicKey(pointer, nil)
            guard length > 0 else { throw CredentialKitError.openSSL("measuring the RSA public key's DER encoding") }
            var out = [UInt8](repeating: 0, count: Int(length))
            let written = out.withUnsafeMutableBufferPointer { buffer -> Int32 in
                var cursor = buffer.baseAddress
                return i2d_PublicKey(pointer, &cursor)
            }
            guard written == length else { throw CredentialKitError.openSSL("DER-encoding the RSA public key") }
            return out
        }
    }

    /// An RSA key's modulus and public exponent, big-endian without leading zeros.
    func rsaComponents() throws -> (modulus: [UInt8], exponent: [UInt8]) {
        (try bigNumberParameter(OSSL_PKEY_PARAM_RSA_N, width: nil),
         try bigNumberParameter(OSSL_PKEY_PARAM_RSA_E, width: nil))
    }

    /// A `BIGNUM` key parameter as big-endian bytes: `width` bytes when given, else minimal.
    private func bigNumberParameter(_ name: String, width: Int?) throws -> [UInt8] {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pointer, name, &number) == 1, let number else {
            throw CredentialKitError.openSSL("reading the key parameter \"\(name)\"")
        }
        defer { BN_free(number) }
        guard let width else { return BigNumberBytes.minimal(number) }
        guard let bytes = BigNumberBytes.fixedWidth(number, width: width) else {
            throw CredentialKitError(.invalidKey, "the key parameter \"\(name)\" is longer than \(width) bytes")
        }
        return bytes
    }
}
