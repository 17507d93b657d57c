import Testing
@testable import CredentialKit

@Suite("DidKey")
struct DidKeyTests {
    @Test("did:key and its verification method round-trip", arguments: KeyAlgorithm.allCases)
    func roundTrip(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm).publicKey
        #expect(key.didKey == "did:key:" + key.multikey)
        #expect(key.didKeyVerificationMethod == "did:key:\(key.multikey)#\(key.multikey)")
        #expect(try PublicKey(didKey: key.didKey) == key)
        #expect(try PublicKey(didKey: key.didKeyVerificationMethod) == key)
    }

    @Test("the W3C Ed25519 key as did:key", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func publishedKey() throws {
        let pair = try KeyTestSupport.keyPair("vectors/w3c-vc-di-eddsa/keyPair.json")
        let key = try PublicKey(didKey: "did:key:" + pair.publicKeyMultibase)
        #expect(key.algorithm == .ed25519)
        #expect(key.didKeyVerificationMethod == "did:key:\(pair.publicKeyMultibase)#\(pair.publicKeyMultibase)")
    }

    @Test("other DID methods, a fragment naming another key, and bad keys are rejected")
    func rejections() throws {
        let key = try PrivateKey.generate(.ed25519).publicKey
        let other = try PrivateKey.generate(.ed25519).publicKey
        for text in ["did:web:example.com", "did:key:", "key:\(key.multikey)", "did:key:\(key.multikey)#\(other.multikey)",
                     "did:key:\(key.multikey)#", "did:key:u7QE"] {
            #expect(throws: CredentialKitError(.invalidKey, ""), "\(text)") { try PublicKey(didKey: text) }
        }
    }
}
