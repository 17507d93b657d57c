internal import COpenSSL

/// Scopes for short-lived OpenSSL objects: each is created, lent to a closure and freed on return.
enum OpenSSLTemporary {
    /// Runs `body` with a fresh `EVP_MD_CTX`.
    static func withDigestContext<Result>(_ body: (OpaquePointer) throws -> Result) throws -> Result {
        guard let context = EVP_MD_CTX_new() else {
            throw CredentialKitError.openSSL("allocating a signing context")
        }
        defer { EVP_MD_CTX_free(context) }
        return try body(context)
    }

    /// Runs `body` with an `EVP_PKEY_CTX` for the key type OpenSSL calls `name` ("ED25519", "EC", "RSA").
    static func withKeyContext<Result>(named name: String, _ body: (OpaquePointer) throws -> Result) throws -> Result {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, name, nil) else {
            throw CredentialKitError.openSSL("creating an OpenSSL context for \(name) keys")
        }
        defer { EVP_PKEY_CTX_free(context) }
        return try body(context)
    }

    /// Runs `body` with an `EVP_PKEY_CTX` for an existing key (for checks on it).
    static func withKeyContext<Result>(for key: OpaquePointer, _ body: (OpaquePointer) throws -> Result) throws -> Result {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else {
            throw CredentialKitError.openSSL("creating an OpenSSL context for a key")
        }
        defer { EVP_PKEY_CTX_free(context) }
        return try body(context)
    }

    /// Runs `body` with a `BIGNUM` holding the big-endian unsigned integer `bytes`.
    static func withBigNumber<Result>(_ bytes: [UInt8], _ body: (OpaquePointer) throws -> Result) throws -> Result {
        guard bytes.count <= Int(Int32.max), let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else {
            throw CredentialKitError.openSSL("reading a big integer of \(bytes.count) bytes")
        }
        defer { BN_clear_free(number) }
        return try body(number)
    }

    /// Runs `body` with the `OSSL_PARAM` array built by `build` on an `OSSL_PARAM_BLD`.
    static func withParameters<Result>(
        _ build: (OpaquePointer) throws -> Void,
        _ body: (UnsafeMutablePointer<OSSL_PARAM>) throws -> Result
    ) throws -> Result {
        guard let builder = OSSL_PARAM_BLD_new() else {
            throw CredentialKitError.openSSL("allocating an OpenSSL parameter builder")
        }
        defer { OSSL_PARAM_BLD_free(builder) }
        try build(builder)
        guard let parameters = OSSL_PARAM_BLD_to_param(builder) else {
            throw CredentialKitError.openSSL("building OpenSSL key parameters")
        }
        defer { OSSL_PARAM_free(parameters) }
        return try body(parameters)
    }
}


/// Reading `BIGNUM`s out as fixed-width big-endian bytes.
enum BigNumberBytes {
    /// `number` as exactly `width` big-endian bytes; nil when it does not fit.
    static func fixedWidth(_ number: OpaquePointer, width: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: width)
        let written = BN_bn2binpad(number, &out, Int32(width))
        return written == Int32(width) ? out : nil
    }

    /// `number` as big-endian bytes without leading zeros (at least one byte).
    static func minimal(_ number: OpaquePointer) -> [UInt8] {
        let count = max(1, (Int(BN_num_bits(number)) + 7) / 8)
        return fixedWidth(number, width: count) ?? []
    }
}
