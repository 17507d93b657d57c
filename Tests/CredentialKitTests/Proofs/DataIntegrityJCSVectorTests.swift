import Foundation
import Testing
@testable import CredentialKit

/// The published W3C test vectors for the JCS cryptosuites, reproduced step by step:
/// canonical forms, hashes, signature and proofValue, then verification of the signed document.
@Suite("Data Integrity JCS vectors", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
struct DataIntegrityJCSVectorTests {
    struct Case: CustomStringConvertible, Sendable {
        var directory: String
        var suffix: String
        var unsigned: String
        var keyPair: String
        var secretMember: String
        var deterministic: Bool
        var description: String { directory }
    }

    static let cases = [
        Case(directory: "w3c-vc-di-eddsa/eddsa-jcs-2022", suffix: "JCS", unsigned: "w3c-vc-di-eddsa/unsigned.json",
             keyPair: "w3c-vc-di-eddsa/keyPair.json", secretMember: "privateKeyMultibase", deterministic: true),
        Case(directory: "w3c-vc-di-ecdsa/ecdsa-jcs-2019-p256", suffix: "JCSECDSAP256", unsigned: "w3c-vc-di-ecdsa/unsigned.json",
             keyPair: "w3c-vc-di-ecdsa/p256KeyPair.json", secretMember: "secretKeyMultibase", deterministic: false),
        Case(directory: "w3c-vc-di-ecdsa/ecdsa-jcs-2019-p384", suffix: "JCSECDSAP384", unsigned: "w3c-vc-di-ecdsa/unsigned.json",
             keyPair: "w3c-vc-di-ecdsa/p384KeyPair.json", secretMember: "secretKeyMultibase", deterministic: false),
    ]

    static func object(_ path: String) throws -> JSONObject {
        try #require(try JSONParser.parse(try Shared.text("vectors/" + path)).objectValue)
    }

    static func text(_ path: String) throws -> String {
        try Shared.text("vectors/" + path).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("canonical forms, hashes and hash data match", arguments: cases)
    func hashes(_ c: Case) throws {
        let unsigned = try Self.object(c.unsigned)
        let proofConfig = try Self.object("\(c.directory)/proofConfig\(c.suffix).json")
        let digest: Digest = c.suffix.hasSuffix("P384") ? .sha384 : .sha256

        let canonicalDocument = try DataIntegrity.canonicalize(unsigned, using: .jcs)
        #expect(String(decoding: canonicalDocument, as: UTF8.self) == (try Self.text("\(c.directory)/canonDoc\(c.suffix).txt")))
        let canonicalProof = try DataIntegrity.canonicalize(proofConfig, using: .jcs)
        #expect(String(decoding: canonicalProof, as: UTF8.self) == (try Self.text("\(c.directory)/proofCanon\(c.suffix).txt")))
        #expect(Hex.encode(digest.hash(canonicalDocument)) == (try Self.text("\(c.directory)/docHash\(c.suffix).txt")))
        #expect(Hex.encode(digest.hash(canonicalProof)) == (try Self.text("\(c.directory)/proofHash\(c.suffix).txt")))

        let hashData = try DataIntegrity.hashData(document: unsigned, proofOptions: proofConfig, canonicalization: .jcs, digest: digest)
        #expect(Hex.encode(hashData) == (try Self.text("\(c.directory)/combinedHash\(c.suffix).txt")))
    }

    @Test("signing reproduces the published proof (EdDSA) or a proof that verifies (ECDSA)", arguments: cases)
    func signing(_ c: Case) throws {
        let unsigned = try Self.object(c.unsigned)
        let published = try Self.object("\(c.directory)/signed\(c.suffix).json")
        let publishedProof = try #require(published["proof"]?.objectValue)
        let keyPair = try JSONParser.parse(try Shared.text("vectors/" + c.keyPair))
        let secret = try #require(keyPair[c.secretMember]?.stringValue)
        let key = try PrivateKey(multibaseSecretKey: secret)
        #expect(key.publicKey.multikey == keyPair["publicKeyMultibase"]?.stringValue)

        let suiteName = try #require(publishedProof["cryptosuite"]?.stringValue)
        let createdText = try #require(publishedProof["created"]?.stringValue)
        let options = DataIntegrity.ProofOptions(
            cryptosuite: try #require(Cryptosuite(rawValue: suiteName)),
            verificationMethod: try #require(publishedProof["verificationMethod"]?.stringValue),
            created: try #require(XSDDateTime.date(from: createdText)))
        let signed = try DataIntegrity.sign(unsigned, options: options, key: key)
        if c.deterministic {
            #expect(signed == published)
            #expect(signed["proof"]?["proofValue"]?.stringValue == (try Self.text("\(c.directory)/sigBTC58\(c.suffix).txt")))
        } else {
            #expect(try DataIntegrity.verify(signed, key: key.publicKey))
        }
    }

    @Test("the published signed document verifies, and fails once changed", arguments: cases)
    func verification(_ c: Case) throws {
        let published = try Self.object("\(c.directory)/signed\(c.suffix).json")
        let method = try #require(published["proof"]?["verificationMethod"]?.stringValue)
        let key = try PublicKey(didKey: String(method.split(separator: "#")[0]))
        #expect(try DataIntegrity.verify(published, key: key))

        var changed = published
        changed["name"] = "Alumni Credential (edited)"
        #expect(try DataIntegrity.verify(changed, key: key) == false)

        var otherContext = published
        otherContext["@context"] = ["https://www.w3.org/ns/credentials/v2"]
        #expect(try DataIntegrity.verify(otherContext, key: key) == false)

        let otherKey = try PrivateKey.generate(key.algorithm).publicKey
        #expect(try DataIntegrity.verify(published, key: otherKey) == false)
    }
}
