import CredentialKit
import Foundation

/// Verifies Open Badges 3.0 credentials: format, proof and issuer key, validity window, status
/// and trust, each a ``VerificationPolicy``, folded into a ``VerificationReport``.
///
/// ```swift
/// let verifier = Verifier.online()              // fetches key documents and status lists over HTTPS
/// let report = try await verifier.verify(bytes: upload)
/// if report.verified, let badge = report.credential { … }
/// ```
///
/// Keys and documents come from an injected ``KeyResolver`` and ``ResourceFetcher``, so offline
/// verification is a matter of what they are given (``offline(resources:trustedIssuers:statusFailureMode:pinnedKeys:)``).
/// Time is an input.
public struct Verifier: Sendable {
    /// Answers the URLs the checks need: status lists, and key documents for the default resolver.
    public var fetcher: any ResourceFetcher
    public var keyResolver: any KeyResolver
    /// The checks, in order.
    public var policies: [any VerificationPolicy]
    /// The time to verify at; nil means now.
    public var fixedValidationTime: Date?
    /// Status lists this verifier has already checked (shared by its copies).
    let statusLists = StatusListMemo()

    /// - Parameters:
    ///   - fetcher: where documents come from; the default serves nothing (fully offline).
    ///   - keyResolver: nil resolves `did:key` and `did:jwk` locally and other methods through `fetcher`.
    ///   - trustedIssuers: the trust list, or nil when none was given.
    ///   - fixedValidationTime: the time to verify at; nil means now.
    ///   - statusFailureMode: whether a status that cannot be checked fails (the default) or warns.
    ///   - trustRegistry: trust lists with names (``TrustRegistry``); used instead of `trustedIssuers` when given.
    ///   - recipientEmail: an e-mail address the credential must have been issued to (``RecipientPolicy``); nil checks none.
    public init(fetcher: any ResourceFetcher = LocalResources(), keyResolver: (any KeyResolver)? = nil,
                trustedIssuers: Set<String>? = nil, fixedValidationTime: Date? = nil,
                statusFailureMode: StatusPolicy.FailureMode = .hard, trustRegistry: TrustRegistry? = nil,
                recipientEmail: String? = nil) {
        self.fetcher = fetcher
        self.keyResolver = keyResolver ?? StandardKeyResolver(fetcher: fetcher)
        self.policies = Self.standardPolicies(trustRegistry: trustRegistry ?? trustedIssuers.map { TrustRegistry(issuerIDs: $0) },
                                              statusFailureMode: statusFailureMode, recipientEmail: recipientEmail)
        self.fixedValidationTime = fixedValidationTime
    }

    /// A verifier that fetches what it needs: did:key and did:jwk resolve locally; https and
    /// did:web key documents and status lists come over HTTPS (10 s per request, 16 MiB at most,
    /// each URL fetched once by this verifier), after any `resources` given as local files.
    ///
    /// - Parameter pinnedKeys: issuer keys the app already holds, tried before any document is
    ///   fetched; keys not among them are still resolved as usual (the collection's own fallback
    ///   is replaced by this verifier's resolver).
    public static func online(resources: [String: String] = [:], trustedIssuers: Set<String>? = nil,
                              statusFailureMode: StatusPolicy.FailureMode = .hard, pinnedKeys: KeyCollection? = nil) -> Verifier {
        let fetcher = MemoizingResourceFetcher(ChainedResourceFetcher(local: LocalResources(files: resources),
                                                                      remote: HTTPResourceFetcher()))
        return Verifier(fetcher: fetcher, keyResolver: pinned(pinnedKeys, fetcher: fetcher), trustedIssuers: trustedIssuers,
                        statusFailureMode: statusFailureMode)
    }

    /// A verifier that never uses the network: documents come only from `resources` (URL → file),
    /// keys from the credential's own DID (did:key, did:jwk), those documents and `pinnedKeys`.
    public static func offline(resources: [String: String] = [:], trustedIssuers: Set<String>? = nil,
                               statusFailureMode: StatusPolicy.FailureMode = .hard, pinnedKeys: KeyCollection? = nil) -> Verifier {
        let fetcher = LocalResources(files: resources)
        return Verifier(fetcher: fetcher, keyResolver: pinned(pinnedKeys, fetcher: fetcher), trustedIssuers: trustedIssuers,
                        statusFailureMode: statusFailureMode)
    }

    /// `keys` falling back to the standard resolver over `fetcher`; nil when there are none.
    private static func pinned(_ keys: KeyCollection?, fetcher: any ResourceFetcher) -> (any KeyResolver)? {
        guard var keys else { return nil }
        keys.fallback = StandardKeyResolver(fetcher: fetcher)
        return keys
    }

    /// Laurel's checks in order: format (with the OB 3.0 schema), proof and issuer key,
    /// validity, status, endorsements, the recipient when an e-mail address is given, and trust.
    public static func standardPolicies(trustedIssuers: Set<String>? = nil,
                                        statusFailureMode: StatusPolicy.FailureMode = .hard,
                                        recipientEmail: String? = nil) -> [any VerificationPolicy] {
        standardPolicies(trustRegistry: trustedIssuers.map { TrustRegistry(issuerIDs: $0) }, statusFailureMode: statusFailureMode,
                         recipientEmail: recipientEmail)
    }

    /// As ``standardPolicies(trustedIssuers:statusFailureMode:recipientEmail:)``, with named trust lists.
    public static func standardPolicies(trustRegistry: TrustRegistry?, statusFailureMode: StatusPolicy.FailureMode = .hard,
                                        recipientEmail: String? = nil) -> [any VerificationPolicy] {
        var policies: [any VerificationPolicy] = [FormatPolicy(), ProofPolicy(), ValidityPolicy(), StatusPolicy(failureMode: statusFailureMode),
                                                  EndorsementPolicy(trustRegistry: trustRegistry)]
        if let recipientEmail { policies.append(RecipientPolicy(email: recipientEmail)) }
        policies.append(TrustPolicy(registry: trustRegistry))
        return policies
    }

    /// Verifies a credential read from a file.
    ///
    /// - Throws: ``CredentialKitError`` only when the bytes are not a credential at all (not JSON,
    ///   not a JWT, too large): an unreadable input, not a verdict.
    public func verify(bytes: [UInt8]) async throws -> VerificationReport {
        await verify(try CredentialInput(bytes: bytes))
    }

    /// Verifies a credential already read: runs each policy in turn until one ends the
    /// verification; the headline is the forced verdict first in ``Verdict/precedence``.
    public func verify(_ input: CredentialInput) async -> VerificationReport {
        var context = VerificationContext(input: input, time: fixedValidationTime ?? Date(), fetcher: fetcher,
                                          keyResolver: keyResolver, statusLists: statusLists)
        var checks: [CheckResult] = []
        // An OB 2.0 assertion has checks of its own; the recipient and trust checks apply as to any.
        let policies = input.isOpenBadges2
            ? [OpenBadges2Policy()] + self.policies.filter { $0 is RecipientPolicy || $0 is TrustPolicy }
            : self.policies
        for policy in policies {
            let results = await policy.evaluate(&context)
            checks += results
            if results.contains(where: \.endsVerification) { break }
        }
        let forced = Set(checks.compactMap(\.verdict))
        let verdict = Verdict.precedence.first(where: forced.contains) ?? .verified
        return report(verdict, checks, context)
    }

    /// The largest image `data:` URI a report carries.
    static let maxImageURIBytes = 1 << 20

    /// `uri` when it is a `data:` URI of a raster or SVG image (shown in an `<img>`, where an SVG
    /// runs no script) of at most ``maxImageURIBytes``; nil otherwise.
    static func showableImage(_ uri: String) -> String? {
        let types = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"]
        guard uri.utf8.count <= maxImageURIBytes, uri.hasPrefix("data:"),
              types.contains(where: { uri.dropFirst(5).lowercased().hasPrefix($0 + ";") || uri.dropFirst(5).lowercased().hasPrefix($0 + ",") })
        else { return nil }
        return uri
    }

    private func report(_ verdict: Verdict, _ checks: [CheckResult], _ context: VerificationContext) -> VerificationReport {
        var report = VerificationReport(verdict: verdict, checks: checks)
        report.format = context.input.isOpenBadges2 ? (context.input.format == .jwt ? "ob2-signed" : "ob2-hosted")
            : context.input.format.rawValue
        report.bakedImage = context.input.bakedImage?.rawValue
        // A signature that does not match hides every other claim.
        guard verdict != .tampered else { return report }
        let credential = context.input.credential
        report.credentialID = credential["id"]?.stringValue
        report.issuerID = context.issuerID
        report.issuerName = context.credential?.issuer.name.text() ?? context.legacyIssuerName
        report.achievementName = context.credential?.credentialSubject.achievement.name.text() ?? context.legacyAchievementName
        report.achievementDescription = context.credential?.credentialSubject.achievement.description.text()
        report.achievementImage = context.credential?.credentialSubject.achievement.image.map(\.id).flatMap(Self.showableImage)
        report.recipientName = context.credential?.credentialSubject.identifier?
            .first { $0.identityType == "name" && !$0.hashed }?.identityHash
        report.validFrom = (credential["validFrom"] ?? credential["issuanceDate"])?.stringValue
        report.validUntil = (credential["validUntil"] ?? credential["expirationDate"])?.stringValue
        report.credential = context.credential
        report.endorsements = context.endorsements
        report.trustedIssuerName = context.trustEntry?.name
        report.trustRegistry = context.trustEntry?.registry
        return report
    }
}
