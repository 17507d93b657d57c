import CredentialKit
import Foundation

/// One check of a credential.
///
/// A ``Verifier`` runs its policies in order over one ``VerificationContext``: each
/// reads what the earlier ones found (the issuer, the credential's content, the signing key) and
/// returns its results. A result may force a verdict, and may end the verification (a credential
/// that cannot be read, or whose signature cannot be relied on, is not checked further). The
/// headline is the forced verdict first in ``Verdict/precedence``.
///
/// Laurel's checks are ``FormatPolicy``, ``ProofPolicy`` (signature and issuer key),
/// ``ValidityPolicy``, ``StatusPolicy`` and ``TrustPolicy``; an app adds its own, for example
/// one that accepts only certain achievements:
///
/// ```swift
/// struct OnlyOurAchievements: VerificationPolicy {
///     var accepted: Set<String>
///     func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
///         let id = context.credential?.credentialSubject.achievement.id ?? ""
///         return accepted.contains(id)
///             ? [CheckResult(CheckName("achievement"), .pass, code: "achievement_accepted", message: "\(id) is one we accept")]
///             : [CheckResult(CheckName("achievement"), .fail, code: "achievement_refused", verdict: .unsupported,
///                            message: "\(id) is not one we accept")]
///     }
/// }
/// ```
public protocol VerificationPolicy: Sendable {
    /// Checks one aspect of the credential, reading and adding to what earlier policies found.
    func evaluate(_ context: inout VerificationContext) async -> [CheckResult]
}

/// What the checks of one credential share: the input, the time, where documents and keys come
/// from, and what earlier checks found.
public struct VerificationContext: Sendable {
    public let input: CredentialInput
    /// The time the credential is verified at.
    public let time: Date
    /// Where the documents the checks need (key documents, status lists) come from.
    public let fetcher: any ResourceFetcher
    public let keyResolver: any KeyResolver
    /// The issuer's id, once ``FormatPolicy`` has read it.
    public internal(set) var issuerID: String?
    /// The credential's typed content, once ``FormatPolicy`` has read it (Open Badges only).
    public internal(set) var credential: OpenBadgeCredential?
    /// The key the signature was checked with, once ``ProofPolicy`` has verified it.
    public internal(set) var signingKey: SigningKey?
    /// An OB 2.0 hosted assertion found, unchanged, on its issuer's host (vouched for by where it
    /// is rather than by a key).
    var hostedByIssuer = false
    /// Whether the issuer is known to have made the credential: its key's signature checked out
    /// (``signingKey``), or its host serves the very assertion.
    public var issuerConfirmed: Bool { signingKey != nil || hostedByIssuer }
    /// The issuer's and the achievement's names read from an OB 2.0 assertion's documents.
    var legacyIssuerName: String?
    var legacyAchievementName: String?
    /// The endorsements that verified, once ``EndorsementPolicy`` has checked them.
    public internal(set) var endorsements: [Endorsement] = []
    /// The trust list entry for the issuer, once ``TrustPolicy`` has found it.
    public internal(set) var trustEntry: TrustRegistry.Entry?
    /// Status lists already checked by this verifier.
    let statusLists: StatusListMemo

    init(input: CredentialInput, time: Date, fetcher: any ResourceFetcher, keyResolver: any KeyResolver,
         statusLists: StatusListMemo) {
        self.input = input
        self.time = time
        self.fetcher = fetcher
        self.keyResolver = keyResolver
        self.statusLists = statusLists
    }
}

/// The key a signature was checked with, and where it came from.
public struct SigningKey: Sendable {
    public var key: PublicKey
    /// The verification method it was resolved from; nil for a key the credential carried
    /// itself (a JWT's `jwk` header), which must then be bound to the issuer.
    public var resolved: ResolvedKey?
}
