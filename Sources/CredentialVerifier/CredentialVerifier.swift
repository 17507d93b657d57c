import CredentialKit
import Foundation

/// Verifies Open Badges 3.0 credentials: format, proof, issuer key, validity window, status
/// and trust, each a small check, combined into a ``VerificationReport``.
///
/// Keys and documents come from an injected ``KeyResolver`` (and its ``ResourceFetcher``), so
/// offline verification is a matter of what the resolver is given. Time is an input.
public struct CredentialVerifier: Sendable {
    /// Answers the URLs the checks need: status lists, and key documents for the default resolver.
    public var fetcher: any ResourceFetcher
    public var keyResolver: any KeyResolver
    /// Issuer ids the user trusts; nil when no trust list was given.
    public var trustedIssuers: Set<String>?
    /// The time to verify at; nil means now.
    public var fixedValidationTime: Date?
    /// Status lists this verifier has already checked (shared by its copies).
    let statusLists = StatusListMemo()

    /// - Parameters:
    ///   - fetcher: where documents come from; the default serves nothing (fully offline).
    ///   - keyResolver: nil resolves `did:key` locally and other methods through `fetcher`.
    ///   - trustedIssuers: the trust list, or nil when none was given.
    ///   - fixedValidationTime: the time to verify at; nil means now.
    public init(fetcher: any ResourceFetcher = LocalResources(), keyResolver: (any KeyResolver)? = nil,
                trustedIssuers: Set<String>? = nil, fixedValidationTime: Date? = nil) {
        self.fetcher = fetcher
        self.keyResolver = keyResolver ?? StandardKeyResolver(fetcher: fetcher)
        self.trustedIssuers = trustedIssuers
        self.fixedValidationTime = fixedValidationTime
    }

    /// Verifies a credential read from a file.
    ///
    /// - Throws: ``CredentialKitError`` only when the bytes are not a credential at all (not JSON,
    ///   not a JWT, too large): an unreadable input, not a verdict.
    public func verify(bytes: [UInt8]) async throws -> VerificationReport {
        await verify(try CredentialInput(bytes: bytes))
    }

    /// Verifies a credential already read.
    public func verify(_ input: CredentialInput) async -> VerificationReport {
        var state = VerificationState(input: input)
        var checks: [CheckResult] = []

        let format = FormatPolicy().check(&state)
        checks.append(format)
        if format.status == .fail {
            return finish(.malformed, checks, state)
        }

        let proof = await ProofPolicy(resolver: keyResolver).check(&state)
        checks += [proof.proof, proof.key]
        if let verdict = proof.verdict {
            // A signature that does not match hides every other claim.
            return finish(verdict, checks, state, hideClaims: verdict == .tampered)
        }

        let now = fixedValidationTime ?? Date()
        let validity = ValidityPolicy(at: now).check(state)
        let status = await StatusPolicy(fetcher: fetcher, keyResolver: keyResolver, at: now, memo: statusLists).check(state)
        let trust = TrustPolicy(trustedIssuers: trustedIssuers).check(state)
        checks += [validity, status.result, trust]

        if let verdict = ValidityPolicy.verdict(for: validity) {
            return finish(verdict, checks, state)
        }
        if let verdict = status.verdict {
            return finish(verdict, checks, state)
        }
        return finish(trust.status == .warn ? .verifiedUntrusted : .verified, checks, state)
    }

    private func finish(_ verdict: Verdict, _ checks: [CheckResult], _ state: VerificationState,
                        hideClaims: Bool = false) -> VerificationReport {
        var report = VerificationReport(verdict: verdict, checks: checks)
        report.format = state.input.format.rawValue
        guard !hideClaims else { return report }
        report.credentialID = state.input.credential["id"]?.stringValue
        report.issuerID = state.issuerID
        report.issuerName = state.model?.issuer.name.text()
        report.achievementName = state.model?.credentialSubject.achievement.name.text()
        report.validFrom = (state.input.credential["validFrom"] ?? state.input.credential["issuanceDate"])?.stringValue
        report.validUntil = (state.input.credential["validUntil"] ?? state.input.credential["expirationDate"])?.stringValue
        return report
    }
}
