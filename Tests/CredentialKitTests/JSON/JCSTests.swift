import Foundation
import Testing
@testable import CredentialKit

@Suite("JCS")
struct JCSTests {
    static let vectorNames = ["arrays", "french", "structures", "unicode", "values", "weird"]

    @Test("RFC 8785 vectors: input canonicalizes to output, byte for byte",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)), arguments: vectorNames)
    func rfc8785Vectors(name: String) throws {
        let input = try Shared.data("vectors/rfc8785-jcs/input/\(name).json")
        let expected = try Shared.data("vectors/rfc8785-jcs/output/\(name).json")
        let canonical = try JSONParser.parse(input).canonicalBytes()
        #expect(canonical == Array(expected))
        #expect(try JSONParser.parse(input).canonicalString() == String(decoding: expected, as: UTF8.self))
    }

    @Test("RFC 8785 vectors: canonical bytes match the outhex files",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)), arguments: vectorNames)
    func rfc8785HexVectors(name: String) throws {
        let input = try Shared.data("vectors/rfc8785-jcs/input/\(name).json")
        let hex = try Shared.text("vectors/rfc8785-jcs/outhex/\(name).txt").split(whereSeparator: \.isWhitespace).joined()
        #expect(Hex.encode(try JSONParser.parse(input).canonicalBytes()) == hex.lowercased())
    }

    @Test("Number formatting follows ECMAScript (RFC 8785 Appendix B)", arguments: [
        (0x0000_0000_0000_0000, "0"), (0x8000_0000_0000_0000, "0"), (0x0000_0000_0000_0001, "5e-324"),
        (0x8000_0000_0000_0001, "-5e-324"), (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"),
        (0xFFEF_FFFF_FFFF_FFFF, "-1.7976931348623157e+308"), (0x4340_0000_0000_0000, "9007199254740992"),
        (0xC340_0000_0000_0000, "-9007199254740992"), (0x4430_0000_0000_0000, "295147905179352830000"),
        (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"), (0x44B5_2D02_C7E1_4AF6, "1e+23"),
        (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"), (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"),
        (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"), (0x444B_1AE4_D6E2_EF50, "1e+21"),
        (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"), (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
        (0x41B3_DE43_5555_5553, "333333333.3333332"), (0x41B3_DE43_5555_5554, "333333333.33333325"),
        (0x41B3_DE43_5555_5555, "333333333.3333333"), (0x41B3_DE43_5555_5556, "333333333.3333334"),
        (0x41B3_DE43_5555_5557, "333333333.33333343"), (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
        (0x4340_0000_0000_0001, "9007199254740994"), (0x4340_0000_0000_0002, "9007199254740996"),
    ] as [(UInt64, String)])
    func appendixBNumbers(bits: UInt64, expected: String) throws {
        let number = Double(bitPattern: bits)
        #expect(try JSONValue.number(number).canonicalString() == expected)
        #expect(Double(expected) == number || (number == 0 && Double(expected) == 0))
    }

    @Test("Number formatting picks notation by magnitude", arguments: [
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (1e-7, "1e-7"), (0.000001, "0.000001"),
        (1.5e-7, "1.5e-7"), (123e-20, "1.23e-18"), (1e30, "1e+30"), (4.5, "4.5"), (0.002, "0.002"),
        (333333333.33333329, "333333333.3333333"), (-1.5, "-1.5"), (100, "100"), (1152921504606846976, "1152921504606847000"),
    ] as [(Double, String)])
    func notationByMagnitude(number: Double, expected: String) throws {
        #expect(try JSONValue.number(number).canonicalString() == expected)
    }

    @Test("Keys are sorted by UTF-16 code units, not by scalar or locale")
    func keyOrder() throws {
        // U+FB33 sorts after U+1F602 in UTF-16 (0xFB33 > 0xD83D) but before it by scalar value.
        let value: JSONValue = ["\u{FB33}": 1, "\u{1F602}": 2, "b": 3, "B": 4, "a": ["z": 1, "y": 2]]
        #expect(try value.canonicalString() == "{\"B\":4,\"a\":{\"y\":2,\"z\":1},\"b\":3,\"\u{1F602}\":2,\"\u{FB33}\":1}")
    }

    @Test("Canonical form is independent of member order and whitespace")
    func orderIndependent() throws {
        let first = try JSONParser.parse(#"{ "b": [1, {"y": 1, "x": 2}], "a": "t" }"#)
        let second = try JSONParser.parse(#"{"a":"t","b":[1,{"x":2,"y":1}]}"#)
        #expect(try first.canonicalBytes() == second.canonicalBytes())
        #expect(try first.canonicalString() == #"{"a":"t","b":[1,{"x":2,"y":1}]}"#)
        #expect(try JSONParser.parse(#"[2,1]"#).canonicalBytes() != JSONParser.parse(#"[1,2]"#).canonicalBytes())
    }

    @Test("NaN and infinities cannot be canonicalized; the error names the place")
    func nonFiniteThrows() {
        let value: JSONValue = ["proof": ["a", ["value": .number(.infinity)]]]
        #expect { try value.canonicalBytes() } throws: { error in
            let error = error as? CredentialKitError
            return error?.code == .unrepresentableNumber && error?.reason.contains("proof[1].value") == true
        }
        #expect(throws: CredentialKitError(.unrepresentableNumber, "")) { try JSONValue.number(.nan).canonicalString() }
    }

    @Test("Canonical output parses back to the same value", arguments: 0..<100)
    func canonicalRoundTrip(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(seed))
        let value = JSONValue.random(depth: 4, using: &generator)
        let canonical = try value.canonicalBytes()
        let reparsed = try JSONParser.parse(canonical)
        #expect(reparsed == value)
        #expect(try reparsed.canonicalBytes() == canonical)
    }

    @Test("Every number round-trips through its ECMAScript form")
    func numberRoundTrip() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<20_000 {
            let number = Double(bitPattern: generator.next())
            guard number.isFinite else { continue }
            let text = try #require(ECMAScriptNumber.format(number))
            #expect(Double(text) == number || number == 0)
        }
    }

    /// Runs the ES6 number file of RFC 8785's reference implementation (lines of
    /// `hex-ieee,expected`) when `LAUREL_ES6_NUMBERS` names a copy of it.
    @Test("ES6 number test file, when provided",
          .enabled(if: ProcessInfo.processInfo.environment["LAUREL_ES6_NUMBERS"] != nil, "set LAUREL_ES6_NUMBERS to an es6testfile path"))
    func es6NumberFile() throws {
        let path = try #require(ProcessInfo.processInfo.environment["LAUREL_ES6_NUMBERS"])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var checked = 0
        var failures = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ",")
            guard fields.count == 2, let bits = UInt64(fields[0], radix: 16), Double(bitPattern: bits).isFinite else {
                continue
            }
            let formatted = ECMAScriptNumber.format(Double(bitPattern: bits))
            if formatted != String(fields[1]) {
                failures += 1
                if failures <= 10 { Issue.record("\(fields[0]): expected \(fields[1]), got \(formatted ?? "nil")") }
            }
            checked += 1
        }
        #expect(checked > 0 && failures == 0)
        print("ES6 number file: \(checked) values checked, \(failures) failures")
    }
}
