import Foundation
import Testing
@testable import CredentialKit

@Suite("Ed25519")
struct Ed25519Tests {
    struct RFC8032File: Decodable {
        struct Vector: Decodable {
            let name: String
            let secretKey: String
            let publicKey: String
            let message: String
            let signature: String
        }
        let vectors: [Vector]
    }

    static func rfc8032Vectors() throws -> [RFC8032File.Vector] {
        try JSONDecoder().decode(RFC8032File.self, from: Shared.data("vectors/rfc8032-ed25519/ed25519-rfc8032-7.1.json")).vectors
    }

    @Test("RFC 8032 §7.1: public key, signature, verification, and a flipped bit fails",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func rfc8032Vectors() throws {
        let vectors = try Self.rfc8032Vectors()
        #expect(vectors.count >= 4)
        for vector in vectors {
            let key = try PrivateKey(ed25519Seed: KeyTestSupport.hex(vector.secretKey))
            let message = KeyTestSupport.hex(vector.message)
            let expected = KeyTestSupport.hex(vector.signature)
            #expect(key.algorithm == .ed25519)
            #expect(key.publicKey == (try PublicKey(ed25519Raw: KeyTestSupport.hex(vector.publicKey))), "\(vector.name)")
            let signature = try key.sign(message)
            #expect(signature == expected, "\(vector.name)")
            #expect(key.publicKey.isValidSignature(expected, for: message), "\(vector.name)")
            #expect(!key.publicKey.isValidSignature(KeyTestSupport.flippingBit(expected, at: 10), for: message), "\(vector.name)")
            #expect(!key.publicKey.isValidSignature(expected, for: message + [0]), "\(vector.name)")
        }
    }

    @Test("W3C vc-di-eddsa and 1EdTech OB 3.0 secret keys give their published public keys",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)),
          arguments: ["vectors/w3c-vc-di-eddsa/keyPair.json", "vectors/1edtech-ob30-eddsa-rdfc-2022/keyPair.json"])
    func publishedKeyPairs(path: String) throws {
        let pair = try KeyTestSupport.keyPair(path)
        let secret = try #require(pair.secret)
        let key = try PrivateKey(multibaseSecretKey: secret)
        #expect(key.algorithm == .ed25519)
        #expect(key.publicKey.multikey == pair.publicKeyMultibase)
        #expect(try PublicKey(multikey: pair.publicKeyMultibase) == key.publicKey)
    }

    @Test("generate, sign and verify; signatures are deterministic; other keys and messages fail")
    func roundTrip() throws {
        let key = try PrivateKey.generate(.ed25519)
        let other = try PrivateKey.generate(.ed25519)
        let message = KeyTestSupport.combinedHashLikeMessage
        let signature = try key.sign(message)
        #expect(signature.count == 64)
        #expect(try key.sign(message) == signature)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(key.publicKey.isValidSignature(signature[...], for: message[...]))  // slices work too
        #expect(!other.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: KeyTestSupport.flippingBit(message, at: 0)))
        #expect(key.publicKey != other.publicKey)
    }

    @Test("malformed signatures are false, never a crash")
    func malformedSignatures() throws {
        let key = try PrivateKey.generate(.ed25519)
        let message: [UInt8] = [1, 2, 3]
        let signature = try key.sign(message)
        for bad in [[], Array(signature.prefix(63)), signature + [0], [UInt8](repeating: 0, count: 64), [UInt8](repeating: 0xff, count: 64)] {
            #expect(!key.publicKey.isValidSignature(bad, for: message))
        }
    }

    @Test("one key signs and verifies from many tasks at once")
    func concurrentUse() async throws {
        let key = try PrivateKey.generate(.ed25519)
        let allValid = await withTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    (0..<50).allSatisfy { index in
                        let message: [UInt8] = [UInt8(task), UInt8(index)]
                        guard let signature = try? key.sign(message) else { return false }
                        return key.publicKey.isValidSignature(signature, for: message)
                            && !key.publicKey.isValidSignature(signature, for: message + [0])
                    }
                }
            }
            return await group.allSatisfy { $0 }
        }
        #expect(allValid)
    }

    @Test("seeds and raw public keys of the wrong size are rejected")
    func wrongSizes() {
        #expect(throws: CredentialKitError(.invalidKey, "")) { try PrivateKey(ed25519Seed: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: CredentialKitError(.invalidKey, "")) { try PrivateKey(ed25519Seed: []) }
        #expect(throws: CredentialKitError(.invalidKey, "")) { try PublicKey(ed25519Raw: [UInt8](repeating: 1, count: 33)) }
    }

    @Test("SecureRandom gives the requested count and differs between calls")
    func secureRandom() {
        #expect(SecureRandom.bytes(0).isEmpty)
        let first = SecureRandom.bytes(32)
        #expect(first.count == 32)
        #expect(first != SecureRandom.bytes(32))
    }
}
