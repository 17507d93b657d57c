import Testing
@testable import CredentialKit

@Suite("JWK")
struct JWKTests {
    @Test("JWK round trip with members in lexicographic order", arguments: KeyAlgorithm.allCases)
    func roundTrip(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm).publicKey
        let jwk = key.jwk
        let members = try #require(jwk.objectValue)
        #expect(members.keys == members.keys.sorted())
        #expect(try PublicKey(jwk: jwk) == key)
        switch algorithm {
        case .ed25519: #expect(members.keys == ["crv", "kty", "x"] && jwk["kty"] == "OKP" && jwk["crv"] == "Ed25519")
        case .p256, .p384: #expect(members.keys == ["crv", "kty", "x", "y"] && jwk["kty"] == "EC" && jwk["crv"] == .string(algorithm.displayName))
        case .rsa: #expect(members.keys == ["e", "kty", "n"] && jwk["e"] == "AQAB")
        }
    }

    @Test("EC JWK x and y are the coordinates of the Multikey's compressed point", arguments: [KeyAlgorithm.p256, .p384])
    func coordinatesMatchMultikey(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm).publicKey
        let compressed = Array(try Multibase.decode(key.multikey).dropFirst(2))
        let x = try Base64URL.decode(try #require(key.jwk["x"]?.stringValue))
        let y = try Base64URL.decode(try #require(key.jwk["y"]?.stringValue))
        #expect(x.count == algorithm.coordinateByteCount && y.count == algorithm.coordinateByteCount)
        #expect(Array(compressed.dropFirst()) == x)
        #expect(compressed.first == ((y.last ?? 0) & 1 == 1 ? 0x03 : 0x02))
    }

    @Test("the Ed25519 JWK x is the Multikey's key bytes")
    func ed25519MatchesMultikey() throws {
        let key = try PrivateKey.generate(.ed25519).publicKey
        let x = try Base64URL.decode(try #require(key.jwk["x"]?.stringValue))
        #expect(Array(try Multibase.decode(key.multikey).dropFirst(2)) == x)
    }

    @Test("a private member \"d\" is ignored, never required")
    func privateMemberIgnored() throws {
        let key = try PrivateKey.generate(.p256).publicKey
        var members = try #require(key.jwk.objectValue)
        members["d"] = "AAAA"
        #expect(try PublicKey(jwk: .object(members)) == key)
    }

    @Test("wrong kty or crv, missing or malformed members, off-curve points: .invalidKey")
    func rejections() throws {
        let p256 = try #require(try PrivateKey.generate(.p256).publicKey.jwk.objectValue)
        let ed = try #require(try PrivateKey.generate(.ed25519).publicKey.jwk.objectValue)
        func changing(_ members: JSONObject, _ name: String, to value: JSONValue?) -> JSONValue {
            var copy = members
            copy[name] = value
            return .object(copy)
        }
        let y = try Base64URL.decode(try #require(p256["y"]?.stringValue))
        let cases: [(String, JSONValue)] = [
            ("not an object", .array([])),
            ("kty oct", changing(p256, "kty", to: "oct")),
            ("crv P-521", changing(p256, "crv", to: "P-521")),
            ("crv missing", changing(p256, "crv", to: nil)),
            ("OKP with crv X25519", changing(ed, "crv", to: "X25519")),
            ("y missing", changing(p256, "y", to: nil)),
            ("x not a string", changing(p256, "x", to: 5)),
            ("x with padding", changing(ed, "x", to: .string((ed["x"]?.stringValue ?? "") + "="))),
            ("x too short", changing(ed, "x", to: "AAAA")),
            ("y off the curve", changing(p256, "y", to: .string(Base64URL.encode(KeyTestSupport.flippingBit(y, at: 31))))),
        ]
        // A well-formed key of a curve Laurel does not verify is unsupported, not invalid.
        let unsupported: Set<String> = ["crv P-521", "OKP with crv X25519"]
        for (name, jwk) in cases {
            let error = #expect(throws: CredentialKitError.self, "\(name)") { try PublicKey(jwk: jwk) }
            #expect(error?.code == (unsupported.contains(name) ? .unsupportedKeyType : .invalidKey), "\(name): \(error?.description ?? "")")
        }
    }
}
