internal import COpenSSL

/// Reads and clears OpenSSL's thread-local error queue.
enum OpenSSLErrorQueue {
    /// Every queued error, oldest first, as OpenSSL's own strings; the queue is left empty.
    static func drain() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages
    }

    /// Empties the queue without reading it, after a failure that is an answer rather than an error
    /// (a signature that does not verify, a decoder that tried a format that did not match).
    static func discard() {
        ERR_clear_error()
    }
}

extension CredentialKitError {
    /// An error for an OpenSSL call that failed at this site, with OpenSSL's queued errors drained into the reason.
    ///
    /// - Parameters:
    ///   - code: the kind of failure, e.g. `.invalidKey` when OpenSSL rejected the caller's input.
    ///   - reason: what Laurel was doing, in plain words, e.g. "signing with the Ed25519 key".
    static func openSSL(
        _ code: Code, _ reason: String, file: String = #fileID, line: Int = #line
    ) -> CredentialKitError {
        let queued = OpenSSLErrorQueue.drain()
        let detail = queued.isEmpty ? "" : " (OpenSSL: \(queued.joined(separator: "; ")))"
        return CredentialKitError(code, reason + detail, file: file, line: line)
    }

    /// An `.openSSLFailure` for an OpenSSL call that failed while doing `reason`, with the queue drained into it.
    static func openSSL(_ reason: String, file: String = #fileID, line: Int = #line) -> CredentialKitError {
        openSSL(.openSSLFailure, reason, file: file, line: line)
    }
}
