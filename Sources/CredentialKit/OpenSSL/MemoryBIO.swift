internal import COpenSSL

/// Scoped OpenSSL memory `BIO`s: created, handed to a closure, and freed when it returns.
enum MemoryBIO {
    /// Runs `body` with a read-only `BIO` over `bytes`; the `BIO` does not outlive the call.
    static func reading<Result>(
        _ bytes: [UInt8], _ body: (OpaquePointer) throws -> Result
    ) throws -> Result {
        guard bytes.count <= Int(Int32.max) else {
            throw CredentialKitError(.inputTooLarge, "the input is \(bytes.count) bytes, more than OpenSSL can read at once")
        }
        return try bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                throw CredentialKitError.openSSL("creating a memory BIO to read from")
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }

    /// Runs `body` with an empty writable `BIO`, then returns what `body` wrote into it, as bytes.
    static func writing(_ body: (OpaquePointer) throws -> Void) throws -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw CredentialKitError.openSSL("creating a memory BIO to write into")
        }
        defer { BIO_free(bio) }
        try body(bio)
        var data: UnsafeMutablePointer<CChar>?
        let length = COpenSSL_BIO_get_mem_data(bio, &data)
        guard length >= 0 else { throw CredentialKitError.openSSL("reading a memory BIO") }
        guard let data, length > 0 else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }
}
