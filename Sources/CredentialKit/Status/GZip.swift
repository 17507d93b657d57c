internal import CZlib

/// GZIP (RFC 1952) compression over zlib, for the `encodedList` of a Bitstring Status List.
///
/// Decompression is bounded: it stops as soon as the output would pass a cap, so a
/// small hostile input cannot make us allocate gigabytes. It accepts exactly one GZIP
/// member and nothing after it.
enum GZip {
    /// The default cap on decompressed output: 16 MiB, 1,024 times the 16 KiB of a
    /// minimum-size (131,072-entry) status list.
    static let defaultMaxOutputBytes = 16 << 20

    /// zlib's `windowBits` for a 32 KiB window with a GZIP header and trailer (15 + 16).
    private static let gzipWindowBits: Int32 = 15 + 16

    /// Compresses `bytes` into one GZIP member at the best compression level.
    ///
    /// The header carries no file name and a zero modification time, so equal input
    /// gives equal output.
    /// - Throws: ``CredentialKitError`` `.invalidStatusList` if zlib fails (it should not).
    static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        // 1 GiB keeps zlib's worst-case output size within its 32-bit counters.
        guard bytes.count <= 1 << 30 else {
            throw CredentialKitError(.statusListTooLarge, "GZIP compression: input of \(bytes.count) bytes is larger than the 1 GiB limit")
        }
        return try withStream { stream in
            let initStatus = CZlib_deflateInit2(
                stream, Z_BEST_COMPRESSION, Z_DEFLATED, gzipWindowBits, 8, Z_DEFAULT_STRATEGY)
            guard initStatus == Z_OK else {
                throw zlibError("GZIP compression could not start", initStatus, stream)
            }
            defer { deflateEnd(stream) }

            let bound = Int(deflateBound(stream, uLong(bytes.count)))
            var output = [UInt8](repeating: 0, count: bound)
            let status = bytes.withUnsafeBufferPointer { inBuffer in
                output.withUnsafeMutableBufferPointer { outBuffer in
                    // zlib declares next_in mutable but only reads through it.
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
                    stream.pointee.avail_in = UInt32(inBuffer.count)
                    stream.pointee.next_out = outBuffer.baseAddress
                    stream.pointee.avail_out = UInt32(outBuffer.count)
                    return deflate(stream, Z_FINISH)
                }
            }
            // deflateBound guarantees one Z_FINISH call completes the stream.
            guard status == Z_STREAM_END else {
                throw zlibError("GZIP compression did not finish", status, stream)
            }
            output.removeSubrange(Int(stream.pointee.total_out)...)
            return output
        }
    }

    /// Decompresses one GZIP member, refusing to produce more than `maxOutputBytes`.
    ///
    /// - Parameters:
    ///   - bytes: a complete GZIP member (header `1f 8b 08`), with nothing after it.
    ///   - maxOutputBytes: the most decompressed bytes to accept.
    /// - Returns: the decompressed bytes.
    /// - Throws: ``CredentialKitError`` `.statusListTooLarge` when the output would pass
    ///   the cap (checked while inflating, before the excess is allocated);
    ///   `.invalidStatusList` for input that is not GZIP, is corrupt (bad data or
    ///   checksum), ends early, or has bytes after the end of the member.
    static func decompress(_ bytes: [UInt8], maxOutputBytes: Int = defaultMaxOutputBytes) throws -> [UInt8] {
        guard !bytes.isEmpty else {
            throw CredentialKitError(.invalidStatusList, "GZIP data is empty")
        }
        guard bytes.count >= 2, bytes[0] == 0x1f, bytes[1] == 0x8b else {
            throw CredentialKitError(.invalidStatusList, "data is not GZIP: it does not start with the GZIP magic bytes 1f 8b")
        }
        guard bytes.count <= Int(UInt32.max) else {
            throw CredentialKitError(.statusListTooLarge, "GZIP input of \(bytes.count) bytes is larger than zlib's 4 GiB limit")
        }
        let cap = min(max(0, maxOutputBytes), Int.max - 1)
        return try withStream { stream in
            let initStatus = CZlib_inflateInit2(stream, gzipWindowBits)
            guard initStatus == Z_OK else {
                throw zlibError("GZIP decompression could not start", initStatus, stream)
            }
            defer { inflateEnd(stream) }

            return try bytes.withUnsafeBufferPointer { inBuffer in
                // zlib declares next_in mutable but only reads through it.
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
                stream.pointee.avail_in = UInt32(inBuffer.count)
                return try inflateAll(stream, cap: cap, name: "GZIP", corrupt: .invalidStatusList, tooLarge: .statusListTooLarge)
            }
        }
    }

    /// Decompresses one zlib stream (RFC 1950, as in PNG's compressed text chunks), refusing to
    /// produce more than `maxOutputBytes`; errors carry `corrupt` or `tooLarge` and name `what`.
    static func inflateZlib(_ bytes: [UInt8], maxOutputBytes: Int, what: String,
                            corrupt: CredentialKitError.Code, tooLarge: CredentialKitError.Code) throws -> [UInt8] {
        guard !bytes.isEmpty, bytes.count <= Int(UInt32.max) else {
            throw CredentialKitError(corrupt, "\(what) is \(bytes.isEmpty ? "empty" : "too large to decompress")")
        }
        return try withStream { stream in
            let initStatus = CZlib_inflateInit2(stream, 15)
            guard initStatus == Z_OK else { throw zlibError("\(what) could not be decompressed", initStatus, stream, code: corrupt) }
            defer { inflateEnd(stream) }
            return try bytes.withUnsafeBufferPointer { inBuffer in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
                stream.pointee.avail_in = UInt32(inBuffer.count)
                return try inflateAll(stream, cap: max(0, maxOutputBytes), name: what, corrupt: corrupt, tooLarge: tooLarge)
            }
        }
    }

    /// Runs `inflate` to the end of the member, never holding more than `cap + 1` output bytes.
    private static func inflateAll(_ stream: UnsafeMutablePointer<z_stream>, cap: Int, name: String,
                                   corrupt: CredentialKitError.Code, tooLarge: CredentialKitError.Code) throws -> [UInt8] {
        let chunkSize = 64 << 10
        var scratch = [UInt8](repeating: 0, count: chunkSize)
        var output: [UInt8] = []
        while true {
            // Room for one byte past the cap, so reaching it is told apart from passing it.
            let room = min(chunkSize, cap + 1 - output.count)
            let status = scratch.withUnsafeMutableBufferPointer { outBuffer in
                stream.pointee.next_out = outBuffer.baseAddress
                stream.pointee.avail_out = UInt32(room)
                return inflate(stream, Z_NO_FLUSH)
            }
            let produced = room - Int(stream.pointee.avail_out)
            output.append(contentsOf: scratch[0..<produced])
            if output.count > cap {
                throw CredentialKitError(tooLarge, "\(name) data expands to more than the limit of \(cap) bytes; refusing to decompress further")
            }
            switch status {
            case Z_STREAM_END:
                let trailing = Int(stream.pointee.avail_in)
                guard trailing == 0 else {
                    throw CredentialKitError(corrupt, "\(name) data has \(trailing) unexpected bytes after the end of the compressed member")
                }
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                throw CredentialKitError(corrupt, "\(name) data is truncated: it ends after \(stream.pointee.total_in) bytes, before the end of the compressed member")
            default:
                throw zlibError("\(name) data is corrupt", status, stream, code: corrupt)
            }
        }
    }

    /// Gives `body` a zero-initialised `z_stream` at a fixed address (zlib keeps a
    /// pointer back to it, so it must not move between calls).
    private static func withStream<T>(_ body: (UnsafeMutablePointer<z_stream>) throws -> T) rethrows -> T {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        return try body(stream)
    }

    /// An `.invalidStatusList` error carrying zlib's status code and message.
    private static func zlibError(_ what: String, _ status: Int32, _ stream: UnsafeMutablePointer<z_stream>,
                                  code: CredentialKitError.Code = .invalidStatusList) -> CredentialKitError {
        let detail = stream.pointee.msg.map { String(cString: $0) } ?? "no message"
        return CredentialKitError(code, "\(what) (zlib status \(status): \(detail))")
    }
}
