internal import COpenSSL

/// Converts ECDSA signatures between OpenSSL's DER `ECDSA-Sig-Value` and the raw `r‖s`
/// form (IEEE P1363) that Data Integrity proofs and JOSE use.
enum ECDSASignatureEncoding {
    /// The raw `r‖s` form of a DER signature, each half `width` bytes.
    static func raw(fromDER der: [UInt8], width: Int) throws -> [UInt8] {
        let signature = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_ECDSA_SIG(nil, &cursor, buffer.count)
        }
        guard let signature else {
            throw CredentialKitError.openSSL(.invalidSignatureEncoding, "the ECDSA signature is not DER")
        }
        defer { ECDSA_SIG_free(signature) }
        guard let r = ECDSA_SIG_get0_r(signature), let s = ECDSA_SIG_get0_s(signature),
              let rBytes = BigNumberBytes.fixedWidth(r, width: width),
              let sBytes = BigNumberBytes.fixedWidth(s, width: width)
        else {
            throw CredentialKitError(.invalidSignatureEncoding, "an ECDSA signature half is longer than \(width) bytes")
        }
        return rBytes + sBytes
    }

    /// The DER form of a raw `r‖s` signature; nil when it is not exactly `2 * width` bytes.
    ///
    /// Range checks on r and s (1 ≤ r, s < n) are left to OpenSSL's verification, which rejects them.
    static func der(fromRaw raw: some Collection<UInt8>, width: Int) -> [UInt8]? {
        let raw = Array(raw)
        guard raw.count == 2 * width, let signature = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(signature) }
        guard let r = BN_bin2bn(raw, Int32(width), nil) else { return nil }
        guard let s = raw.withUnsafeBufferPointer({ BN_bin2bn($0.baseAddress.map { $0 + width }, Int32(width), nil) }) else {
            BN_free(r)
            return nil
        }
        guard ECDSA_SIG_set0(signature, r, s) == 1 else {  // on success the signature owns r and s
            BN_free(r)
            BN_free(s)
            return nil
        }
        let length = i2d_ECDSA_SIG(signature, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return i2d_ECDSA_SIG(signature, &cursor)
        }
        return written == length ? der : nil
    }
}
