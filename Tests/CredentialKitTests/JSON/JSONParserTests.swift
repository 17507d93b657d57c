import Foundation
import Testing
@testable import CredentialKit

@Suite("JSONParser")
struct JSONParserTests {
    // MARK: Accepted input

    @Test("Parses every kind of value and keeps member order")
    func parsesValues() throws {
        let value = try JSONParser.parse(#" {"z": [1, -2.5, 3e2, true, false, null], "a": {"nested": "text"}, "m": ""} "#)
        #expect(value == ["z": [1, -2.5, 300, true, false, nil], "a": ["nested": "text"], "m": ""])
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test("Parses scalars at the top level", arguments: [
        ("0", JSONValue.number(0)), ("-0", .number(-0.0)), ("\"x\"", .string("x")), ("true", .bool(true)),
        ("null", .null), (" \t\r\n[]\n", .array([])), ("{}", .object(JSONObject())),
    ])
    func parsesTopLevelScalars(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test("Negative zero keeps its sign")
    func negativeZero() throws {
        let number = try #require(try JSONParser.parse("-0").doubleValue)
        #expect(number == 0 && number.sign == .minus)
    }

    @Test("Decodes every escape sequence, including surrogate pairs")
    func decodesEscapes() throws {
        let value = try JSONParser.parse(#""\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC \ud83d\ude00 \u0000""#)
        #expect(value == .string("\" \\ / \u{8} \u{C} \n \r \t A é € 😀 \u{0}"))
    }

    @Test("Keeps raw multi-byte UTF-8 in strings")
    func rawUTF8() throws {
        #expect(try JSONParser.parse("[\"héllo €𝄞 日本\"]") == ["héllo €𝄞 日本"])
    }

    @Test("Rounds numbers to the nearest double, as strtod does", arguments: [
        "0.1", "1e-7", "123456789012345678901234567890", "2.2250738585072011e-308", "4.9e-324",
        "1.7976931348623157e308", "9007199254740993", "-12345678901234567", "0.30000000000000004", "1E+2", "1e-400",
    ])
    func numbersRoundCorrectly(text: String) throws {
        #expect(try JSONParser.parse(text) == .number(try #require(Double(text))))
    }

    @Test("Random number lexemes parse exactly as Double(String) does")
    func randomNumbersMatchStrtod() throws {
        var generator = SeededGenerator(seed: 0xD1617)
        for _ in 0..<20_000 {
            var text = Bool.random(using: &generator) ? "-" : ""
            let integerDigits = Int.random(in: 1...20, using: &generator)
            text += integerDigits == 1 ? String(Int.random(in: 0...9, using: &generator)) : String(Int.random(in: 1...9, using: &generator))
            for _ in 1..<integerDigits { text += String(Int.random(in: 0...9, using: &generator)) }
            if Bool.random(using: &generator) {
                text += "."
                for _ in 0..<Int.random(in: 1...20, using: &generator) { text += String(Int.random(in: 0...9, using: &generator)) }
            }
            if Bool.random(using: &generator) {
                text += ["e", "E", "e+", "e-", "E-"].randomElement(using: &generator) ?? "e"
                text += String(Int.random(in: 0...40, using: &generator))
            }
            let parsed = try JSONParser.parse(text).doubleValue
            let expected = try #require(Double(text))
            #expect(parsed == expected && parsed?.sign == expected.sign, "\(text)")
        }
    }

    @Test("Accepts input as bytes, Data and a non-contiguous collection")
    func acceptsByteCollections() throws {
        let text = #"{"a":[1,2]}"#
        let expected: JSONValue = ["a": [1, 2]]
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
        #expect(try JSONParser.parse(Data(text.utf8)) == expected)
        #expect(try JSONParser.parse(text.utf8.lazy.map { $0 }) == expected)
    }

    @Test("Accepts nesting exactly at the depth limit")
    func depthAtLimit() throws {
        let limits = JSONParser.Limits(maxBytes: 1 << 20, maxDepth: 5)
        #expect(throws: Never.self) { try JSONParser.parse("[[[[{\"a\":1}]]]]", limits: limits) }
        #expect(throws: Never.self) { try JSONParser.parse(String(repeating: "[", count: 128) + String(repeating: "]", count: 128)) }
    }

    // MARK: Rejected input

    @Test("Rejects a duplicate key and names it with its place")
    func duplicateKey() {
        let error = parseError("{\n  \"id\": 1,\n  \"id\": 2\n}")
        #expect(error?.code == .duplicateKey)
        #expect(error?.reason.contains("\"id\"") == true)
        #expect(error?.reason.contains("line 3, column 3 (byte offset 15)") == true)
        #expect(parseError(#"{"a":{"b":1,"b":1}}"#)?.code == .duplicateKey)
        #expect(parseError(#"[{"a":1},{"a":1}]"#) == nil)
    }

    @Test("Rejects invalid UTF-8 inside and outside strings", arguments: [
        [0x22, 0xC3, 0x28, 0x22],  // bad continuation
        [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
        [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong three-byte
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate U+D800
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        [0x22, 0xFF, 0x22],
        [0x22, 0xE2, 0x82],  // truncated sequence at the end
        [0x5B, 0x80, 0x5D],  // stray continuation byte outside a string
    ] as [[UInt8]])
    func invalidUTF8(bytes: [UInt8]) {
        #expect(parseError(bytes)?.code == .invalidUTF8)
    }

    @Test("Rejects unpaired surrogate escapes", arguments: [
        #""\ud800""#, #""\udc00""#, #""\ud800x""#, #""\ud800\u0041""#, #""\ud800\n""#, #""a\uDFFF""#,
    ])
    func loneSurrogates(text: String) {
        let error = parseError(text)
        #expect(error?.code == .invalidUTF8)
        #expect(error?.reason.contains("surrogate") == true)
    }

    @Test("Rejects nesting deeper than the limit, however deep")
    func nestingTooDeep() {
        let limits = JSONParser.Limits(maxBytes: 1 << 24, maxDepth: 5)
        #expect(parseError("[[[[[[1]]]]]]", limits: limits)?.code == .nestingTooDeep)
        #expect(parseError(#"{"a":{"a":{"a":{"a":{"a":{"a":1}}}}}}"#, limits: limits)?.code == .nestingTooDeep)
        let deep = String(repeating: "[", count: 1_000_000)
        #expect(parseError(deep)?.code == .nestingTooDeep)
        let generous = JSONParser.Limits(maxBytes: 1 << 24, maxDepth: 2_000)
        let balanced = String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000)
        #expect(parseError(balanced, limits: generous) == nil)
    }

    @Test("Rejects input over the size limit before reading it")
    func inputTooLarge() {
        let limits = JSONParser.Limits(maxBytes: 8, maxDepth: 10)
        let error = parseError("[1,2,3,4,5]", limits: limits)
        #expect(error?.code == .inputTooLarge)
        #expect(error?.reason.contains("11 bytes") == true)
        #expect(parseError(Array("\"12345\"".utf8) + [0xFF, 0xFF], limits: limits)?.code == .inputTooLarge)
        #expect(parseError("[1,2,3]", limits: limits) == nil)
    }

    @Test("Rejects numbers that overflow a double", arguments: ["1e309", "-1e400", "1" + String(repeating: "0", count: 400)])
    func unrepresentableNumber(text: String) {
        #expect(parseError(text)?.code == .unrepresentableNumber)
    }

    @Test("Rejects malformed JSON", arguments: [
        "", " ", "[", "[1,", "[1,]", "[,1]", "{", "{\"a\"", "{\"a\":", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "{'a':1}",
        "\"abc", "\"\\", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "01", "-01", "00", "1.", ".5", "-", "+1", "1e", "1e+",
        "0x10", "NaN", "Infinity", "-Infinity", "tru", "nul", "True", "[1] x", "{} {}", "1 2", "[1 2]", "\"a\tb\"",
        "\"a\nb\"", "\"\u{1F}\"", "// c\n1", "[1]\u{0}", "\u{A0}1", "\u{FEFF}1", "[\"a\"\u{2028}]",
    ])
    func malformed(text: String) {
        let error = parseError(text)
        #expect(error?.code == .malformedJSON, "\(text.debugDescription) gave \(error.map(\.reason) ?? "no error")")
    }

    @Test("Rejects a leading byte order mark with a clear message")
    func byteOrderMark() {
        let error = parseError([0xEF, 0xBB, 0xBF] + Array("{}".utf8))
        #expect(error?.code == .malformedJSON)
        #expect(error?.reason.contains("byte order mark") == true)
    }

    @Test("Errors name line, column and byte offset")
    func errorLocations() {
        let error = parseError("{\n  \"a\": tru\n}")
        #expect(error?.reason.contains("line 2, column 8 (byte offset 9)") == true)
        let trailing = parseError("[1]\n  x")
        #expect(trailing?.reason.contains("line 2, column 3 (byte offset 6)") == true)
        #expect(trailing?.reason.contains("'x'") == true)
        let control = parseError("[\"é\u{1}\"]")
        #expect(control?.reason.contains("U+0001") == true)
        #expect(control?.reason.contains("line 1, column 4") == true)
    }

    // MARK: Helpers

    private func parseError(_ text: String, limits: JSONParser.Limits = .default) -> CredentialKitError? {
        do {
            _ = try JSONParser.parse(text, limits: limits)
            return nil
        } catch {
            return error as? CredentialKitError
        }
    }

    private func parseError(_ bytes: [UInt8], limits: JSONParser.Limits = .default) -> CredentialKitError? {
        do {
            _ = try JSONParser.parse(bytes, limits: limits)
            return nil
        } catch {
            return error as? CredentialKitError
        }
    }
}
