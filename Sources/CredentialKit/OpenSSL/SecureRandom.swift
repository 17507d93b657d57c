internal import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's default generator (`RAND_bytes`).
package enum SecureRandom {
    /// `count` random bytes.
    ///
    /// OpenSSL's generator fails only when it cannot be seeded at all, which leaves no safe
    /// way to continue; that is treated like running out of memory, as a trap.
    package static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0 && count <= Int(Int32.max), "SecureRandom.bytes: count \(count) is out of range")
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let status = RAND_bytes(&out, Int32(count))
        precondition(status == 1, "RAND_bytes failed: \(OpenSSLErrorQueue.drain())")
        return out
    }
}
