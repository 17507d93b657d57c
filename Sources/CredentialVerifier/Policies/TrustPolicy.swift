/// Trust: whether the issuer is on the verifier's trust lists, and by what name. An issuer not on
/// them is a warning (VERIFIED, issuer not on your trust list), not a failure.
public struct TrustPolicy: VerificationPolicy {
    /// The issuers the user trusts; nil when no trust list was given.
    public var registry: TrustRegistry?

    public init(registry: TrustRegistry?) {
        self.registry = registry
    }

    /// A trust list of bare issuer ids.
    public init(trustedIssuers: Set<String>?) {
        self.registry = trustedIssuers.map { TrustRegistry(issuerIDs: $0) }
    }

    public func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        guard let registry else {
            return [CheckResult(.trust, .skipped, code: "trust_not_checked")]
        }
        guard context.issuerConfirmed else {
            return [CheckResult(.trust, .skipped, code: "trust_signature_unchecked")]
        }
        guard let issuer = context.issuerID else {
            return [CheckResult(.trust, .warn, code: "trust_issuer_missing", verdict: .verifiedUntrusted)]
        }
        guard let entry = registry.entry(for: issuer) else {
            return [CheckResult(.trust, .warn, code: "not_trusted",
                                ["issuer": issuer, "registries": registry.registries.joined(separator: ", ")], verdict: .verifiedUntrusted)]
        }
        context.trustEntry = entry
        var parameters = ["issuer": issuer, "registry": entry.registry]
        if let name = entry.name { parameters["name"] = name }
        return [CheckResult(.trust, .pass, code: entry.name == nil ? "trusted" : "trusted_named", parameters)]
    }
}
