/// The `format` checks ``JSONSchemaValidator`` asserts when asked: `date-time`, `date`,
/// `time` (RFC 3339 §5.6) and `uri` (an absolute URI, RFC 3986 §3). Other formats are annotations only.
enum SchemaFormat {
    /// Why `text` is not of `format`, or nil when it is (or the format is not checked).
    static func problem(with text: String, format: String) -> String? {
        switch format {
        case "date-time": dateTimeProblem(Array(text.utf8))
        case "date": dateProblem(Array(text.utf8))
        case "time": timeProblem(Array(text.utf8)[...])
        case "uri": uriProblem(text)
        default: nil
        }
    }

    /// `full-date "T" full-time`, with `t` and `T` both allowed.
    private static func dateTimeProblem(_ bytes: [UInt8]) -> String? {
        guard bytes.count > 11, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else {
            return "expected a date, \"T\" and a time, as in 2024-05-01T12:00:00Z"
        }
        return dateProblem(Array(bytes[..<10])) ?? timeProblem(bytes[11...])
    }

    /// `YYYY-MM-DD` naming a day that exists.
    private static func dateProblem(_ bytes: [UInt8]) -> String? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = digits(bytes[0..<4]), let month = digits(bytes[5..<7]), let day = digits(bytes[8..<10])
        else { return "expected a date as YYYY-MM-DD" }
        guard (1...12).contains(month) else { return "month \(month) does not exist" }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[month - 1]).contains(day) else { return "day \(day) does not exist in month \(month)" }
        return nil
    }

    /// `HH:MM:SS[.fraction]` then `Z` or `±HH:MM`; second 60 only as a leap second at 23:59 UTC.
    private static func timeProblem(_ bytes: ArraySlice<UInt8>) -> String? {
        let time = Array(bytes)
        guard time.count >= 9, time[2] == UInt8(ascii: ":"), time[5] == UInt8(ascii: ":"),
              let hour = digits(time[0..<2]), let minute = digits(time[3..<5]), let second = digits(time[6..<8])
        else { return "expected a time as HH:MM:SS with a time zone" }
        var cursor = 8
        if time[cursor] == UInt8(ascii: ".") {
            cursor += 1
            let start = cursor
            while cursor < time.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(time[cursor]) { cursor += 1 }
            if cursor == start { return "expected digits after the decimal point" }
        }
        guard cursor < time.count else { return "missing the time zone (Z or ±HH:MM)" }
        var offsetMinutes = 0
        switch time[cursor] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard cursor + 1 == time.count else { return "unexpected text after the time zone" }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard time.count == cursor + 6, time[cursor + 3] == UInt8(ascii: ":"),
                  let zoneHour = digits(time[(cursor + 1)..<(cursor + 3)]), let zoneMinute = digits(time[(cursor + 4)..<(cursor + 6)]),
                  zoneHour < 24, zoneMinute < 60
            else { return "expected the time zone as Z or ±HH:MM" }
            offsetMinutes = (zoneHour * 60 + zoneMinute) * (time[cursor] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return "missing the time zone (Z or ±HH:MM)"
        }
        guard hour < 24, minute < 60, second <= 60 else { return "the time \(hour):\(minute):\(second) does not exist" }
        if second == 60 {
            let utcMinute = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            guard utcMinute == 23 * 60 + 59 else { return "a leap second can only be 23:59:60 UTC" }
        }
        return nil
    }

    /// The ASCII bytes a URI may hold as they are: letters, digits and RFC 3986's other characters.
    private static let isURIByte: [Bool] = (0..<128).map { byte in
        let scalar = Unicode.Scalar(UInt8(byte))
        return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-._~:/?#[]@!$&'()*+,;=%".unicodeScalars.contains(scalar)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }

    /// An absolute URI (RFC 3986 §3): a scheme, then only characters the grammar allows,
    /// `%` only before two hex digits, brackets only around an IP literal host, a numeric port.
    private static func uriProblem(_ text: String) -> String? {
        if isPlainAbsoluteURI(text.utf8) { return nil }
        return explainedURIProblem(text)
    }

    /// True for what ``explainedURIProblem(_:)`` passes without brackets, checked in one pass over
    /// the bytes: a scheme before the first `:`, allowed bytes, `%` before two hex digits, and a
    /// numeric port in the authority. Anything else (brackets, a failure) goes to the explanation.
    static func isPlainAbsoluteURI(_ text: String.UTF8View) -> Bool {
        var schemeEnd: String.Index?
        var sawDelimiter = false  // `/`, `?` or `#` before the first `:`: no scheme
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            guard byte < 0x80, isURIByte[Int(byte)], byte != UInt8(ascii: "["), byte != UInt8(ascii: "]") else { return false }
            if byte == UInt8(ascii: "%") {
                let first = text.index(after: index)
                guard first < text.endIndex, isHexDigit(text[first]) else { return false }
                let second = text.index(after: first)
                guard second < text.endIndex, isHexDigit(text[second]) else { return false }
            }
            if schemeEnd == nil && !sawDelimiter {
                if byte == UInt8(ascii: ":") {
                    schemeEnd = index
                } else if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
                    sawDelimiter = true
                }
            }
            index = text.index(after: index)
        }
        guard let schemeEnd, schemeEnd > text.startIndex else { return false }
        for (offset, byte) in text[..<schemeEnd].enumerated() {
            let letter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            let other = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            guard letter || (offset > 0 && other) else { return false }
        }
        // The authority: after `//`, up to `/`, `?` or `#`; its port (after the host's first `:`) is digits.
        let afterScheme = text.index(after: schemeEnd)
        let rest = text[afterScheme...]
        guard rest.starts(with: "//".utf8) else { return true }
        let authority = rest.dropFirst(2).prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        let hostAndPort = authority.firstIndex(of: UInt8(ascii: "@")).map { authority[authority.index(after: $0)...] } ?? authority
        guard let colon = hostAndPort.firstIndex(of: UInt8(ascii: ":")) else { return true }
        return hostAndPort[hostAndPort.index(after: colon)...].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Why `text` is not an absolute URI, parsed in full.
    static func explainedURIProblem(_ text: String) -> String? {
        let reference = URIReference(text)
        guard reference.scheme != nil else { return "expected an absolute URI with a scheme, such as https:" }
        let bytes = Array(text.utf8)
        for (offset, byte) in bytes.enumerated() {
            guard byte < 0x80, isURIByte[Int(byte)] else {
                let scalar = String(decoding: bytes[offset...].prefix(4), as: UTF8.self).unicodeScalars.first ?? "?"
                return "the character \"\(scalar)\" is not allowed in a URI; percent-encode it"
            }
            if byte == UInt8(ascii: "%"), !(offset + 2 < bytes.count && isHexDigit(bytes[offset + 1]) && isHexDigit(bytes[offset + 2])) {
                return "\"%\" must be followed by two hexadecimal digits"
            }
        }
        var rest = reference
        rest.authority = nil
        if rest.text.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }) {
            return "square brackets are only allowed around an IP address host"
        }
        return reference.authority.flatMap(authorityProblem)
    }

    /// `[userinfo@]host[:port]`, where only the host may be an `[IP literal]`.
    private static func authorityProblem(_ authority: String) -> String? {
        let hostAndPort = authority.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).last ?? ""
        if authority.dropLast(hostAndPort.count).contains(where: { $0 == "[" || $0 == "]" }) {
            return "square brackets are not allowed in the user information"
        }
        var port = hostAndPort[...]
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else { return "the IP literal host is not closed with \"]\"" }
            let literal = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
            if let problem = ipLiteralProblem(literal) { return problem }
            port = hostAndPort[hostAndPort.index(after: close)...]
        } else {
            if hostAndPort.contains("[") || hostAndPort.contains("]") { return "square brackets are only allowed around an IP address host" }
            port = hostAndPort.firstIndex(of: ":").map { hostAndPort[$0...] } ?? ""
        }
        guard port.isEmpty || (port.first == ":" && port.dropFirst().allSatisfy(\.isASCIIDigit)) else {
            return "the port must be a number"
        }
        return nil
    }

    /// An IPv6 address (perhaps ending in dotted IPv4) or an `vX.…` future literal.
    private static func ipLiteralProblem(_ literal: Substring) -> String? {
        if literal.hasPrefix("v") || literal.hasPrefix("V") { return nil }
        guard !literal.isEmpty, literal.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
            return "\"\(literal)\" is not an IPv6 address"
        }
        guard let last = literal.split(separator: ":").last, last.contains(".") else { return nil }
        let octets = last.split(separator: ".", omittingEmptySubsequences: false)
        let valid = octets.count == 4 && octets.allSatisfy { octet in
            !octet.isEmpty && octet.allSatisfy(\.isASCIIDigit) && (octet.count == 1 || octet.first != "0") && (Int(octet) ?? 256) <= 255
        }
        return valid ? nil : "\"\(last)\" is not a valid IPv4 address (no leading zeros, each part at most 255)"
    }

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
