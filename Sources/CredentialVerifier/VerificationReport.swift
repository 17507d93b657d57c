import CredentialKit

/// The outcome of one check.
public enum CheckStatus: String, Sendable, Codable, Hashable {
    case pass, fail, warn
    /// The check could not be made (a list unreachable, a key unavailable); the message says why.
    case unknown
    /// The check does not apply, or was not asked for.
    case skipped
}

/// The checks a verification makes, in order.
public enum CheckName: String, Sendable, Codable, Hashable, CaseIterable {
    case format, proof, issuerKey = "issuer-key", validity, status, trust
}

/// One check's answer, with a message a non-expert can read.
public struct CheckResult: Sendable, Codable, Hashable {
    public var check: CheckName
    public var status: CheckStatus
    public var message: String

    public init(_ check: CheckName, _ status: CheckStatus, _ message: String) {
        self.check = check
        self.status = status
        self.message = message
    }
}

/// The headline answer a person reads first.
public enum Verdict: String, Sendable, Codable, Hashable {
    case verified = "VERIFIED"
    case verifiedUntrusted = "VERIFIED (issuer not on your trust list)"
    case revoked = "REVOKED"
    case suspended = "SUSPENDED"
    case expired = "EXPIRED"
    case notYetValid = "NOT YET VALID"
    case statusUnknown = "STATUS UNKNOWN"
    /// The signature does not match the content, or was not made by the issuer's key. Hides every other claim.
    case tampered = "TAMPERED"
    /// The issuer's key could not be obtained, so the signature could not be checked.
    case unverifiable = "UNVERIFIABLE"
    case malformed = "MALFORMED"
    case unsupported = "UNSUPPORTED"

    /// Whether the verdict means the credential can be relied on.
    public var isVerified: Bool { self == .verified || self == .verifiedUntrusted }
}

/// What a verification found: a verdict, every check's result, and (unless the credential
/// was tampered with) what the credential claims.
public struct VerificationReport: Sendable, Codable, Hashable {
    public var verified: Bool
    public var verdict: Verdict
    public var checks: [CheckResult]
    /// `json-ld` (embedded Data Integrity proof) or `jwt` (VC-JWT).
    public var format: String?
    public var credentialID: String?
    public var issuerID: String?
    public var issuerName: String?
    public var achievementName: String?
    public var validFrom: String?
    public var validUntil: String?
    /// The file or source the credential came from, when known.
    public var source: String?

    public init(verdict: Verdict, checks: [CheckResult]) {
        self.verdict = verdict
        self.verified = verdict.isVerified
        self.checks = checks
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
