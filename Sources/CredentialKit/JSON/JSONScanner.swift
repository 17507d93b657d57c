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
            case JSONByte.openBrace:
                try checkDepth(containers.count + 1)
                position += 1
                skipWhitespace()
                if position < input.count, input[position] == JSONByte.closeBrace {
                    position += 1
                    value = .object(JSONObject())
                } else {
                    let (key, keyOffset) = try parseMemberKey()
                    objects.append(OpenObject(key: key, keyOffset: keyOffset))
                    containers.append(.object)
                    continue nextValue
                }
            case JSONByte.openBracket:
                try checkDepth(containers.count + 1)
                position += 1
                skipWhitespace()
                if position < input.count, input[position] == JSONByte.closeBracket {
                    position += 1
                    value = .array([])
                } else {
                    arrays.append([])
                    containers.append(.array)
                    continue nextValue
                }
            case JSONByte.quote:
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
                    case JSONByte.comma:
                        position += 1
                        continue nextValue
                    case JSONByte.closeBracket:
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
                    case JSONByte.comma:
                        position += 1
                        skipWhitespace()
                        (objects[last].key, objects[last].keyOffset) = try parseMemberKey()
                        continue nextValue
                    case JSONByte.closeBrace:
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
            case JSONByte.space, JSONByte.tab, JSONByte.lineFeed, JSONByte.carriageReturn: position += 1
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
        guard input[position] == JSONByte.quote else {
            throw try unexpectedByte(expecting: "a member name in double quotes")
        }
        let keyOffset = position
        let key = try parseString()
        skipWhitespace()
        guard position < input.count else {
            throw failure(.malformedJSON, "the input ends after the member name \"\(key)\"; expected ':'", at: position)
        }
        guard input[position] == JSONByte.colon else {
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

    // MARK: - Errors

    /// An error for the byte at the current position, which is not what the grammar allows here.
    func unexpectedByte(expecting expected: String) throws -> CredentialKitError {
        let byte = input[position]
        guard byte >= 0x80 else {
            return failure(.malformedJSON, "found \(JSONByte.scalarName(byte)) where \(expected) was expected", at: position)
        }
        let length = try validatedSequenceLength(at: position)
        let character = String(decoding: UnsafeBufferPointer(rebasing: input[position..<position + length]), as: UTF8.self)
        let scalar = character.unicodeScalars.first.map { String($0.value, radix: 16, uppercase: true) } ?? "?"
        return failure(.malformedJSON, "found the character U+\(scalar) where \(expected) was expected", at: position)
    }

    /// An error whose reason ends with the line, column and byte offset of `offset`.
    func failure(_ code: CredentialKitError.Code, _ problem: String, at offset: Int) -> CredentialKitError {
        let location = JSONSourceLocation(offset: offset, in: input)
        return CredentialKitError(code, "Invalid JSON: \(problem), at \(location)")
    }
}
