import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

@Suite("Proof policy")
struct ProofPolicyTests {
    @Test("a valid proof passes with its code and leaves the signing key for later checks; a changed one ends as TAMPERED")
    func codes() async throws {
        let fixture = try Fixture()
        let issued = try fixture.issue(.eddsaRdfc2022).contents
        var context = VerificationContext(input: try CredentialInput(bytes: issued), time: Date(), fetcher: LocalResources(),
                                          keyResolver: StandardKeyResolver(), statusLists: StatusListMemo())
        _ = await FormatPolicy().evaluate(&context)
        let results = await ProofPolicy().evaluate(&context)
        #expect(results.map(\.code) == ["signature_valid", "issuer_key"])
        #expect(results.allSatisfy { $0.verdict == nil && !$0.endsVerification })
        #expect(context.signingKey?.resolved?.controller == fixture.workspace.config.issuer.id)

        var document = try #require(try JSONParser.parse(issued).objectValue)
        document["name"] = "Something else"
        let report = await Verifier().verify(try CredentialInput(bytes: JSONValue.object(document).serializedBytes()))
        #expect(report.result(of: .proof)?.code == "signature_mismatch")
        #expect(report.result(of: .proof)?.endsVerification == true)
        #expect(report.result(of: .validity) == nil, "nothing after a failed proof is checked")
        #expect(report.credential == nil)
    }
}

@Suite("Key collection")
struct KeyCollectionTests {
    @Test("an https issuer's pinned key verifies without its document; an unpinned issuer's key cannot be had")
    func pinned() async throws {
        let fixture = try Fixture(.ed25519, issuerID: "https://partner.example.edu/issuer")
        let entry = fixture.workspace.config.keys[0]
        let issued = try fixture.issue(.eddsaJcs2022).contents
        var keys = KeyCollection(fallback: nil)
        try keys.add(multikey: entry.publicKeyMultibase, id: entry.verificationMethod, controller: "https://partner.example.edu/issuer")
        let report = try await Verifier(keyResolver: keys).verify(bytes: issued)
        #expect(report.result(of: .proof)?.status == .pass && report.result(of: .issuerKey)?.status == .pass, "\(report.checks)")

        let other = try await Verifier(keyResolver: KeyCollection(fallback: nil)).verify(bytes: issued)
        #expect(other.verdict == .unverifiable)
    }

    @Test("pinned keys given to a verifier: pinned first, the rest still resolved from its documents")
    func pinnedWithFallback() async throws {
        let partner = try Fixture(.ed25519, issuerID: "https://partner.example.edu/issuer")
        let other = try Fixture(.ed25519, issuerID: "https://other.example.edu/issuer")
        var keys = KeyCollection(fallback: nil)
        let entry = partner.workspace.config.keys[0]
        try keys.add(multikey: entry.publicKeyMultibase, id: entry.verificationMethod, controller: "https://partner.example.edu/issuer")
        let verifier = Verifier.offline(resources: try other.workspace.publishedDocuments(), pinnedKeys: keys)
        for fixture in [partner, other] {
            let report = try await verifier.verify(bytes: try fixture.issue(.eddsaJcs2022).contents)
            #expect(report.result(of: .issuerKey)?.status == .pass, "\(report.checks)")
        }
    }
}
