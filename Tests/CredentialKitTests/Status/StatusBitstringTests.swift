import Testing
@testable import CredentialKit

@Suite("StatusBitstring")
struct StatusBitstringTests {
    static let directory = "vectors/bitstring-status-list"

    /// One case of encodedList-cases.json.
    struct EncodedListCase {
        let source: String
        let encodedList: String
        let expectedBitLength: Int
        let expectedSetIndices: [Int]
    }

    static func encodedListCases() throws -> [EncodedListCase] {
        guard Shared.available else { return [] }
        let array = try #require(try sharedJSON("\(directory)/encodedList-cases.json").arrayValue)
        return try array.map { object in
            EncodedListCase(
                source: try #require(object["source"]?.stringValue),
                encodedList: try #require(object["encodedList"]?.stringValue),
                expectedBitLength: try #require(object["expectedBitLength"]?.doubleValue.map { Int($0) }),
                expectedSetIndices: try #require(object["expectedSetIndices"]?.arrayValue).map { try #require($0.doubleValue.map { Int($0) }) })
        }
    }

    @Test("encodedList-cases.json: each list decodes to exactly its expected set indices",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func publishedCases() throws {
        let cases = try Self.encodedListCases()
        #expect(cases.count >= 4)
        for testCase in cases {
            let bitstring = try StatusBitstring(encodedList: testCase.encodedList)
            #expect(bitstring.bitCount == testCase.expectedBitLength, "\(testCase.source)")
            #expect(bitstring.setIndices == testCase.expectedSetIndices, "\(testCase.source)")
            for index in testCase.expectedSetIndices {
                #expect(bitstring.value(at: index) == 1)
                #expect(bitstring.value(at: index + 1) == 0)
            }
        }
    }

    @Test("the W3C example status list credential holds 131,072 zero bits",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func w3cExample() throws {
        let credential = try sharedJSON("\(Self.directory)/w3c-example-statusListCredential.json")
        let subject = try BitstringStatusListSubject(json: try #require(credential["credentialSubject"]))
        #expect(subject.statusPurposes == ["revocation"])
        let bitstring = try subject.bitstring()
        #expect(bitstring.bitCount == 131_072)
        #expect(bitstring.bytes.allSatisfy { $0 == 0 })
        #expect(bitstring.setIndices.isEmpty)
        // The W3C example credential's entry points into this list.
        let revocable = try sharedJSON("\(Self.directory)/w3c-example-revocableCredential.json")
        let entry = try BitstringStatusListEntry(json: try #require(revocable["credentialStatus"]))
        #expect(bitstring.value(at: entry.statusListIndex, statusSize: entry.statusSize) == 0)
    }

    @Test("bit 0 is the most significant bit of byte 0; the last bit is the least significant bit of the last byte")
    func bitOrder() throws {
        var bitstring = StatusBitstring(bitCount: 24)
        bitstring[0] = true
        #expect(bitstring.bytes == [0x80, 0, 0])
        bitstring[9] = true
        #expect(bitstring.bytes == [0x80, 0x40, 0])
        bitstring[23] = true
        #expect(bitstring.bytes == [0x80, 0x40, 0x01])
        bitstring[0] = false
        #expect(bitstring.bytes == [0x00, 0x40, 0x01])
        #expect(bitstring.setIndices == [9, 23])

        let fromBytes = try StatusBitstring(bytes: [0b1010_0000, 0b0000_0011])
        #expect(fromBytes.setIndices == [0, 2, 14, 15])
        #expect(fromBytes[2] && !fromBytes[1] && !fromBytes[7] && fromBytes[15])
    }

    @Test("multi-bit statuses: entry i is bits i*size ..< (i+1)*size, first bit most significant")
    func multiBitValues() throws {
        var bitstring = StatusBitstring(bitCount: 16)
        bitstring.setValue(0b10, at: 1, statusSize: 2)      // bits 2, 3
        #expect(bitstring.bytes == [0b0010_0000, 0])
        bitstring.setValue(0b101, at: 4, statusSize: 3)     // bits 12, 13, 14
        #expect(bitstring.bytes == [0b0010_0000, 0b0000_1010])
        #expect(bitstring.value(at: 1, statusSize: 2) == 2)
        #expect(bitstring.value(at: 0, statusSize: 2) == 0)
        #expect(bitstring.value(at: 4, statusSize: 3) == 5)
        #expect(bitstring.value(at: 0, statusSize: 16) == 0x200a)
        bitstring.setValue(0, at: 1, statusSize: 2)
        #expect(bitstring.bytes == [0, 0b0000_1010])

        var wide = StatusBitstring(bitCount: 128)
        wide.setValue(UInt.max, at: 1, statusSize: 64)
        #expect(wide.value(at: 1, statusSize: 64) == UInt.max)
        #expect(wide.value(at: 0, statusSize: 64) == 0)
    }

    @Test("out-of-range entries and unsupported sizes read as nil")
    func outOfRange() {
        let bitstring = StatusBitstring(bitCount: 16)
        #expect(bitstring.value(at: 15) == 0)
        #expect(bitstring.value(at: 16) == nil)
        #expect(bitstring.value(at: -1) == nil)
        #expect(bitstring.value(at: 7, statusSize: 2) == 0)
        #expect(bitstring.value(at: 8, statusSize: 2) == nil)
        #expect(bitstring.value(at: 5, statusSize: 3) == nil)   // bits 15...17
        #expect(bitstring.value(at: 0, statusSize: 0) == nil)
        #expect(bitstring.value(at: 0, statusSize: 65) == nil)
        #expect(bitstring.value(at: Int.max, statusSize: 2) == nil)
        #expect(bitstring.value(at: Int.max / 2 + 1, statusSize: 2) == nil)
    }

    @Test("encode then decode round-trips random sets over 131,072 bits", arguments: [0.0, 0.01, 0.5])
    func roundTrip(density: Double) throws {
        var rng = SplitMix64(seed: UInt64(density * 1000) + 7)
        var bitstring = StatusBitstring(bitCount: 131_072)
        var expected = Set<Int>()
        for index in 0..<131_072 where Double.random(in: 0..<1, using: &rng) < density {
            bitstring[index] = true
            expected.insert(index)
        }
        let encoded = try bitstring.encodedList()
        #expect(encoded.hasPrefix("u"))
        #expect(!encoded.contains("=") && !encoded.contains("+") && !encoded.contains("/"))
        let decoded = try StatusBitstring(encodedList: encoded)
        #expect(decoded == bitstring)
        #expect(decoded.setIndices == expected.sorted())
    }

    @Test("our encoding of an all-zero list matches the spec example's decoded content",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func interoperableEncoding() throws {
        let example = try #require(try Self.encodedListCases().first)
        let ours = try StatusBitstring(bitCount: example.expectedBitLength).encodedList()
        #expect(try StatusBitstring(encodedList: ours) == StatusBitstring(encodedList: example.encodedList))
    }

    @Test("encodedList values without the 'u' prefix, with padding or with base64 characters are refused")
    func malformedEncodedList() throws {
        let good = try StatusBitstring(bitCount: 131_072).encodedList()
        let body = String(good.dropFirst())
        let standardBase64 = body.replacingOccurrences("-", with: "+").replacingOccurrences("_", with: "/")
        let cases: [(String, String)] = [
            ("", "empty"),
            (body, "legacy value with no multibase prefix"),
            ("z" + body, "base58btc prefix"),
            ("U" + body, "upper-case prefix"),
            ("u" + standardBase64, "standard base64 alphabet"),
            (good + "==", "padding"),
            (good + " ", "trailing space"),
            ("u", "prefix only"),
            ("u" + body.dropLast(), "truncated by one character"),
            ("u" + body.dropLast(4), "truncated by four characters"),
            ("uAAAA", "not GZIP"),
            (good + "AAAA", "trailing bytes after the GZIP member"),
        ]
        for (value, label) in cases where value != good {
            let error = #expect(throws: CredentialKitError.self, "\(label)") { try StatusBitstring(encodedList: value) }
            #expect(error?.code == .invalidStatusList, "\(label): \(error?.reason ?? "")")
        }
        // A non-canonical final character (unused bits set) is refused as well.
        let padded = try #require(StatusListBase64.decode("AQ", field: "test").first)
        #expect(padded == 1)
        #expect(throws: CredentialKitError(.invalidStatusList, "")) { try StatusListBase64.decode("AR", field: "test") }
    }

    @Test("base64url encodes RFC 4648 test vectors and decodes them back")
    func base64url() throws {
        let vectors = ["": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(StatusListBase64.encode(Array(plain.utf8)) == encoded)
            #expect(try StatusListBase64.decode(encoded, field: "test") == Array(plain.utf8))
        }
        #expect(StatusListBase64.encode([0xfb, 0xff]) == "-_8")
        #expect(try StatusListBase64.decode("-_8", field: "test") == [0xfb, 0xff])
        #expect(throws: CredentialKitError(.invalidStatusList, "")) { try StatusListBase64.decode("Zm9vY", field: "test") }
        #expect(throws: CredentialKitError(.invalidStatusList, "")) { try StatusListBase64.decode("Zm9v\u{e9}", field: "test") }
    }

    @Test("maxBytes caps the expanded list")
    func maxBytes() throws {
        let encoded = try StatusBitstring(bitCount: 131_072).encodedList()
        #expect(try StatusBitstring(encodedList: encoded, maxBytes: 16_384).bitCount == 131_072)
        #expect(throws: CredentialKitError(.statusListTooLarge, "")) {
            try StatusBitstring(encodedList: encoded, maxBytes: 16_383)
        }
        let bomb = "u" + StatusListBase64.encode(zerosGZip(groups: 40_000, withCRC: false).gzip)
        #expect(throws: CredentialKitError(.statusListTooLarge, "")) { try StatusBitstring(encodedList: bomb, maxBytes: 1 << 20) }
        let huge = "u" + String(repeating: "A", count: 10_000)
        #expect(throws: CredentialKitError(.statusListTooLarge, "")) { try StatusBitstring(encodedList: huge, maxBytes: 16) }
    }

    @Test("measure: encoding a 131,072-entry list with ~1% of bits set")
    func measureEncode() throws {
        var rng = SplitMix64(seed: 42)
        var bitstring = StatusBitstring(bitCount: 131_072)
        for _ in 0..<1_311 { bitstring[Int.random(in: 0..<131_072, using: &rng)] = true }
        let clock = ContinuousClock()
        var encoded = ""
        let rounds = 20
        let elapsed = try clock.measure {
            for _ in 0..<rounds { encoded = try bitstring.encodedList() }
        }
        let decodeElapsed = try clock.measure {
            for _ in 0..<rounds { _ = try StatusBitstring(encodedList: encoded) }
        }
        print("StatusBitstring: encode 131,072 bits with \(bitstring.setIndices.count) set: \(elapsed / rounds) each, \(encoded.count) characters; decode: \(decodeElapsed / rounds) each")
        #expect(try StatusBitstring(encodedList: encoded) == bitstring)
    }
}

private extension String {
    func replacingOccurrences(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
