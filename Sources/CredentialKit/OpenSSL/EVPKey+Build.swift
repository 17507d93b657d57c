internal import COpenSSL

/// Building keys from raw material. Every function checks sizes before handing bytes to OpenSSL.
extension EVPKey {
    /// A new random key.
    static func generate(_ algorithm: KeyAlgorithm, rsaBits: Int) throws -> EVPKey {
        let typeName = algorithm == .ed25519 ? "ED25519" : (algorithm == .rsa ? "RSA" : "EC")
        return try OpenSSLTemporary.withKeyContext(named: typeName) { context in
            guard EVP_PKEY_keygen_init(context) == 1 else {
                throw CredentialKitError.openSSL("starting \(algorithm.displayName) key generation")
            }
            switch algorithm {
            case .ed25519:
                break
            case .p256, .p384:
                guard EVP_PKEY_CTX_set_group_name(context, algorithm.openSSLGroupName.cString) == 1 else {
                    throw CredentialKitError.openSSL("choosing the curve \(algorithm.displayName)")
                }
            case .rsa:
                guard COpenSSL_EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(rsaBits)) == 1 else {
                    throw CredentialKitError.openSSL("choosing a \(rsaBits)-bit RSA modulus")
                }
            }
            var key: OpaquePointer?
            guard EVP_PKEY_generate(context, &key) == 1, let key else {
                throw CredentialKitError.openSSL("generating a \(algorithm.displayName) key")
            }
            return EVPKey(takingOwnershipOf: key)
        }
    }

    /// An Ed25519 private key from its 32-byte seed (RFC 8032 "secret key").
    static func ed25519(seed: [UInt8]) throws -> EVPKey {
        guard seed.count == 32 else {
            throw CredentialKitError(.invalidKey, "an Ed25519 seed is 32 bytes, but \(seed.count) were given")
        }
        guard let key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, seed.count) else {
            throw CredentialKitError.openSSL(.invalidKey, "loading the Ed25519 seed")
        }
        return EVPKey(takingOwnershipOf: key)
    }

    /// An Ed25519 public key from its 32 bytes.
    static func ed25519(publicKey: [UInt8]) throws -> EVPKey {
        guard publicKey.count == 32 else {
            throw CredentialKitError(.invalidKey, "an Ed25519 public key is 32 bytes, but \(publicKey.count) were given")
        }
        guard let key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, publicKey, publicKey.count) else {
            throw CredentialKitError.openSSL(.invalidKey, "loading the Ed25519 public key")
        }
        return EVPKey(takingOwnershipOf: key)
    }

    /// An EC private key from its big-endian secret scalar, which must be in 1..<n.
    static func ec(_ algorithm: KeyAlgorithm, privateScalar scalar: [UInt8]) throws -> EVPKey {
        let width = algorithm.coordinateByteCount
        guard scalar.count == width else {
            throw CredentialKitError(.invalidKey, "a \(algorithm.displayName) secret scalar is \(width) bytes, but \(scalar.count) were given")
        }
        return try OpenSSLTemporary.withBigNumber(scalar) { secret in
            let point = try ecPublicPoint(algorithm, secret: secret)
            return try point.withUnsafeBytes { pointBytes in
                try fromData(typeName: "EC", selection: COpenSSL_EVP_PKEY_KEYPAIR(), what: "the \(algorithm.displayName) private key") { builder in
                    OSSL_PARAM_BLD_push_utf8_string(builder, ParameterName.group.cString, algorithm.openSSLGroupName.cString, 0) == 1
                        && OSSL_PARAM_BLD_push_BN(builder, ParameterName.privateKey.cString, secret) == 1
                        && OSSL_PARAM_BLD_push_octet_string(builder, ParameterName.publicKey.cString, pointBytes.baseAddress, pointBytes.count) == 1
                }
            }
        }
    }

    /// `secret`·G as an uncompressed point, after checking 0 < secret < n.
    private static func ecPublicPoint(_ algorithm: KeyAlgorithm, secret: OpaquePointer) throws -> [UInt8] {
        let nid = algorithm == .p384 ? NID_secp384r1 : NID_X9_62_prime256v1
        guard let group = EC_GROUP_new_by_curve_name(nid) else {
            throw CredentialKitError.openSSL("loading the curve \(algorithm.displayName)")
        }
        defer { EC_GROUP_free(group) }
        guard let order = EC_GROUP_get0_order(group) else {
            throw CredentialKitError.openSSL("reading the order of \(algorithm.displayName)")
        }
        guard BN_is_zero(secret) == 0, BN_cmp(secret, order) < 0 else {
            throw CredentialKitError(.invalidKey, "the \(algorithm.displayName) secret scalar is zero or not below the group order")
        }
        guard let point = EC_POINT_new(group) else {
            throw CredentialKitError.openSSL("allocating an EC point")
        }
        defer { EC_POINT_free(point) }
        guard EC_POINT_mul(group, point, secret, nil, nil, nil) == 1 else {
            throw CredentialKitError.openSSL("computing the \(algorithm.displayName) public point")
        }
        var out = [UInt8](repeating: 0, count: 1 + 2 * algorithm.coordinateByteCount)
        let written = EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, &out, out.count, nil)
        guard written == out.count else {
            throw CredentialKitError.openSSL("encoding the \(algorithm.displayName) public point")
        }
        return out
    }

    /// An EC public key from an encoded point (compressed `02/03‖x` or uncompressed `04‖x‖y`),
    /// checked to be on the curve and not the point at infinity.
    static func ec(_ algorithm: KeyAlgorithm, publicPoint point: [UInt8]) throws -> EVPKey {
        let width = algorithm.coordinateByteCount
        let validShape = (point.count == 1 + width && (point.first == 0x02 || point.first == 0x03))
            || (point.count == 1 + 2 * width && point.first == 0x04)
        guard validShape else {
            throw CredentialKitError(.invalidKey, "a \(algorithm.displayName) point is 02/03 + \(width) bytes or 04 + \(2 * width) bytes, but \(point.count) bytes starting \(Hex.encode(point.prefix(1))) were given")
        }
        let key = try point.withUnsafeBytes { pointBytes in
            try fromData(typeName: "EC", selection: COpenSSL_EVP_PKEY_PUBLIC_KEY(), what: "the \(algorithm.displayName) public point") { builder in
                OSSL_PARAM_BLD_push_utf8_string(builder, ParameterName.group.cString, algorithm.openSSLGroupName.cString, 0) == 1
                    && OSSL_PARAM_BLD_push_octet_string(builder, ParameterName.publicKey.cString, pointBytes.baseAddress, pointBytes.count) == 1
            }
        }
        try key.checkPublicKey(what: "the \(algorithm.displayName) public point")
        return key
    }

    /// An RSA public key from its modulus and exponent (big-endian, unsigned).
    static func rsa(modulus: [UInt8], exponent: [UInt8]) throws -> EVPKey {
        let modulus = Array(modulus.drop { $0 == 0 })
        let exponent = Array(exponent.drop { $0 == 0 })
        let bits = modulus.isEmpty ? 0 : modulus.count * 8 - modulus[0].leadingZeroBitCount
        guard KeyAlgorithm.acceptedRSABits.contains(bits) else {
            throw CredentialKitError(.invalidKey, "the RSA modulus has \(bits) bits; 2048 to 4096 are accepted")
        }
        guard (1...8).contains(exponent.count), let last = exponent.last, last & 1 == 1, exponent != [1] else {
            throw CredentialKitError(.invalidKey, "the RSA public exponent must be an odd number above 1 of at most 8 bytes")
        }
        let key = try OpenSSLTemporary.withBigNumber(modulus) { n in
            try OpenSSLTemporary.withBigNumber(exponent) { e in
                try fromData(typeName: "RSA", selection: COpenSSL_EVP_PKEY_PUBLIC_KEY(), what: "the RSA public key") { builder in
                    OSSL_PARAM_BLD_push_BN(builder, ParameterName.rsaModulus.cString, n) == 1
                        && OSSL_PARAM_BLD_push_BN(builder, ParameterName.rsaExponent.cString, e) == 1
                }
            }
        }
        return key
    }

    /// An RSA public key from its DER `RSAPublicKey` (PKCS #1), which must be consumed exactly.
    static func rsa(pkcs1PublicKeyDER der: [UInt8]) throws -> EVPKey {
        guard !der.isEmpty, der.count <= 4096 else {
            throw CredentialKitError(.invalidKey, "an RSA public key's DER is 1 to 4096 bytes, but \(der.count) were given")
        }
        let (key, consumed) = der.withUnsafeBufferPointer { buffer -> (OpaquePointer?, Int) in
            guard let start = buffer.baseAddress else { return (nil, 0) }
            var cursor: UnsafePointer<UInt8>? = start
            let key = d2i_PublicKey(EVP_PKEY_RSA, nil, &cursor, buffer.count)
            return (key, cursor.map { $0 - start } ?? 0)
        }
        guard let key else {
            throw CredentialKitError.openSSL(.invalidKey, "the bytes are not a DER RSAPublicKey")
        }
        let owned = EVPKey(takingOwnershipOf: key)
        guard consumed == der.count else {
            throw CredentialKitError(.invalidKey, "the DER RSAPublicKey is followed by \(der.count - consumed) extra bytes")
        }
        let (modulus, exponent) = try owned.rsaComponents()
        return try rsa(modulus: modulus, exponent: exponent)
    }

    /// Runs OpenSSL's public-key check (on the curve, not infinity, right order for EC).
    func checkPublicKey(what: String) throws {
        try OpenSSLTemporary.withKeyContext(for: pointer) { context in
            guard EVP_PKEY_public_check(context) == 1 else {
                throw CredentialKitError.openSSL(.invalidKey, "\(what) is not a valid public key")
            }
        }
    }

    /// `EVP_PKEY_fromdata` over the parameters pushed by `push` (which returns false if a push failed).
    private static func fromData(
        typeName: String, selection: Int32, what: String, _ push: (OpaquePointer) -> Bool
    ) throws -> EVPKey {
        try OpenSSLTemporary.withKeyContext(named: typeName) { context in
            try OpenSSLTemporary.withParameters({ builder in
                guard push(builder) else { throw CredentialKitError.openSSL("collecting the parameters of \(what)") }
            }) { parameters in
                guard EVP_PKEY_fromdata_init(context) == 1 else {
                    throw CredentialKitError.openSSL("starting to import \(what)")
                }
                var key: OpaquePointer?
                guard EVP_PKEY_fromdata(context, &key, selection, parameters) == 1, let key else {
                    throw CredentialKitError.openSSL(.invalidKey, "OpenSSL rejected \(what)")
                }
                return EVPKey(takingOwnershipOf: key)
            }
        }
    }
}

/// OpenSSL parameter names as C strings that live for the whole program.
///
/// `OSSL_PARAM_BLD` keeps the name and string pointers it is given until `OSSL_PARAM_BLD_to_param`,
/// so they must not be temporaries bridged from Swift `String`s.
enum ParameterName {
    static let group: StaticString = "group"          // OSSL_PKEY_PARAM_GROUP_NAME
    static let privateKey: StaticString = "priv"      // OSSL_PKEY_PARAM_PRIV_KEY
    static let publicKey: StaticString = "pub"        // OSSL_PKEY_PARAM_PUB_KEY
    static let rsaModulus: StaticString = "n"         // OSSL_PKEY_PARAM_RSA_N
    static let rsaExponent: StaticString = "e"        // OSSL_PKEY_PARAM_RSA_E
}

extension StaticString {
    /// The literal as a NUL-terminated C string; Swift stores string literals with a trailing NUL.
    var cString: UnsafePointer<CChar> {
        precondition(hasPointerRepresentation, "a C string needs a string literal, not a single scalar")
        return UnsafeRawPointer(utf8Start).assumingMemoryBound(to: CChar.self)
    }
}
