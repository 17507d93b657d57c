import Testing
@testable import CredentialKit

@Suite("Multikey")
struct MultikeyTests {
    @Test("public Multikey round trip, with the documented prefix and length", arguments: KeyAlgorithm.allCases)
    func roundTrip(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm).publicKey
        let multikey = key.multikey
        #expect(multikey.first == "z")
        #expect(try PublicKey(multikey: multikey) == key)
        let bytes = try Multibase.decode(multikey)
        switch algorithm {
        case .ed25519: #expect(Array(bytes.prefix(2)) == [0xed, 0x01] && bytes.count == 34)
        case .p256: #expect(Array(bytes.prefix(2)) == [0x80, 0x24] && bytes.count == 35)
        case .p384: #expect(Array(bytes.prefix(2)) == [0x81, 0x24] && bytes.count == 51)
        case .rsa: #expect(Array(bytes.prefix(2)) == [0x85, 0x24] && bytes[2] == 0x30)
        }
        if algorithm == .ed25519 { #expect(multikey.hasPrefix("z6Mk")) }
        if algorithm == .p256 { #expect(multikey.hasPrefix("zDn")) }
    }

    @Test("wrong prefix, wrong length, off-curve point, secret key, not base58: rejected with a reason")
    func rejections() throws {
        let ed = try PrivateKey.generate(.ed25519).publicKey
        let p256 = try PrivateKey.generate(.p256).publicKey
        let edBody = Array(try Multibase.decode(ed.multikey).dropFirst(2))
        let p256Body = Array(try Multibase.decode(p256.multikey).dropFirst(2))
        let cases: [(String, String)] = [
            ("Ed25519 too short", Multibase.encodeBase58btc([0xed, 0x01] + edBody.dropLast())),
            ("Ed25519 too long", Multibase.encodeBase58btc([0xed, 0x01] + edBody + [0])),
            ("P-256 uncompressed", Multibase.encodeBase58btc([0x80, 0x24, 0x04] + [UInt8](repeating: 1, count: 64))),
            ("P-256 bad tag", Multibase.encodeBase58btc([0x80, 0x24, 0x05] + p256Body.dropFirst())),
            ("P-256 key under the P-384 prefix", Multibase.encodeBase58btc([0x81, 0x24] + p256Body)),
            ("P-256 x not below the field prime", Multibase.encodeBase58btc([0x80, 0x24, 0x02] + [UInt8](repeating: 0xff, count: 32))),
            ("unknown codec (secp256k1)", Multibase.encodeBase58btc([0xe7, 0x01] + p256Body)),
            ("secret key", Multibase.encodeBase58btc([0x80, 0x26] + [UInt8](repeating: 1, count: 32))),
            ("no varint", Multibase.encodeBase58btc([0xff])),
            ("RSA garbage DER", Multibase.encodeBase58btc([0x85, 0x24, 0x30, 0x03, 0x02, 0x01, 0x01])),
            ("base64url form", Multibase.encodeBase64URL([0xed, 0x01] + edBody)),
        ]
        for (name, text) in cases {
            let error = #expect(throws: CredentialKitError.self, "\(name)") { try PublicKey(multikey: text) }
            #expect(error?.code == .invalidKey, "\(name): \(error?.description ?? "")")
            #expect(error?.reason.isEmpty == false)
        }
        #expect(throws: CredentialKitError(.invalidEncoding, "")) { try PublicKey(multikey: "z6Mk0OIl") }
    }

    @Test("compressed points whose x has no y on the curve are rejected; the others load")
    func pointsOffTheCurve() throws {
        var rejected = 0
        for x in UInt8(1)...16 {
            let text = Multibase.encodeBase58btc([0x80, 0x24, 0x02] + [UInt8](repeating: 0, count: 31) + [x])
            if let key = try? PublicKey(multikey: text) {
                #expect(key.multikey == text)
            } else {
                rejected += 1
            }
        }
        // About half of all x have no point; among 16 values some must be rejected and some accepted.
        #expect(rejected > 0 && rejected < 16)
    }

    @Test("secret Multikey: prefixes, lengths and the Ed25519 seed-plus-public form")
    func secretKeys() throws {
        let seed = SecureRandom.bytes(32)
        let key = try PrivateKey(ed25519Seed: seed)
        #expect(try PrivateKey(multibaseSecretKey: Multibase.encodeBase58btc([0x80, 0x26] + seed)).publicKey == key.publicKey)
        let withPublic = Multibase.encodeBase58btc([0x80, 0x26] + seed + key.publicKey.rawRepresentation)
        #expect(try PrivateKey(multibaseSecretKey: withPublic).publicKey == key.publicKey)
        let mismatched = Multibase.encodeBase58btc([0x80, 0x26] + seed + [UInt8](repeating: 9, count: 32))
        #expect(throws: CredentialKitError(.invalidKey, "")) { try PrivateKey(multibaseSecretKey: mismatched) }
        #expect(throws: CredentialKitError(.invalidKey, "")) { try PrivateKey(multibaseSecretKey: Multibase.encodeBase58btc([0x80, 0x26] + seed.dropLast())) }
        #expect(throws: CredentialKitError(.invalidKey, "")) { try PrivateKey(multibaseSecretKey: key.publicKey.multikey) }
    }

    @Test("varints encode multicodec codes as Multikey does, and reject non-minimal or truncated input")
    func varints() {
        #expect(Varint.encode(0xed) == [0xed, 0x01])
        #expect(Varint.encode(0x1200) == [0x80, 0x24])
        #expect(Varint.encode(0x1205) == [0x85, 0x24])
        #expect(Varint.encode(0) == [0])
        #expect(Varint.decode([0x80, 0x26, 0xff])?.value == 0x1300)
        #expect(Varint.decode([0x80, 0x26, 0xff])?.length == 2)
        #expect(Varint.decode([0x80]) == nil)
        #expect(Varint.decode([0xed, 0x00]) == nil)
        #expect(Varint.decode([UInt8](repeating: 0x80, count: 12)) == nil)
    }
}
