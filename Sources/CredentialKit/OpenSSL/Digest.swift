internal import COpenSSL

/// SHA-2 digests, computed by OpenSSL.
package enum Digest: String, Sendable, CaseIterable {
    case sha256 = "SHA-256"
    case sha384 = "SHA-384"

    /// The digest length in bytes.
    package var byteCount: Int { self == .sha256 ? 32 : 48 }

    var evpMD: OpaquePointer { self == .sha256 ? EVP_sha256() : EVP_sha384() }

    /// Hashes `bytes` in one call.
    ///
    /// OpenSSL's one-shot digest fails only when memory allocation fails; that is
    /// treated like any other out-of-memory condition in Swift, as a trap.
    package func hash<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ hash(buffer: UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { hash(buffer: $0) }
    }

    private func hash(buffer input: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: byteCount)
        let ok = out.withUnsafeMutableBufferPointer { output in
            EVP_Digest(input.baseAddress, input.count, output.baseAddress, nil, evpMD, nil)
        }
        precondition(ok == 1, "EVP_Digest failed: \(OpenSSLErrorQueue.drain())")
        return out
    }

    /// Hashes the UTF-8 bytes of `string`.
    package func hash(_ string: String) -> [UInt8] {
        hash(string.utf8)
    }
}
