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
