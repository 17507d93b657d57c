import CredentialKit
import Foundation

/// Recipient: whether the credential was issued to the e-mail address the verifier was given —
/// the employer's question "is this Ana's?". Its result is the `recipient` check.
///
/// The address is compared with the credential subject's `emailAddress` identifiers: a hashed one
/// (`sha256$…` of the address and its salt, as OB 3.0 §B.1.2 and OB 2.0 describe) or a plain one.
/// It is tried as given (trimmed), with its domain lower-cased, and wholly lower-cased (as Laurel
/// normalises addresses when it issues), so another issuer's normalisation still matches. The
/// address is never put in a result, a message or the report.
public struct RecipientPolicy: VerificationPolicy {
    /// The address to look for.
    let email: String

    public init(email: String) {
        self.email = email
    }

    public func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        guard context.issuerConfirmed else {
            return [CheckResult(.recipient, .skipped, code: "recipient_signature_unchecked")]
        }
        var identifiers = context.input.credential["credentialSubject"]?.asArray
            .flatMap { $0["identifier"]?.asArray ?? [] } ?? []
        // An OB 2.0 assertion's recipient, in the shape of an OB 3.0 identifier.
        if let recipient = context.input.credential["recipient"], recipient["type"]?.stringValue == "email" {
            var identifier: JSONObject = ["identityType": "emailAddress", "hashed": recipient["hashed"] ?? false]
            identifier["identityHash"] = recipient["identity"]
            identifier["salt"] = recipient["salt"]
            identifiers.append(.object(identifier))
        }
        let emails = identifiers.filter { $0["identityType"]?.stringValue == "emailAddress" }
        guard !emails.isEmpty else {
            return [CheckResult(.recipient, .unknown, code: "recipient_no_email", verdict: .recipientUnconfirmed)]
        }
        var unreadable = 0
        for identifier in emails {
            switch Self.matches(identifier, candidates: Self.spellings(of: email)) {
            case true?: return [CheckResult(.recipient, .pass, code: "recipient_matches")]
            case nil: unreadable += 1
            case false?: continue
            }
        }
        // An identifier that could not be compared might be the one: not a "no".
        guard unreadable == 0 else {
            return [CheckResult(.recipient, .unknown, code: "recipient_hash_unsupported", verdict: .recipientUnconfirmed)]
        }
        return [CheckResult(.recipient, .fail, code: "recipient_mismatch", verdict: .recipientNotMatched)]
    }

    /// The address as given (trimmed), with its domain lower-cased, and wholly lower-cased; each
    /// also in Unicode's composed form (NFC), as most software writes accented letters.
    static func spellings(of email: String) -> [String] {
        let trimmed = email.trimmingWhitespace()
        var spellings = [trimmed]
        if let at = trimmed.lastIndex(of: "@") {
            spellings.append(String(trimmed[..<at]) + trimmed[at...].lowercased())
        }
        spellings.append(IdentityObject.normalizedEmail(trimmed))
        spellings += spellings.map(\.precomposedStringWithCanonicalMapping)
        // By their bytes: Swift's String equality would take the composed and decomposed forms for one.
        var seen = Set<[UInt8]>()
        return spellings.filter { seen.insert(Array($0.utf8)).inserted }
    }

    /// Whether `identifier` names one of `candidates`; nil when its hash is of a kind Laurel does
    /// not compute.
    static func matches(_ identifier: JSONValue, candidates: [String]) -> Bool? {
        guard let value = identifier["identityHash"]?.stringValue else { return nil }
        guard identifier["hashed"]?.boolValue != false else {
            return candidates.contains { IdentityObject.normalizedEmail($0) == IdentityObject.normalizedEmail(value) }
        }
        // A salt that is not a string (a number, say) cannot be joined to the address as it was hashed.
        guard identifier["salt"] == nil || identifier["salt"]?.stringValue != nil else { return nil }
        let salt = identifier["salt"]?.stringValue ?? ""
        guard value.lowercased().hasPrefix("sha256$") else { return nil }
        let expected = value.dropFirst("sha256$".count).lowercased()
        return candidates.contains { Hex.encode(Digest.sha256.hash($0 + salt)) == expected }
    }
}
