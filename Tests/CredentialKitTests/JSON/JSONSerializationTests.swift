import Foundation
import Testing
@testable import CredentialKit

@Suite("JSONSerialization")
struct JSONSerializationTests {
    static let sample: JSONValue = [
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "zeta": "first key stays first",
        "numbers": [0, -1, 1.5, 1e21, 1e-7, 123456789, -0.0],
        "flags": [true, false, nil],
        "empty": ["array": [], "object": [:]],
        "text": "quote \" backslash \\ slash / tab \t newline \n nul \u{0} del \u{7F} é 😀 \u{2028}",
    ]

    @Test("Compact output keeps member order and uses no whitespace")
    func compact() {
        let value: JSONValue = ["b": 1, "a": [true, nil, "x"], "c": ["d": 2.5]]
        #expect(value.serialized() == #"{"b":1,"a":[true,null,"x"],"c":{"d":2.5}}"#)
    }

    @Test("Pretty output indents by two spaces and writes \"key\": value")
    func pretty() {
        let value: JSONValue = ["b": 1, "a": [true, []], "c": [:]]
        #expect(value.serialized(pretty: true) == """
            {
              "b": 1,
              "a": [
                true,
                []
              ],
              "c": {}
            }
            """)
    }

    @Test("Strings escape only quote, backslash and control characters")
    func stringEscapes() {
        let value = JSONValue.string("\"\\/\u{8}\u{9}\u{A}\u{C}\u{D}\u{0}\u{1F}\u{7F}é€😀")
        #expect(value.serialized() == "\"\\\"\\\\/\\b\\t\\n\\f\\r\\u0000\\u001f\u{7F}é€😀\"")
        #expect(JSONValue.string("\u{1}\u{B}\u{1A}").serialized() == #""\u0001\u000b\u001a""#)
    }

    @Test("Numbers are written as ECMAScript writes them")
    func numbers() {
        let value: JSONValue = [1, 1.5, -0.0, 1e21, 1e20, 1e-7, 0.000001, 100, 2e-3]
        #expect(value.serialized() == "[1,1.5,0,1e+21,100000000000000000000,1e-7,0.000001,100,0.002]")
    }

    @Test("NaN and infinities are written as null")
    func nonFinite() {
        let value: JSONValue = [.number(.nan), .number(.infinity), .number(-.infinity)]
        #expect(value.serialized() == "[null,null,null]")
    }

    @Test("serializedBytes matches serialized as UTF-8")
    func bytesMatchString() {
        #expect(Self.sample.serializedBytes() == Array(Self.sample.serialized().utf8))
        #expect(Self.sample.serializedBytes(pretty: true) == Array(Self.sample.serialized(pretty: true).utf8))
    }

    @Test("Parsing the output gives back the same value, member order included", arguments: [false, true])
    func roundTrip(pretty: Bool) throws {
        let text = Self.sample.serialized(pretty: pretty)
        let parsed = try JSONParser.parse(text)
        #expect(parsed == Self.sample)
        #expect(parsed.objectValue?.keys == Self.sample.objectValue?.keys)
        #expect(parsed.serialized(pretty: pretty) == text)
    }

    @Test("Random documents survive a round trip")
    func randomRoundTrips() throws {
        var generator = SeededGenerator(seed: 0x5EED)
        for _ in 0..<300 {
            let value = JSONValue.random(depth: 4, using: &generator)
            #expect(try JSONParser.parse(value.serialized()) == value)
            #expect(try JSONParser.parse(value.serialized(pretty: true)) == value)
        }
    }
}

/// A small deterministic generator (SplitMix64), so randomized tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension JSONValue {
    /// A random finite value, for round-trip and robustness tests.
    static func random(depth: Int, using generator: inout some RandomNumberGenerator) -> JSONValue {
        let choice = Int.random(in: 0..<(depth > 0 ? 7 : 5), using: &generator)
        switch choice {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2:
            let bits = UInt64.random(in: .min ... .max, using: &generator)
            let number = Double(bitPattern: bits)
            return .number(number.isFinite ? number : Double(Int32.random(in: .min ... .max, using: &generator)))
        case 3: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 100)
        case 4: return .string(randomString(using: &generator))
        case 5:
            return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in random(depth: depth - 1, using: &generator) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                object[randomString(using: &generator)] = random(depth: depth - 1, using: &generator)
            }
            return .object(object)
        }
    }

    private static func randomString(using generator: inout some RandomNumberGenerator) -> String {
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\n", "\u{1F}", "\u{7F}", "é", "€", "😀", "\u{FEFF}", "\u{10FFFF}"]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...8, using: &generator) {
            scalars.append(alphabet.randomElement(using: &generator) ?? "a")
        }
        return String(scalars)
    }
}
