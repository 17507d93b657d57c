import CredentialKit
import Foundation
import Testing
import CredentialVerifier

/// An app's own rule: only its partner's achievements are accepted.
struct OnlyAchievements: VerificationPolicy {
    var accepted: Set<String>

    func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        let id = context.credential?.credentialSubject.achievement.id ?? "(none)"
        return accepted.contains(id)
            ? [CheckResult(CheckName("achievement"), .pass, code: "achievement_accepted", ["id": id], message: "\(id) is accepted")]
            : [CheckResult(CheckName("achievement"), .fail, code: "achievement_refused", ["id": id], verdict: .unsupported,
                           message: "\(id) is not one this portal accepts")]
    }
}

@Suite("Custom policies")
struct CustomPolicyTests {
    @Test("an app adds its own policy and drops the schema check, using the public API only")
    func custom() async throws {
        let fixture = try Fixture()
        let issued = try fixture.issue(.eddsaJcs2022).contents
        let achievement = try #require(try JSONParser.parse(issued)["credentialSubject"]?["achievement"]?["id"]?.stringValue)
        var verifier = Verifier.offline()
        verifier.policies = [FormatPolicy(checksSchema: false), ProofPolicy(), ValidityPolicy(), StatusPolicy(),
                             OnlyAchievements(accepted: [achievement])]
        let accepted = try await verifier.verify(bytes: issued)
        #expect(accepted.verdict == .verified, "\(accepted.checks)")
        #expect(accepted.result(of: CheckName("achievement"))?.code == "achievement_accepted")
        #expect(accepted.credential?.credentialSubject.achievement.id == achievement)

        verifier.policies[4] = OnlyAchievements(accepted: ["https://example.org/other"])
        let refused = try await verifier.verify(bytes: issued)
        #expect(refused.verdict == .unsupported)
        #expect(refused.result(of: CheckName("achievement"))?.message.contains("not one this portal accepts") == true)
    }
}
