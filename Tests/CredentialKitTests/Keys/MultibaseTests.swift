import Testing
@testable import CredentialKit

@Suite("Multibase")
struct MultibaseTests {
    @Test("base58btc known answers (leading zeros become '1's)")
    func base58KnownAnswers() throws {
        let cases: [([UInt8], String)] = [
            ([], "z"), ([0], "z1"), ([0, 0, 1], "z112"), (Array("Hello World!".utf8), "z2NEpo7TZRRrLZSi2U"),
            (Array("The quick brown fox jumps over the lazy dog.".utf8), "zUSm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z"),
        ]
        for (bytes, text) in cases {
            #expect(Multibase.encodeBase58btc(bytes) == text)
            #expect(try Multibase.decode(text) == bytes)
        }
    }

    @Test("base64url known answers, no padding")
    func base64URLKnownAnswers() throws {
        let cases: [([UInt8], String)] = [
            ([], ""), ([0xfb], "-w"), ([0xfb, 0xff], "-_8"), ([0xfb, 0xff, 0xfe], "-__-"), (Array("Man".utf8), "TWFu"),
            (Array("any carnal pleas".utf8), "YW55IGNhcm5hbCBwbGVhcw"),
        ]
        for (bytes, text) in cases {
            #expect(Base64URL.encode(bytes) == text)
            #expect(try Base64URL.decode(text) == bytes)
            #expect(Multibase.encodeBase64URL(bytes) == "u" + text)
            #expect(try Multibase.decode("u" + text) == bytes)
        }
    }

    @Test("random bytes round-trip through both bases")
    func roundTrips() throws {
        for count in [0, 1, 2, 3, 31, 32, 33, 64, 100] {
            let bytes = [0, 0] + SecureRandom.bytes(count)
            #expect(try Multibase.decode(Multibase.encodeBase58btc(bytes)) == bytes)
            #expect(try Multibase.decode(Multibase.encodeBase64URL(bytes)) == bytes)
            #expect(try Base64URL.decode(Base64URL.encode(bytes[...])) == bytes)
        }
    }

    @Test("bad characters are named with their position")
    func badCharacters() {
        let cases: [(String, String)] = [
            ("z3u2en0t", "'0' at position 6"), ("uAB*", "'*' at position 3"), ("z3u2enOt", "'O'"), ("z3u2enlt", "'l'"), ("z3u2enIt", "'I'"),
            ("z3u2 en", "byte 0x20"), ("z3u2é", "byte 0xc3"), ("uAB+C", "'+'"), ("uAB/C", "'/'"), ("uAA==", "padding"),
        ]
        for (text, mention) in cases {
            let error = #expect(throws: CredentialKitError.self, "\(text)") { try Multibase.decode(text) }
            #expect(error?.code == .invalidEncoding)
            #expect(error?.reason.contains(mention) == true, "\(text): \(error?.reason ?? "")")
        }
    }

    @Test("empty text, unknown prefixes, impossible lengths and non-canonical tails are rejected")
    func otherRejections() {
        for text in ["", "m", "fAB", "Qm", "uA", "uAAAAA"] {
            #expect(throws: CredentialKitError(.invalidEncoding, ""), "\(text)") { try Multibase.decode(text) }
        }
        #expect(throws: CredentialKitError(.invalidEncoding, "")) { try Base64URL.decode("-x") }  // unused bits set
        #expect(throws: CredentialKitError(.inputTooLarge, "")) { try Multibase.decode("z" + String(repeating: "2", count: 9000)) }
    }
}
