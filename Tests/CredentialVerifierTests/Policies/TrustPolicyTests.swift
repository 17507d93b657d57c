import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

@Suite("Trust policy")
struct TrustPolicyTests {
    @Test("no list: skipped; on the list: pass; not on it: a warning that makes the verdict VERIFIED (issuer not on your trust list)")
    func trust() async throws {
        let fixture = try Fixture()
        let issued = try fixture.issue(.eddsaJcs2022).contents
        let issuer = fixture.workspace.config.issuer.id
        let none = try await Verifier().verify(bytes: issued)
        #expect(none.result(of: .trust)?.code == "trust_not_checked" && none.verdict == .verified)
        #expect(none.result(of: .trust)?.message.contains("--") == false, "no command-line vocabulary in the library")
        let trusted = try await Verifier(trustedIssuers: [issuer]).verify(bytes: issued)
        #expect(trusted.result(of: .trust)?.code == "trusted" && trusted.verdict == .verified)
        let other = try await Verifier(trustedIssuers: ["https://other.example"]).verify(bytes: issued)
        #expect(other.result(of: .trust)?.code == "not_trusted" && other.verdict == .verifiedUntrusted)
        #expect(try other.json()["verdictCode"]?.stringValue == "verified_untrusted")
    }
}
