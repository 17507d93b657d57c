import Foundation

/// The credential in a verification request: the raw body, or the file part of a
/// `multipart/form-data` upload (what a browser's file input sends).
enum UploadedCredential {
    struct Problem: Error {
        var message: String
    }

    /// More parts than a form for one file has are refused.
    static let maxParts = 16
    /// RFC 2046 §5.1.1: a boundary is 1 to 70 characters.
    static let maxBoundaryLength = 70

    static func bytes(of body: [UInt8], contentType: String?) throws -> [UInt8] {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/") else { return body }
        guard contentType.lowercased().hasPrefix("multipart/form-data") else {
            throw Problem(message: "a multipart upload must be multipart/form-data, not \(contentType.prefix(60))")
        }
        guard let boundary = parameter("boundary", in: contentType), !boundary.isEmpty else {
            throw Problem(message: "the multipart upload names no boundary in its Content-Type")
        }
        guard boundary.utf8.count <= maxBoundaryLength else {
            throw Problem(message: "the multipart boundary is \(boundary.utf8.count) characters; RFC 2046 allows at most \(maxBoundaryLength)")
        }
        let parts = try self.parts(of: body, boundary: Array(boundary.utf8))
        // The file a form sent; else the one part there is (a credential pasted into a text field).
        if let file = parts.first(where: { $0.filename != nil }) ?? (parts.count == 1 ? parts.first : nil) {
            return file.content
        }
        if let named = parts.first(where: { ["credential", "file"].contains($0.name ?? "") }) { return named.content }
        throw Problem(message: parts.isEmpty
            ? "the multipart upload has no parts"
            : "the multipart upload has \(parts.count) parts and none is a file; send the credential as a file part named \"credential\"")
    }

    struct Part {
        var name: String?
        var filename: String?
        var content: [UInt8]
    }

    static func parts(of body: [UInt8], boundary: [UInt8]) throws -> [Part] {
        let delimiter = Array("--".utf8) + boundary
        guard var position = firstIndex(of: delimiter, in: body, from: 0) else {
            throw Problem(message: "the multipart upload does not contain its boundary")
        }
        var parts: [Part] = []
        while true {
            position += delimiter.count
            if body[position...].starts(with: Array("--".utf8)) { return parts }   // the closing delimiter
            guard body[position...].starts(with: [0x0d, 0x0a]) else {
                throw Problem(message: "the multipart upload is malformed after a boundary")
            }
            position += 2
            guard let headerEnd = firstIndex(of: [0x0d, 0x0a, 0x0d, 0x0a], in: body, from: position),
                  headerEnd - position <= 8192 else {
                throw Problem(message: "a part of the multipart upload has no end to its headers")
            }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = firstIndex(of: [0x0d, 0x0a] + delimiter, in: body, from: contentStart) else {
                throw Problem(message: "the multipart upload is cut off: a part has no closing boundary")
            }
            var part = Part(content: Array(body[contentStart..<next]))
            for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                part.name = parameter("name", in: String(line))
                part.filename = parameter("filename", in: String(line))
            }
            parts.append(part)
            guard parts.count <= maxParts else {
                throw Problem(message: "the multipart upload has more than \(maxParts) parts")
            }
            position = next + 2
        }
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// Where `needle` first occurs in `haystack` at or after `start`, by Knuth–Morris–Pratt: linear
    /// in the haystack's length whatever the needle (a naive search is quadratic on a body of dashes).
    static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, start >= 0, start <= haystack.count, haystack.count - start >= needle.count else { return nil }
        var failure = [Int](repeating: 0, count: needle.count)
        var matched = 0
        for index in 1..<max(needle.count, 1) {
            while matched > 0 && needle[index] != needle[matched] { matched = failure[matched - 1] }
            if needle[index] == needle[matched] { matched += 1 }
            failure[index] = matched
        }
        matched = 0
        for index in start..<haystack.count {
            while matched > 0 && haystack[index] != needle[matched] { matched = failure[matched - 1] }
            if haystack[index] == needle[matched] { matched += 1 }
            if matched == needle.count { return index - needle.count + 1 }
        }
        return nil
    }
}
