internal import COpenSSL

/// Signing and verifying with `EVP_DigestSign` / `EVP_DigestVerify`, one fresh context per call.
extension EVPKey {
    /// Signs `message` and returns OpenSSL's encoding of the signature (DER for ECDSA).
    ///
    /// - Parameter digest: the hash for ECDSA and RSA; nil for Ed25519, which is signed whole.
    func sign(_ message: UnsafeBufferPointer<UInt8>, digest: Digest?) throws -> [UInt8] {
        try OpenSSLTemporary.withDigestContext { context in
            guard EVP_DigestSignInit(context, nil, digest?.evpMD, nil, pointer) == 1 else {
                throw CredentialKitError.openSSL("starting to sign")
            }
            var length = Int(EVP_PKEY_get_size(pointer))
            var signature = [UInt8](repeating: 0, count: length)
            let status = withNonNullBase(message) { base in
                EVP_DigestSign(context, &signature, &length, base, message.count)
            }
            guard status == 1, length <= signature.count else {
                throw CredentialKitError.openSSL("signing")
            }
            signature.removeLast(signature.count - length)
            return signature
        }
    }

    /// True when `signature` (in OpenSSL's encoding) is valid for `message`; every failure is false.
    func isValid(_ signature: UnsafeBufferPointer<UInt8>, for message: UnsafeBufferPointer<UInt8>, digest: Digest?) -> Bool {
        let result = try? OpenSSLTemporary.withDigestContext { context -> Bool in
            guard EVP_DigestVerifyInit(context, nil, digest?.evpMD, nil, pointer) == 1 else { return false }
            return withNonNullBase(signature) { signatureBase in
                withNonNullBase(message) { messageBase in
                    EVP_DigestVerify(context, signatureBase, signature.count, messageBase, message.count) == 1
                }
            }
        }
        if result != true { OpenSSLErrorQueue.discard() }
        return result ?? false
    }
}

/// Runs `body` with `buffer`'s start, or with a pointer to a dummy byte when `buffer` is empty,
/// so OpenSSL never sees a NULL data pointer.
private func withNonNullBase<Result>(
    _ buffer: UnsafeBufferPointer<UInt8>, _ body: (UnsafePointer<UInt8>) -> Result
) -> Result {
    if let base = buffer.baseAddress {
        return body(base)
    }
    var placeholder: UInt8 = 0
    return body(&placeholder)
}
