import Testing
@testable import CredentialKit

@Suite("RSA")
struct RSATests {
    @Test("generate → PKCS #8 PEM → reload → sign → verify", arguments: [2048, 3072])
    func roundTrip(bits: Int) throws {
        let key = try PrivateKey.generate(.rsa, rsaBits: bits)
        #expect(key.algorithm == .rsa)
        let reloaded = try PrivateKey(pem: try key.pkcs8PEM())
        #expect(reloaded.publicKey == key.publicKey)
        let message = KeyTestSupport.combinedHashLikeMessage
        let signature = try reloaded.sign(message)
        #expect(signature.count == bits / 8)
        #expect(try key.sign(message) == signature)  // PKCS #1 v1.5 is deterministic
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(KeyTestSupport.flippingBit(signature, at: 100), for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: KeyTestSupport.flippingBit(message, at: 63)))
        #expect(!key.publicKey.isValidSignature(signature.dropLast(), for: message))
        #expect(!key.publicKey.isValidSignature([UInt8](repeating: 0xff, count: bits / 8), for: message))
        #expect(!key.publicKey.isValidSignature([], for: message))
    }

    @Test("only 2048 and 3072 bit keys are generated")
    func generationSizes() {
        for bits in [1024, 2047, 4096] {
            #expect(throws: CredentialKitError(.unsupportedKeyType, "")) { try PrivateKey.generate(.rsa, rsaBits: bits) }
        }
    }

    @Test("public keys with a small modulus or a bad exponent are rejected")
    func weakPublicKeys() throws {
        let small = JSONValue.object(["kty": "RSA", "n": .string(Base64URL.encode([UInt8](repeating: 0xc5, count: 128))), "e": "AQAB"])
        #expect(throws: CredentialKitError(.invalidKey, "")) { try PublicKey(jwk: small) }
        let modulus = Base64URL.encode([0xc5] + [UInt8](repeating: 0x11, count: 255))
        for exponent in ["AQ", "Ag", "AQAAAAAAAAAB", ""] {  // 1, 2 (even), 9 bytes, empty
            let jwk = JSONValue.object(["kty": "RSA", "n": .string(modulus), "e": .string(exponent)])
            #expect(throws: CredentialKitError(.invalidKey, ""), "e = \(exponent)") { try PublicKey(jwk: jwk) }
        }
    }
}
