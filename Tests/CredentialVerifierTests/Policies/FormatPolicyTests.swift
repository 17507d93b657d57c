import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

@Suite("Format policy")
struct FormatPolicyTests {
    @Test("an unreadable credential ends the verification as MALFORMED, with a code; the schema check can be left out")
    func codes() async throws {
        let fixture = try Fixture()
        var document = try #require(try JSONParser.parse(try fixture.issue(.eddsaJcs2022).contents).objectValue)
        document["type"] = ["OpenBadgeCredential"]
        let report = await Verifier().verify(try CredentialInput(bytes: JSONValue.object(document).serializedBytes()))
        #expect(report.verdict == .malformed)
        #expect(report.checks.map(\.code) == ["not_verifiable_credential"], "nothing after the format check runs")

        // A credential departing from the schema: a warning with the schema, none without it.
        var departing = try #require(try JSONParser.parse(try fixture.issue(.eddsaJcs2022).contents).objectValue)
        departing["id"] = "not a URI"
        var context = VerificationContext(input: try CredentialInput(bytes: JSONValue.object(departing).serializedBytes()),
                                          time: Date(), fetcher: LocalResources(), keyResolver: StandardKeyResolver(),
                                          statusLists: StatusListMemo())
        let withSchema = await FormatPolicy().evaluate(&context)
        #expect(withSchema.first?.code == "schema_departure")
        let without = await FormatPolicy(checksSchema: false).evaluate(&context)
        #expect(without.first?.code == "open_badge")
        #expect(context.credential != nil && context.issuerID == fixture.workspace.config.issuer.id)
    }
}
