import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// `keys rotate`: credentials signed before a rotation still verify after it; the retired key is
/// refused for anything dated after its retirement.
@Suite("Key rotation")
struct KeyRotationTests {
    @Test("before the rotation: VERIFIED, naming the retirement; after it with the old key: TAMPERED, naming the key and dates; the new key: VERIFIED")
    func rotation() async throws {
        let fixture = try Fixture(.ed25519, issuerID: "https://example.edu/issuers/cc")
        let before = try fixture.issue(.eddsaRdfc2022)
        var workspace = fixture.workspace
        let (retired, current) = try workspace.rotateKey(at: Date().addingTimeInterval(1))
        #expect(retired.verificationMethod != current.verificationMethod)
        #expect(retired.retired != nil && current.retired == nil)
        let after = try WorkspaceIssuer(workspace: workspace).issue(
            IssueRequest(achievementID: "cc-core", recipientName: "Bea", recipientEmail: "bea@example.org", proof: .eddsaJcs2022))
        try WorkspaceIssuer(workspace: workspace).publishStatusLists()   // signed with the new key
        let resources = LocalResources(files: try workspace.publishedDocuments())
        let verifier = Verifier(fetcher: resources)

        let old = try await verifier.verify(bytes: before.contents)
        #expect(old.verdict == .verified, "\(old.checks)")
        #expect(old.result(of: .issuerKey)?.code == "issuer_key_retired")
        #expect(old.result(of: .issuerKey)?.message.contains(retired.retired ?? "-") == true)
        let new = try await verifier.verify(bytes: after.contents)
        #expect(new.verdict == .verified, "\(new.checks)")
        #expect(new.result(of: .issuerKey)?.code == "issuer_key")

        // Someone still signing with the retired key after its retirement.
        let oldKey = try fixture.workspace.privateKey(retired, passphrase: nil)
        var document = try #require(try JSONParser.parse(after.contents).objectValue)
        document["proof"] = nil
        let late = try DataIntegrity.sign(document, options: .init(
            cryptosuite: .eddsaJcs2022, verificationMethod: retired.verificationMethod, created: Date().addingTimeInterval(60)), key: oldKey)
        let refused = await verifier.verify(try CredentialInput(bytes: JSONValue.object(late).serializedBytes()))
        #expect(refused.verdict == .tampered, "\(refused.checks)")
        let problem = try #require(refused.result(of: .issuerKey))
        #expect(problem.code == "key_used_after_retirement")
        #expect(problem.message.contains(retired.verificationMethod) && problem.message.contains(retired.retired ?? "-"))

        // The workspace signs only with the current key.
        #expect(try workspace.keyEntry(for: .eddsaRdfc2022).verificationMethod == current.verificationMethod)
    }

    @Test("a key its controller revoked is refused whatever the proof's date; an expires that is not a date makes the key unusable")
    func revokedKey() async throws {
        let key = try PrivateKey.generate(.ed25519)
        let issuer = "https://example.edu/issuers/x"
        func document(_ extra: JSONObject) -> JSONValue {
            var method: JSONObject = ["id": .string(issuer + "#k"), "type": "Multikey", "controller": .string(issuer),
                                      "publicKeyMultibase": .string(key.publicKey.multikey)]
            for (name, value) in extra { method[name] = value }
            return ["id": .string(issuer), "verificationMethod": [.object(method)]]
        }
        var credential = try EveryProblemTests.resigned(by: key)
        credential["proof"] = nil
        credential["issuer"] = ["id": .string(issuer), "type": ["Profile"], "name": "X"]
        let signed = try DataIntegrity.sign(credential, options: .init(cryptosuite: .eddsaJcs2022, verificationMethod: issuer + "#k"), key: key)
        let bytes = JSONValue.object(signed).serializedBytes()
        func verify(_ extra: JSONObject) async throws -> VerificationReport {
            let temp = try TemporaryDirectory()
            try Data(document(extra).serializedBytes()).write(to: temp.path("issuer.json"))
            return await Verifier(fetcher: LocalResources(files: [issuer: temp.path("issuer.json").path])).verify(try CredentialInput(bytes: bytes))
        }
        #expect(try await verify([:]).verdict == .verified)
        let revoked = try await verify(["revoked": "2020-01-01T00:00:00Z"])
        #expect(revoked.verdict == .tampered && revoked.result(of: .issuerKey)?.code == "key_revoked", "\(revoked.checks)")
        let garbled = try await verify(["expires": "next week"])
        #expect(garbled.verdict == .malformed, "\(garbled.checks)")
    }
}
