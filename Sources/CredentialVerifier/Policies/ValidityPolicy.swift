import CredentialKit
import Foundation

/// Validity window: `validFrom` ≤ the verification time ≤ `validUntil` (or the VCDM 1.1
/// `issuanceDate` and `expirationDate`).
public struct ValidityPolicy: VerificationPolicy {
    public init() {}

    public func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        checks(context.input.credential, at: context.time)
    }

    /// The first of ``checks(_:at:notBeforeLeeway:)``: the window's one answer, or its first problem.
    func check(_ json: JSONObject, at now: Date, notBeforeLeeway: TimeInterval = 0) -> CheckResult {
        checks(json, at: now, notBeforeLeeway: notBeforeLeeway)[0]
    }

    /// Every problem with the validity window (a date that is not one, not yet begun, ended),
    /// each its own result; or the one result that says the window holds.
    ///
    /// - Parameter notBeforeLeeway: how far in the future `validFrom` may be and still count as
    ///   begun, for clocks that differ a little.
    func checks(_ json: JSONObject, at now: Date, notBeforeLeeway: TimeInterval = 0) -> [CheckResult] {
        var problems: [CheckResult] = []
        func date(_ field: String, _ legacy: String) -> Date? {
            guard let text = (json[field] ?? json[legacy])?.stringValue else { return nil }
            guard let date = XSDDateTime.date(from: text) else {
                problems.append(CheckResult(.validity, .fail, code: "date_invalid", ["field": field, "value": text], verdict: .malformed))
                return nil
            }
            return date
        }
        let from = date("validFrom", "issuanceDate")
        let until = date("validUntil", "expirationDate")
        if let from, let until, until < from {
            // A window that ends before it begins is a mistake, not a credential outside its dates.
            return [CheckResult(.validity, .fail, code: "validity_inverted",
                                ["from": XSDDateTime.string(from: from), "until": XSDDateTime.string(from: until)], verdict: .malformed)]
        }
        if let from, now.addingTimeInterval(notBeforeLeeway) < from {
            problems.append(CheckResult(.validity, .fail, code: "not_yet_valid", ["from": XSDDateTime.string(from: from)], verdict: .notYetValid))
        }
        if let until, now > until {
            problems.append(CheckResult(.validity, .fail, code: "expired", ["until": XSDDateTime.string(from: until)], verdict: .expired))
        }
        if !problems.isEmpty { return problems }
        switch (from, until) {
        case (let from?, let until?):
            return [CheckResult(.validity, .pass, code: "valid_window", ["from": XSDDateTime.string(from: from), "until": XSDDateTime.string(from: until)])]
        case (let from?, nil):
            return [CheckResult(.validity, .pass, code: "valid_since", ["from": XSDDateTime.string(from: from)])]
        default:
            return [CheckResult(.validity, .warn, code: "valid_from_missing")]
        }
    }
}
