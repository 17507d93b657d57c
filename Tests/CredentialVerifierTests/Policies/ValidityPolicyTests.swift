import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

@Suite("Validity policy")
struct ValidityPolicyTests {
    static func check(_ from: String?, _ until: String?, at: String) -> CheckResult {
        var json: JSONObject = [:]
        if let from { json["validFrom"] = .string(from) }
        if let until { json["validUntil"] = .string(until) }
        return ValidityPolicy().check(json, at: XSDDateTime.date(from: at)!)
    }

    @Test("each finding has its code, parameters and verdict; the verdict never comes from the words")
    func codes() {
        let expired = Self.check("2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z", at: "2022-01-01T00:00:00Z")
        #expect(expired.code == "expired" && expired.verdict == .expired && expired.parameters["until"] == "2021-01-01T00:00:00Z")
        let early = Self.check("2030-01-01T00:00:00Z", nil, at: "2022-01-01T00:00:00Z")
        #expect(early.code == "not_yet_valid" && early.verdict == .notYetValid)
        let bad = Self.check("yesterday", nil, at: "2022-01-01T00:00:00Z")
        #expect(bad.code == "date_invalid" && bad.verdict == .malformed && bad.parameters["field"] == "validFrom")
        let open = Self.check("2020-01-01T00:00:00Z", nil, at: "2022-01-01T00:00:00Z")
        #expect(open.code == "valid_since" && open.verdict == nil && open.status == .pass)
        let none = Self.check(nil, nil, at: "2022-01-01T00:00:00Z")
        #expect(none.code == "valid_from_missing" && none.status == .warn && none.verdict == nil)

        // Words in another language change nothing the verifier decides.
        var translated = expired
        translated.message = "abgelaufen am 1. Januar 2021"
        #expect(translated.verdict == .expired)
    }
}
