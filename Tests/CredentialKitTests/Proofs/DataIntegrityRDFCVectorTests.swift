import Foundation
import Testing
@testable import CredentialKit

/// The published RDFC test vectors — W3C EdDSA and ECDSA cryptosuites, the legacy
/// Ed25519Signature2020, and the 1EdTech Open Badges 3.0 proof — reproduced byte for byte:
/// canonical N-Quads, hashes, hash data, signatures and proofValue.
@Suite("Data Integrity RDFC vectors", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
struct DataIntegrityRDFCVectorTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var unsigned: String
        var proofConfig: String
        var canonDocument: String
        var canonProof: String
        var documentHash: String
        var proofHash: String
        var combinedHash: String
        var signatureHex: String?
        var proofValue: String?
        var signed: String
        var secretKey: (file: String, member: String)?
        var deterministic: Bool
        var description: String { name }
    }

    static func w3c(_ dir: String, _ suffix: String, unsigned: String, keyPair: String, member: String, deterministic: Bool) -> Case {
        Case(name: dir, unsigned: unsigned, proofConfig: "\(dir)/proofConfig\(suffix).json",
             canonDocument: "\(dir)/canonDoc\(suffix).txt", canonProof: "\(dir)/proofCanon\(suffix).txt",
             documentHash: "\(dir)/docHash\(suffix).txt", proofHash: "\(dir)/proofHash\(suffix).txt",
             combinedHash: "\(dir)/combinedHash\(suffix).txt", signatureHex: "\(dir)/sigHex\(suffix).txt",
             proofValue: "\(dir)/sigBTC58\(suffix).txt", signed: "\(dir)/signed\(suffix).json",
             secretKey: (keyPair, member), deterministic: deterministic)
    }

    /// Declined: the `employ/` vectors use https://w3id.org/citizenship/v4rc1, a context
    /// ../shared/vectors/contexts does not carry; Laurel never fetches contexts, so it cannot
    /// expand them (the error names the context — see "an unpinned context is named" below).
    static let cases: [Case] = [
        w3c("w3c-vc-di-eddsa/eddsa-rdfc-2022", "DataInt", unsigned: "w3c-vc-di-eddsa/unsigned.json",
            keyPair: "w3c-vc-di-eddsa/keyPair.json", member: "privateKeyMultibase", deterministic: true),
        w3c("w3c-vc-di-ecdsa/ecdsa-rdfc-2019-p256", "ECDSAP256", unsigned: "w3c-vc-di-ecdsa/unsigned.json",
            keyPair: "w3c-vc-di-ecdsa/p256KeyPair.json", member: "secretKeyMultibase", deterministic: false),
        w3c("w3c-vc-di-ecdsa/ecdsa-rdfc-2019-p384", "ECDSAP384", unsigned: "w3c-vc-di-ecdsa/unsigned.json",
            keyPair: "w3c-vc-di-ecdsa/p384KeyPair.json", member: "secretKeyMultibase", deterministic: false),
        Case(name: "1edtech-ob30-eddsa-rdfc-2022", unsigned: "1edtech-ob30-eddsa-rdfc-2022/unsignedCredential.json",
             proofConfig: "1edtech-ob30-eddsa-rdfc-2022/proofConfig.json",
             canonDocument: "1edtech-ob30-eddsa-rdfc-2022/documentCanon.nq", canonProof: "1edtech-ob30-eddsa-rdfc-2022/proofCanon.nq",
             documentHash: "expected:documentHashHex", proofHash: "expected:proofHashHex",
             combinedHash: "expected:dataToSignHex (proofHash || documentHash)", signatureHex: "expected:signatureHex",
             proofValue: "expected:proofValue (multibase base58btc, spec mislabels it hex)",
             signed: "1edtech-ob30-eddsa-rdfc-2022/signedCredential.json",
             secretKey: ("1edtech-ob30-eddsa-rdfc-2022/keyPair.json", "secretKeyMultibase"), deterministic: true),
    ]

    static func object(_ path: String) throws -> JSONObject {
        try #require(try JSONParser.parse(try Shared.text("vectors/" + path)).objectValue)
    }

    /// A file's text, or a member of the 1EdTech `expected.json` written as `expected:<member>`.
    static func expected(_ reference: String) throws -> String {
        if reference.hasPrefix("expected:") {
            let expected = try object("1edtech-ob30-eddsa-rdfc-2022/expected.json")
            return try #require(expected[String(reference.dropFirst("expected:".count))]?.stringValue)
        }
        return try Shared.text("vectors/" + reference).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func privateKey(_ c: Case) throws -> PrivateKey {
        let reference = try #require(c.secretKey)
        let keyPair = try object(reference.file)
        let secret = try #require(keyPair[reference.member]?.stringValue)
        return try PrivateKey(multibaseSecretKey: secret)
    }

    static func digest(_ c: Case) -> Digest { c.name.contains("p384") ? .sha384 : .sha256 }

    @Test("canonical N-Quads, hashes and hash data match", arguments: cases)
    func canonicalForms(_ c: Case) throws {
        let unsigned = try Self.object(c.unsigned)
        let proofConfig = try Self.object(c.proofConfig)
        let digest = Self.digest(c)
        let canonicalDocument = try DataIntegrity.canonicalize(unsigned, using: .rdfc)
        #expect(String(decoding: canonicalDocument, as: UTF8.self) == (try Shared.text("vectors/" + c.canonDocument)))
        // Again, from remembered expansions (ExpansionMemo) and proof configuration hashes.
        for _ in 0..<2 {
            #expect(try DataIntegrity.canonicalize(unsigned, using: .rdfc) == canonicalDocument)
        }
        var config = proofConfig
        config["@context"] = unsigned["@context"]
        let canonicalProof = try DataIntegrity.canonicalize(config, using: .rdfc)
        #expect(String(decoding: canonicalProof, as: UTF8.self) == (try Shared.text("vectors/" + c.canonProof)))
        #expect(Hex.encode(digest.hash(canonicalDocument)) == (try Self.expected(c.documentHash)))
        #expect(Hex.encode(digest.hash(canonicalProof)) == (try Self.expected(c.proofHash)))
        let hashData = try DataIntegrity.hashData(document: unsigned, proofOptions: proofConfig, canonicalization: .rdfc, digest: digest)
        #expect(Hex.encode(hashData) == (try Self.expected(c.combinedHash)))
    }

    @Test("signing reproduces the published proof (EdDSA) or one that verifies (ECDSA)", arguments: cases)
    func signing(_ c: Case) throws {
        let unsigned = try Self.object(c.unsigned)
        let published = try Self.object(c.signed)
        let proof = try #require(published["proof"]?.objectValue)
        let key = try Self.privateKey(c)
        let suiteName = try #require(proof["cryptosuite"]?.stringValue)
        let created = try #require(proof["created"]?.stringValue)
        let options = DataIntegrity.ProofOptions(
            cryptosuite: try #require(Cryptosuite(rawValue: suiteName)),
            verificationMethod: try #require(proof["verificationMethod"]?.stringValue),
            created: try #require(XSDDateTime.date(from: created)))
        let signed = try DataIntegrity.sign(unsigned, options: options, key: key)
        if c.deterministic {
            #expect(signed == published)
            let proofValue = try #require(signed["proof"]?["proofValue"]?.stringValue)
            let expectedProofValue = try #require(c.proofValue)
            let expectedSignature = try #require(c.signatureHex)
            #expect(proofValue == (try Self.expected(expectedProofValue)))
            #expect(Hex.encode(try Multibase.decode(proofValue)) == (try Self.expected(expectedSignature)))
        }
        #expect(try DataIntegrity.verify(signed, key: key.publicKey))
        #expect(try DataIntegrity.verify(published, key: key.publicKey))
    }

    @Test("changing a value, a language tag or the type of a term makes the published proof fail", arguments: cases)
    func tampering(_ c: Case) throws {
        let published = try Self.object(c.signed)
        let key = try Self.privateKey(c).publicKey
        var changed = published
        changed["validFrom"] = "2011-01-01T00:00:00Z"
        #expect(try DataIntegrity.verify(changed, key: key) == false)
    }

    @Test("a credential whose context is not pinned fails with the context's URL")
    func unpinnedContext() throws {
        let employment = try Self.object("w3c-vc-di-eddsa/employmentAuth.json")
        #expect {
            _ = try DataIntegrity.canonicalize(employment, using: .rdfc)
        } throws: { error in
            (error as? CredentialKitError)?.code == .contextNotPinned && "\(error)".contains("https://w3id.org/citizenship/v4rc1")
        }
    }

    @Test("Ed25519Signature2020: hashes match and the published proof verifies")
    func ed25519Signature2020() throws {
        let dir = "w3c-vc-di-eddsa/Ed25519Signature2020"
        let signed = try Self.object("\(dir)/signedEdSig.json")
        var unsigned = signed
        unsigned["proof"] = nil
        let canonical = try DataIntegrity.canonicalize(unsigned, using: .rdfc)
        #expect(String(decoding: canonical, as: UTF8.self) == (try Shared.text("vectors/\(dir)/canonDocEdSig.txt")))
        let hashData = try DataIntegrity.hashData(document: unsigned, proofOptions: try Self.object("\(dir)/proofConfigEdSig.json"),
                                                  canonicalization: .rdfc, digest: .sha256)
        #expect(Hex.encode(hashData) == (try Self.expected("\(dir)/combinedHashEdSig.txt")))
        let keyPair = try Self.object("w3c-vc-di-eddsa/keyPair.json")
        let key = try PublicKey(multikey: try #require(keyPair["publicKeyMultibase"]?.stringValue))
        #expect(try DataIntegrity.verify(signed, key: key))
        var changed = signed
        changed["name"] = "Alumni Credential!"
        #expect(try DataIntegrity.verify(changed, key: key) == false)
    }
}
