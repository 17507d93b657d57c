import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

@Suite("Status policy")
struct StatusPolicyTests {
    @Test("a status that cannot be checked fails by default (STATUS UNKNOWN) and warns in soft mode; revoked is revoked in both")
    func failureMode() async throws {
        let s = try StatusFixture()
        let credential = try s.credential()
        let at = XSDDateTime.date(from: "2030-01-01T00:00:00Z")
        let hard = await Verifier(fixedValidationTime: at).verify(try CredentialInput(bytes: credential))
        #expect(hard.verdict == .statusUnknown)
        #expect(hard.result(of: .status)?.code == "status_list_unusable")
        let soft = await Verifier(fixedValidationTime: at, statusFailureMode: .soft).verify(try CredentialInput(bytes: credential))
        #expect(soft.verdict == .verified, "\(soft.checks)")
        #expect(soft.result(of: .status)?.status == .warn)

        let temp = s.fixture.temp
        try Data(try s.list(url: StatusFixture.revocationURL, purpose: "revocation", setIndices: [StatusFixture.index])).write(to: temp.path("r.json"))
        try Data(try s.list(url: StatusFixture.suspensionURL, purpose: "suspension")).write(to: temp.path("s.json"))
        let files = [StatusFixture.revocationURL: temp.path("r.json").path, StatusFixture.suspensionURL: temp.path("s.json").path]
        for mode in [StatusPolicy.FailureMode.hard, .soft] {
            let report = await Verifier(fetcher: LocalResources(files: files), fixedValidationTime: at, statusFailureMode: mode)
                .verify(try CredentialInput(bytes: credential))
            #expect(report.verdict == .revoked)
            #expect(report.result(of: .status)?.code == "revoked")
            #expect(report.result(of: .status)?.parameters["url"] == StatusFixture.revocationURL)
        }
    }
}
