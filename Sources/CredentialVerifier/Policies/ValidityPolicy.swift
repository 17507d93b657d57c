import CredentialKit
import Foundation

/// Validity window: `validFrom` ≤ the verification time ≤ `validUntil` (or the VCDM 1.1
/// `issuanceDate` and `expirationDate`).
public struct ValidityPolicy: VerificationPolicy {
    public init() {}

    public func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        [check(context.input.credential, at: context.time)]
    }

    /// - Parameter notBeforeLeeway: how far in the future `validFrom` may be and still count as
    ///   begun, for clocks that differ a little.
    func check(_ json: JSONObject, at now: Date, notBeforeLeeway: TimeInterval = 0) -> CheckResult {
        let fromText = (json["validFrom"] ?? json["issuanceDate"])?.stringValue
        let untilText = (json["validUntil"] ?? json["expirationDate"])?.stringValue
        var from: Date?
        var until: Date?
        if let fromText {
            guard let date = XSDDateTime.date(from: fromText) else {
                return CheckResult(.validity, .fail, code: "date_invalid", ["field": "validFrom", "value": fromText], verdict: .malformed)
            }
            from = date
        }
        if let untilText {
            guard let date = XSDDateTime.date(from: untilText) else {
                return CheckResult(.validity, .fail, code: "date_invalid", ["field": "validUntil", "value": untilText], verdict: .malformed)
            }
            until = date
        }
        if let from, now.addingTimeInterval(notBeforeLeeway) < from {
            return CheckResult(.validity, .fail, code: "not_yet_valid", ["from": XSDDateTime.string(from: from)], verdict: .notYetValid)
        }
        if let until, now > until {
            return CheckResult(.validity, .fail, code: "expired", ["until": XSDDateTime.string(from: until)], verdict: .expired)
        }
        switch (from, until) {
        case (let from?, let until?):
            return CheckResult(.validity, .pass, code: "valid_window", ["from": XSDDateTime.string(from: from), "until": XSDDateTime.string(from: until)])
        case (let from?, nil):
            return CheckResult(.validity, .pass, code: "valid_since", ["from": XSDDateTime.string(from: from)])
        default:
            return CheckResult(.validity, .warn, code: "valid_from_missing")
        }
    }
}
