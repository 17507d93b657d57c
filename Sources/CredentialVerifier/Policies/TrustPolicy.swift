/// Trust: whether the issuer is on the verifier's trust list. An issuer not on it is a warning
/// (VERIFIED, issuer not on your trust list), not a failure.
public struct TrustPolicy: VerificationPolicy {
    /// Issuer ids the user trusts; nil when no trust list was given.
    public var trustedIssuers: Set<String>?

    public init(trustedIssuers: Set<String>?) {
        self.trustedIssuers = trustedIssuers
    }

    public func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        guard let trustedIssuers else {
            return [CheckResult(.trust, .skipped, code: "trust_not_checked")]
        }
        guard context.signingKey != nil else {
            return [CheckResult(.trust, .skipped, code: "trust_signature_unchecked")]
        }
        guard let issuer = context.issuerID else {
            return [CheckResult(.trust, .warn, code: "trust_issuer_missing", verdict: .verifiedUntrusted)]
        }
        return trustedIssuers.contains(issuer)
            ? [CheckResult(.trust, .pass, code: "trusted", ["issuer": issuer])]
            : [CheckResult(.trust, .warn, code: "not_trusted", ["issuer": issuer], verdict: .verifiedUntrusted)]
    }
}
