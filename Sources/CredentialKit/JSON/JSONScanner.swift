/// The byte-level engine behind ``JSONParser``: one pass over a contiguous UTF-8 buffer.
///
/// Arrays and objects still open are kept on explicit stacks rather than in
/// recursion, so the depth limit alone bounds memory and the call stack never grows.
struct JSONScanner {
    let input: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var position = 0

    init(input: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.input = input
        self.maxDepth = maxDepth
    }

    /// An object being read: the members so far and the key whose value comes next.
    private struct OpenObject {
        var members = JSONObject()
        var key: String
        var keyOffset: Int
    }

    /// Which kind of container is open at each depth.
    private enum Container { case array, object }

    /// Reads the single JSON text that must fill the whole buffer.
    mutating func parseDocument() throws -> JSONValue {
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF {
            throw failure(
                .malformedJSON,
                "the input starts with a UTF-8 byte order mark (EF BB BF), which is not allowed; remove it",
                at: 0)
        }
        var containers: [Container] = []
        var arrays: [[JSONValue]] = []
        var objects: [OpenObject] = []
        var value: JSONValue

        nextValue: while true {
            skipWhitespace()
            guard position < input.count else {
                throw failure(.malformedJSON, "the input ends where a value was expected", at: position)
            }
            switch input[position] {
            case .openBrace:
                try checkDepth(containers.count + 1)
                position += 1
                skipWhitespace()
                if position < input.count, input[position] == .closeBrace {
                    position += 1
                    value = .object(JSONObject())
                } else {
                    let (key, keyOffset) = try parseMemberKey()
                    objects.append(OpenObject(key: key, keyOffset: keyOffset))
                    containers.append(.object)
                    continue nextValue
                }
            case .openBracket:
                try checkDepth(containers.count + 1)
                position += 1
                skipWhitespace()
                if position < input.count, input[position] == .closeBracket {
                    position += 1
                    value = .array([])
                } else {
                    arrays.append([])
                    containers.append(.array)
                    continue nextValue
                }
            case .quote:
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            default:
                throw try unexpectedByte(expecting: "a value")
            }

            // Hand the finished value to the innermost open container, closing
            // containers for as long as their closing bracket follows.
            while let container = containers.last {
                skipWhitespace()
                switch container {
                case .array:
                    arrays[arrays.count - 1].append(value)
                    guard position < input.count else {
                        throw failure(.malformedJSON, "the input ends inside an array; expected ',' or ']'", at: position)
                    }
                    switch input[position] {
                    case .comma:
                        position += 1
                        continue nextValue
                    case .closeBracket:
                        position += 1
                        value = .array(arrays.removeLast())
                        containers.removeLast()
                    default:
                        throw try unexpectedByte(expecting: "',' or ']' after an array element")
                    }
                case .object:
                    let last = objects.count - 1
                    let key = objects[last].key
                    let countBefore = objects[last].members.count
                    objects[last].members[key] = value  // One hash lookup both inserts and detects a repeat.
                    guard objects[last].members.count > countBefore else {
                        throw failure(.duplicateKey, "the key \"\(key)\" appears twice in one object", at: objects[last].keyOffset)
                    }
                    guard position < input.count else {
                        throw failure(.malformedJSON, "the input ends inside an object; expected ',' or '}'", at: position)
                    }
                    switch input[position] {
                    case .comma:
                        position += 1
                        skipWhitespace()
                        (objects[last].key, objects[last].keyOffset) = try parseMemberKey()
                        continue nextValue
                    case .closeBrace:
                        position += 1
                        value = .object(objects.removeLast().members)
                        containers.removeLast()
                    default:
                        throw try unexpectedByte(expecting: "',' or '}' after an object member")
                    }
                }
            }
            break
        }

        skipWhitespace()
        guard position == input.count else {
            throw try unexpectedByte(expecting: "the end of the input after the JSON value")
        }
        return value
    }

    // MARK: - Structure

    private mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case .space, .tab, .lineFeed, .carriageReturn: position += 1
            default: return
            }
        }
    }

    private func checkDepth(_ depth: Int) throws {
        guard depth <= maxDepth else {
            throw failure(.nestingTooDeep, "arrays and objects nest deeper than the limit of \(maxDepth) levels", at: position)
        }
    }

    /// Reads `"key"` and the `:` after it; the position must be at the key's quote.
    private mutating func parseMemberKey() throws -> (String, Int) {
        guard position < input.count else {
            throw failure(.malformedJSON, "the input ends inside an object; expected a member name in double quotes", at: position)
        }
        guard input[position] == .quote else {
            throw try unexpectedByte(expecting: "a member name in double quotes")
        }
        let keyOffset = position
        let key = try parseString()
        skipWhitespace()
        guard position < input.count else {
            throw failure(.malformedJSON, "the input ends after the member name \"\(key)\"; expected ':'", at: position)
        }
        guard input[position] == .colon else {
            throw try unexpectedByte(expecting: "':' after the member name \"\(key)\"")
        }
        position += 1
        return (key, keyOffset)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let start = position
        for expected in UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount) {
            guard position < input.count, input[position] == expected else {
                throw failure(.malformedJSON, "expected the literal '\(literal)'", at: start)
            }
            position += 1
        }
    }

    // MARK: - Numbers

    /// Reads a number per the RFC 8259 grammar and rounds it to the nearest double.
    private mutating func parseNumber() throws -> Double {
        let start = position
        if input[position] == UInt8(ascii: "-") {
            position += 1
        }
        guard position < input.count, input[position].isDigit else {
            throw failure(.malformedJSON, "expected a digit after '-'", at: position)
        }
        if input[position] == UInt8(ascii: "0") {
            position += 1
            if position < input.count, input[position].isDigit {
                throw failure(.malformedJSON, "a number has a leading zero, which JSON does not allow", at: start)
            }
        } else {
            skipDigits()
        }
        if position < input.count, input[position] == UInt8(ascii: ".") {
            position += 1
            guard position < input.count, input[position].isDigit else {
                throw failure(.malformedJSON, "expected a digit after the decimal point", at: position)
            }
            skipDigits()
        }
        if position < input.count, input[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < input.count, input[position] == UInt8(ascii: "+") || input[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < input.count, input[position].isDigit else {
                throw failure(.malformedJSON, "expected a digit in the exponent", at: position)
            }
            skipDigits()
        }

        if let number = fastPathDouble(from: start, to: position) { return number }
        let lexeme = String(decoding: UnsafeBufferPointer(rebasing: input[start..<position]), as: UTF8.self)
        guard let number = Double(lexeme), number.isFinite else {
            throw failure(.unrepresentableNumber, "the number \(lexeme) is too large for a double-precision value", at: start)
        }
        return number
    }

    /// The value of a validated number lexeme when it has at most 15 significant digits
    /// and a decimal exponent within ±22, else nil.
    ///
    /// Such a mantissa and power of ten are both exact doubles, so one IEEE multiplication
    /// or division rounds the result correctly (Clinger's fast path); other numbers go
    /// to `Double(String)`, which is also correctly rounded but slower.
    private func fastPathDouble(from start: Int, to end: Int) -> Double? {
        var index = start
        let isNegative = input[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var isFraction = false
        while index < end, input[index] | 0x20 != UInt8(ascii: "e") {
            let byte = input[index]
            index += 1
            if byte == UInt8(ascii: ".") {
                isFraction = true
                continue
            }
            if mantissa != 0 || byte != UInt8(ascii: "0") {
                significantDigits += 1
                guard significantDigits <= 15 else { return nil }
            }
            mantissa = mantissa * 10 + UInt64(byte &- UInt8(ascii: "0"))
            if isFraction { exponent -= 1 }
        }
        if index < end {
            index += 1
            let isNegativeExponent = input[index] == UInt8(ascii: "-")
            if input[index] == UInt8(ascii: "-") || input[index] == UInt8(ascii: "+") { index += 1 }
            var written = 0
            while index < end {
                written = written * 10 + Int(input[index] &- UInt8(ascii: "0"))
                guard written <= 1_000 else { return nil }
                index += 1
            }
            exponent += isNegativeExponent ? -written : written
        }
        let magnitude: Double
        if mantissa == 0 {
            magnitude = 0
        } else if exponent >= 0, exponent < Self.exactPowersOfTen.count {
            magnitude = Double(mantissa) * Self.exactPowersOfTen[exponent]
        } else if exponent < 0, -exponent < Self.exactPowersOfTen.count {
            magnitude = Double(mantissa) / Self.exactPowersOfTen[-exponent]
        } else {
            return nil
        }
        return isNegative ? -magnitude : magnitude
    }

    /// 10^0 through 10^22: every power of ten a double holds exactly.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    private mutating func skipDigits() {
        while position < input.count, input[position].isDigit { position += 1 }
    }

    // MARK: - Strings

    /// Reads a string literal; the position must be at its opening quote.
    private mutating func parseString() throws -> String {
        let openingQuote = position
        position += 1
        var runStart = position
        var decoded: [UInt8] = []
        var hasEscapes = false
        while position < input.count {
            let byte = input[position]
            if byte == .quote {
                let run = UnsafeBufferPointer(rebasing: input[runStart..<position])
                position += 1
                guard hasEscapes else { return String(decoding: run, as: UTF8.self) }
                decoded.append(contentsOf: run)
                return String(decoding: decoded, as: UTF8.self)
            } else if byte == .backslash {
                hasEscapes = true
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<position]))
                try decodeEscape(into: &decoded)
                runStart = position
            } else if byte < 0x20 {
                throw failure(
                    .malformedJSON,
                    "a string contains the control character \(byte.scalarName), which must be escaped",
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
    private mutating func decodeEscape(into decoded: inout [UInt8]) throws {
        let escapeStart = position
        position += 1
        guard position < input.count else {
            throw failure(.malformedJSON, "the input ends inside an escape sequence", at: escapeStart)
        }
        let simple: UInt8
        switch input[position] {
        case .quote: simple = .quote
        case .backslash: simple = .backslash
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = .lineFeed
        case UInt8(ascii: "r"): simple = .carriageReturn
        case UInt8(ascii: "t"): simple = .tab
        case UInt8(ascii: "u"):
            position += 1
            try decodeUnicodeEscape(startingAt: escapeStart, into: &decoded)
            return
        default:
            throw failure(.malformedJSON, "'\\\(input[position].printable)' is not a JSON escape sequence", at: escapeStart)
        }
        decoded.append(simple)
        position += 1
    }

    /// Decodes `XXXX` after `\u`, pairing a high surrogate with the `\uXXXX` low surrogate that must follow.
    private mutating func decodeUnicodeEscape(startingAt escapeStart: Int, into decoded: inout [UInt8]) throws {
        let unit = try readHexQuad(escapeStart: escapeStart)
        var scalar = UInt32(unit)
        switch unit {
        case 0xD800...0xDBFF:
            guard position + 1 < input.count, input[position] == .backslash, input[position + 1] == UInt8(ascii: "u") else {
                throw failure(.invalidUTF8, "the escape \\u\(unit.hex4) is a high surrogate with no low surrogate after it", at: escapeStart)
            }
            position += 2
            let low = try readHexQuad(escapeStart: position - 2)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw failure(.invalidUTF8, "the escape \\u\(unit.hex4) is a high surrogate followed by \\u\(low.hex4), not a low surrogate", at: escapeStart)
            }
            scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        case 0xDC00...0xDFFF:
            throw failure(.invalidUTF8, "the escape \\u\(unit.hex4) is a low surrogate with no high surrogate before it", at: escapeStart)
        default:
            break
        }
        appendUTF8(scalar, to: &decoded)
    }

    private mutating func readHexQuad(escapeStart: Int) throws -> UInt16 {
        var unit: UInt16 = 0
        for _ in 0..<4 {
            guard position < input.count, let digit = input[position].hexDigitValue else {
                throw failure(.malformedJSON, "a \\u escape needs exactly four hexadecimal digits", at: escapeStart)
            }
            unit = unit << 4 | UInt16(digit)
            position += 1
        }
        return unit
    }

    private func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
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

    // MARK: - UTF-8

    /// The length of the well-formed UTF-8 sequence at `offset` (whose first byte is 0x80 or above).
    ///
    /// Follows the table in Unicode 15 §3.9 (D92): no overlong forms, no surrogates, nothing above U+10FFFF.
    private func validatedSequenceLength(at offset: Int) throws -> Int {
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
            throw failure(.invalidUTF8, "the byte 0x\(lead.hex2) cannot start a UTF-8 character", at: offset)
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

    // MARK: - Errors

    /// An error for the byte at the current position, which is not what the grammar allows here.
    private func unexpectedByte(expecting expected: String) throws -> CredentialKitError {
        let byte = input[position]
        guard byte >= 0x80 else {
            return failure(.malformedJSON, "found \(byte.scalarName) where \(expected) was expected", at: position)
        }
        let length = try validatedSequenceLength(at: position)
        let character = String(decoding: UnsafeBufferPointer(rebasing: input[position..<position + length]), as: UTF8.self)
        let scalar = character.unicodeScalars.first.map { String($0.value, radix: 16, uppercase: true) } ?? "?"
        return failure(.malformedJSON, "found the character U+\(scalar) where \(expected) was expected", at: position)
    }

    /// An error whose reason ends with the line, column and byte offset of `offset`.
    private func failure(_ code: CredentialKitError.Code, _ problem: String, at offset: Int) -> CredentialKitError {
        let location = JSONSourceLocation(offset: offset, in: input)
        return CredentialKitError(code, "Invalid JSON: \(problem), at \(location)")
    }
}

/// A place in JSON text, for error messages: 1-based line and column, 0-based byte offset.
struct JSONSourceLocation: CustomStringConvertible {
    let line: Int
    let column: Int
    let offset: Int

    /// Finds the line and column of `offset`, counting columns in Unicode scalars.
    init(offset: Int, in input: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var column = 1
        for byte in input.prefix(offset) {
            if byte == .lineFeed {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        self.line = line
        self.column = column
        self.offset = offset
    }

    var description: String { "line \(line), column \(column) (byte offset \(offset))" }
}

extension UInt8 {
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let lineFeed = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")

    fileprivate var isDigit: Bool { self &- UInt8(ascii: "0") < 10 }

    fileprivate var hexDigitValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): self - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): self - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    fileprivate var hex2: String {
        let digits = String(self, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }

    /// The byte as a printable character, or its hex value when it is not printable ASCII.
    fileprivate var printable: String {
        (0x21..<0x7F).contains(self) ? String(UnicodeScalar(self)) : "0x" + hex2
    }

    /// The byte named for a person: `'x'` for printable ASCII, `U+000A` otherwise.
    fileprivate var scalarName: String {
        (0x21..<0x7F).contains(self) ? "'\(String(UnicodeScalar(self)))'" : "U+00" + hex2
    }
}

extension UInt16 {
    fileprivate var hex4: String {
        let digits = String(self, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
