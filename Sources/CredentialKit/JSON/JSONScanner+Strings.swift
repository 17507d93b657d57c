/// String scanning: escapes, surrogate pairs and strict UTF-8 validation.
extension JSONScanner {
    /// Reads a string literal; the position must be at its opening quote.
    mutating func parseString() throws -> String {
        let openingQuote = position
        position += 1
        var runStart = position
        var decoded: [UInt8] = []
        var hasEscapes = false
        while position < input.count {
            let byte = input[position]
            if byte == JSONByte.quote {
                let run = UnsafeBufferPointer(rebasing: input[runStart..<position])
                position += 1
                guard hasEscapes else { return String(decoding: run, as: UTF8.self) }
                decoded.append(contentsOf: run)
                return String(decoding: decoded, as: UTF8.self)
            } else if byte == JSONByte.backslash {
                hasEscapes = true
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<position]))
                try decodeEscape(into: &decoded)
                runStart = position
            } else if byte < 0x20 {
                throw failure(
                    .malformedJSON,
                    "a string contains the control character \(JSONByte.scalarName(byte)), which must be escaped",
                    at: position)
            } else if byte < 0x80 {
                position += 1
            } else {
                position += try validatedSequenceLength(at: position)
            }
        }
        throw failure(.malformedJSON, "the input ends inside the string that starts here", at: openingQuote)
    }

    /// Decodes one escape sequence; the position must be at its backslash.
    mutating func decodeEscape(into decoded: inout [UInt8]) throws {
        let escapeStart = position
        position += 1
        guard position < input.count else {
            throw failure(.malformedJSON, "the input ends inside an escape sequence", at: escapeStart)
        }
        let simple: UInt8
        switch input[position] {
        case JSONByte.quote: simple = JSONByte.quote
        case JSONByte.backslash: simple = JSONByte.backslash
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = JSONByte.lineFeed
        case UInt8(ascii: "r"): simple = JSONByte.carriageReturn
        case UInt8(ascii: "t"): simple = JSONByte.tab
        case UInt8(ascii: "u"):
            position += 1
            try decodeUnicodeEscape(startingAt: escapeStart, into: &decoded)
            return
        default:
            throw failure(.malformedJSON, "'\\\(JSONByte.printable(input[position]))' is not a JSON escape sequence", at: escapeStart)
        }
        decoded.append(simple)
        position += 1
    }

    /// Decodes `XXXX` after `\u`, pairing a high surrogate with the `\uXXXX` low surrogate that must follow.
    mutating func decodeUnicodeEscape(startingAt escapeStart: Int, into decoded: inout [UInt8]) throws {
        let unit = try readHexQuad(escapeStart: escapeStart)
        var scalar = UInt32(unit)
        switch unit {
        case 0xD800...0xDBFF:
            guard position + 1 < input.count, input[position] == JSONByte.backslash, input[position + 1] == UInt8(ascii: "u") else {
                throw failure(.invalidUTF8, "the escape \\u\(JSONByte.hex4(unit)) is a high surrogate with no low surrogate after it", at: escapeStart)
            }
            position += 2
            let low = try readHexQuad(escapeStart: position - 2)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw failure(.invalidUTF8, "the escape \\u\(JSONByte.hex4(unit)) is a high surrogate followed by \\u\(JSONByte.hex4(low)), not a low surrogate", at: escapeStart)
            }
            scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        case 0xDC00...0xDFFF:
            throw failure(.invalidUTF8, "the escape \\u\(JSONByte.hex4(unit)) is a low surrogate with no high surrogate before it", at: escapeStart)
        default:
            break
        }
        appendUTF8(scalar, to: &decoded)
    }

    mutating func readHexQuad(escapeStart: Int) throws -> UInt16 {
        var unit: UInt16 = 0
        for _ in 0..<4 {
            guard position < input.count, let digit = JSONByte.hexDigitValue(input[position]) else {
                throw failure(.malformedJSON, "a \\u escape needs exactly four hexadecimal digits", at: escapeStart)
            }
            unit = unit << 4 | UInt16(digit)
            position += 1
        }
        return unit
    }

    func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            bytes.append(UInt8(scalar))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | scalar >> 6))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | scalar >> 12))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | scalar >> 18))
            bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The length of the well-formed UTF-8 sequence at `offset` (whose first byte is 0x80 or above).
    ///
    /// Follows the table in Unicode 15 §3.9 (D92): no overlong forms, no surrogates, nothing above U+10FFFF.
    func validatedSequenceLength(at offset: Int) throws -> Int {
        let lead = input[offset]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default:
            throw failure(.invalidUTF8, "the byte 0x\(JSONByte.hex2(lead)) cannot start a UTF-8 character", at: offset)
        }
        guard offset + length <= input.count else {
            throw failure(.invalidUTF8, "the input ends inside a UTF-8 character", at: offset)
        }
        guard secondRange.contains(input[offset + 1]),
            (offset + 2..<offset + length).allSatisfy({ input[$0] & 0xC0 == 0x80 })
        else {
            throw failure(.invalidUTF8, "the bytes at this place are not well-formed UTF-8", at: offset)
        }
        return length
    }
}
