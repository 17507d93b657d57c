import CredentialKit

/// The outcome of one check.
public enum CheckStatus: String, Sendable, Codable, Hashable {
    case pass, fail, warn
    /// The check could not be made (a list unreachable, a key unavailable); the message says why.
    case unknown
    /// The check does not apply, or was not asked for.
    case skipped
}

/// The name of a check. Laurel's are static members; a policy of an app's own names its own.
public struct CheckName: RawRepresentable, Sendable, Codable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let format = CheckName("format")
    public static let proof = CheckName("proof")
    public static let issuerKey = CheckName("issuer-key")
    public static let validity = CheckName("validity")
    public static let status = CheckName("status")
    public static let trust = CheckName("trust")
    public static let recipient = CheckName("recipient")
    public static let endorsement = CheckName("endorsement")
}

/// One check's answer: its status, a stable machine-readable ``code`` with the ``parameters``
/// it was found with, the verdict it forces (if any), and a message a non-expert can read.
public struct CheckResult: Sendable, Hashable {
    public var check: CheckName
    public var status: CheckStatus
    /// What was found, as a stable code (`signature_valid`, `expired`, `status_list_unavailable` …).
    public var code: String
    /// The values the finding was made with (a date, a URL, a reason), by name.
    public var parameters: [String: String]
    /// The verdict this result forces; nil when it forces none.
    public var verdict: Verdict?
    /// Whether the checks after this one are not made (the credential cannot be read, or its
    /// signature cannot be relied on).
    public var endsVerification: Bool
    /// The finding in words, from ``VerificationMessages`` (English).
    public var message: String

    /// - Parameter message: the text; nil renders `code` and `parameters` with ``VerificationMessages/english``.
    public init(_ check: CheckName, _ status: CheckStatus, code: String, _ parameters: [String: String] = [:],
                verdict: Verdict? = nil, endsVerification: Bool = false, message: String? = nil) {
        self.check = check
        self.status = status
        self.code = code
        self.parameters = parameters
        self.verdict = verdict
        self.endsVerification = endsVerification
        self.message = message ?? VerificationMessages.english(code, parameters)
    }
}

extension CheckResult {
    /// This result with its message in `language`; a code the catalogue does not know (an app's
    /// own policy) keeps the message it was given.
    public func localized(_ language: VerificationMessages.Language) -> CheckResult {
        var result = self
        if let text = VerificationMessages.message(code, parameters, language: language) { result.message = text }
        return result
    }
}

extension CheckResult: Encodable {
    private enum CodingKeys: String, CodingKey { case check, status, code, parameters, message }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(check, forKey: .check)
        try container.encode(status, forKey: .status)
        try container.encode(code, forKey: .code)
        if !parameters.isEmpty { try container.encode(parameters, forKey: .parameters) }
        try container.encode(message, forKey: .message)
    }
}

/// The headline answer a person reads first. Its raw value is a stable machine code; ``text``
/// is the English headline.
public enum Verdict: String, Sendable, Codable, Hashable, CaseIterable {
    case verified = "verified"
    case verifiedUntrusted = "verified_untrusted"
    case revoked = "revoked"
    case suspended = "suspended"
    case expired = "expired"
    case notYetValid = "not_yet_valid"
    case statusUnknown = "status_unknown"
    /// The credential was not issued to the e-mail address the verifier was asked about.
    case recipientNotMatched = "recipient_not_matched"
    /// Whether the credential was issued to that address could not be checked (it names its
    /// recipient by no e-mail address, or hashes it in a way Laurel does not compute).
    case recipientUnconfirmed = "recipient_unconfirmed"
    /// A signature was checked and does not match the content, or was not made by the issuer's key. Hides every other claim.
    case tampered = "tampered"
    /// The issuer's key could not be obtained, so the signature could not be checked.
    case unverifiable = "unverifiable"
    case malformed = "malformed"
    case unsupported = "unsupported"

    /// Whether the verdict means the credential can be relied on.
    public var isVerified: Bool { self == .verified || self == .verifiedUntrusted }

    /// The headline in English: `VERIFIED`, `REVOKED`, `STATUS UNKNOWN` …
    public var text: String { VerificationMessages.englishVerdict(self) }

    /// Which verdict is the headline when several checks force one: the one earliest here.
    /// A credential that cannot be read or trusted says so first; then whether it is the
    /// recipient's the verifier asked about; then its dates (a credential
    /// outside its validity window, or with a date that is not one); then its status; then trust.
    public static let precedence: [Verdict] = [
        .tampered, .unsupported, .unverifiable, .malformed, .recipientNotMatched, .recipientUnconfirmed, .expired, .notYetValid,
        .revoked, .suspended, .statusUnknown, .verifiedUntrusted, .verified,
    ]
}

/// What a verification found: a verdict, every check's result, and (unless the credential
/// was tampered with) what the credential claims.
public struct VerificationReport: Sendable, Hashable {
    public var verified: Bool
    public var verdict: Verdict
    public var checks: [CheckResult]
    /// `json-ld` (embedded Data Integrity proof) or `jwt` (VC-JWT).
    public var format: String?
    /// `png` or `svg` when the credential came baked into a badge image.
    public var bakedImage: String?
    public var credentialID: String?
    public var issuerID: String?
    public var issuerName: String?
    public var achievementName: String?
    public var achievementDescription: String?
    /// The achievement's image when the credential carries it as a PNG, JPEG, GIF, WebP or SVG
    /// `data:` URI (which shows without fetching anything); nil for images elsewhere.
    public var achievementImage: String?
    /// The learner's name as the credential gives it (an unhashed `name` identifier).
    public var recipientName: String?
    public var validFrom: String?
    public var validUntil: String?
    /// The endorsements of the achievement or issuer that verified.
    public var endorsements: [Endorsement] = []
    /// The issuer's name on the trust list that trusts it, when the list gives one.
    public var trustedIssuerName: String?
    /// The name of the trust list the issuer was found on.
    public var trustRegistry: String?
    /// The file or source the credential came from, when known.
    public var source: String?
    /// The credential's typed content (issuer, achievement, recipient identifiers, dates), read
    /// from the verified input; nil for a credential that is not an Open Badge or was tampered with.
    public var credential: OpenBadgeCredential?

    /// The language of ``headline``, ``summary`` and the checks' messages.
    public private(set) var language: VerificationMessages.Language = .english

    public init(verdict: Verdict, checks: [CheckResult]) {
        self.verdict = verdict
        self.verified = verdict.isVerified
        self.checks = checks
    }

    /// The verdict in words, in ``language``: `VERIFIED`, `REVOCADA` …
    public var headline: String { VerificationMessages.verdict(verdict, language: language) }

    /// One sentence saying what the verdict means for the reader and what to do, in ``language``.
    public var summary: String { VerificationMessages.summary(verdict, language: language) }

    /// The report with its headline, summary and messages in `language`.
    public func localized(_ language: VerificationMessages.Language) -> VerificationReport {
        var report = self
        report.language = language
        report.checks = checks.map { $0.localized(language) }
        return report
    }

    /// The result of one check, if it was made.
    public func result(of check: CheckName) -> CheckResult? {
        checks.first { $0.check == check }
    }

    /// The report as the `--json` output documents it.
    public func json() throws -> JSONValue {
        try JSONValueEncoder().encode(self)
    }
}

extension VerificationReport: Encodable {
    private enum CodingKeys: String, CodingKey {
        case verified, verdict, verdictCode, summary, language, checks, format, bakedImage, credentialID, issuerID, issuerName, achievementName,
             achievementDescription, achievementImage, recipientName, validFrom, validUntil, endorsements, trustedIssuerName, trustRegistry, source
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(verified, forKey: .verified)
        try container.encode(headline, forKey: .verdict)
        try container.encode(verdict.rawValue, forKey: .verdictCode)
        try container.encode(summary, forKey: .summary)
        try container.encode(language.rawValue, forKey: .language)
        try container.encode(checks, forKey: .checks)
        try container.encodeIfPresent(format, forKey: .format)
        try container.encodeIfPresent(bakedImage, forKey: .bakedImage)
        try container.encodeIfPresent(credentialID, forKey: .credentialID)
        try container.encodeIfPresent(issuerID, forKey: .issuerID)
        try container.encodeIfPresent(issuerName, forKey: .issuerName)
        try container.encodeIfPresent(achievementName, forKey: .achievementName)
        try container.encodeIfPresent(achievementDescription, forKey: .achievementDescription)
        try container.encodeIfPresent(achievementImage, forKey: .achievementImage)
        try container.encodeIfPresent(recipientName, forKey: .recipientName)
        try container.encodeIfPresent(validFrom, forKey: .validFrom)
        try container.encodeIfPresent(validUntil, forKey: .validUntil)
        if !endorsements.isEmpty { try container.encode(endorsements, forKey: .endorsements) }
        try container.encodeIfPresent(trustedIssuerName, forKey: .trustedIssuerName)
        try container.encodeIfPresent(trustRegistry, forKey: .trustRegistry)
        try container.encodeIfPresent(source, forKey: .source)
    }
}
