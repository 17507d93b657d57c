import CredentialKit
import Foundation

/// Endorsements: the `EndorsementCredential`s a credential carries for its achievement or its
/// issuer (Creative Commons endorsing a partner university's microcredential, say). Each is
/// verified as a credential of its own, by its endorser's key, and must name what it endorses as
/// its subject. Its results are the `endorsement` checks, one per endorsement; an endorsement
/// that does not hold is a warning and forces no verdict, since the credential stands without it.
///
/// Two things an endorsement's signature does not settle are checked too:
/// - Whose achievement it is. Anyone can give an achievement any id, and carry a genuine
///   endorsement of that id; so an endorsement of an achievement counts only when the achievement's
///   id is on the credential issuer's own host (an https or did:web issuer). An endorsement of the
///   issuer itself is bound by the issuer's signature.
/// - Who the endorser is. Anyone can sign in the name "Harvard University"; the endorser is named
///   by the trust list that holds it, or else by its id, with the name it gives itself shown as such.
public struct EndorsementPolicy: VerificationPolicy {
    /// The most endorsements read from one credential (each is a verification of its own).
    public static let maxEndorsements = 8

    /// The trust lists that name endorsers; nil for none.
    public var trustRegistry: TrustRegistry?

    public init(trustRegistry: TrustRegistry? = nil) {
        self.trustRegistry = trustRegistry
    }

    /// One endorsement as the credential carries it: where, and what it endorses.
    struct Carried {
        /// `achievement` or `issuer`.
        var target: String
        /// The id of what is endorsed.
        var targetID: String?
        var bytes: [UInt8]
    }

    public func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        let credential = context.input.credential
        var carried: [Carried] = []
        func collect(_ holder: JSONValue?, target: String) {
            guard let holder else { return }
            let id = holder["id"]?.stringValue
            for item in holder["endorsement"]?.asArray ?? [] {
                carried.append(Carried(target: target, targetID: id, bytes: item.serializedBytes()))
            }
            for token in holder["endorsementJwt"]?.asArray ?? [] {
                carried.append(Carried(target: target, targetID: id, bytes: Array((token.stringValue ?? "").utf8)))
            }
        }
        for subject in credential["credentialSubject"]?.asArray ?? [] {
            collect(subject["achievement"], target: "achievement")
        }
        collect(credential["issuer"], target: "issuer")
        guard !carried.isEmpty else { return [] }
        guard carried.count <= Self.maxEndorsements else {
            return [CheckResult(.endorsement, .warn, code: "endorsements_too_many",
                                ["count": "\(carried.count)", "limit": "\(Self.maxEndorsements)"])]
        }
        // Each endorsement is checked as any credential is, short of its own endorsements.
        var verifier = Verifier(fetcher: context.fetcher, keyResolver: context.keyResolver, fixedValidationTime: context.time)
        verifier.policies = [FormatPolicy(checksSchema: false), ProofPolicy(), ValidityPolicy(), StatusPolicy()]
        var results: [CheckResult] = []
        for item in carried {
            results.append(await check(item, issuerID: context.issuerID, with: verifier))
        }
        context.endorsements = results.compactMap(\.endorsement)
        return results
    }

    /// Whether the achievement `id` is on the issuer's own host: an https id on the host of an
    /// https issuer id, or of a did:web.
    static func achievement(_ id: String?, isOnHostOf issuerID: String?) -> Bool {
        guard let id, let issuerID, let host = URLComponents(string: id).flatMap({ $0.scheme == "https" ? $0.host?.lowercased() : nil }) else { return false }
        if issuerID.hasPrefix("https://") { return URLComponents(string: issuerID)?.host?.lowercased() == host }
        if issuerID.hasPrefix("did:web:") {
            let domain = issuerID.dropFirst("did:web:".count).split(separator: ":").first.map(String.init) ?? ""
            return domain.removingPercentEncoding?.split(separator: ":").first.map { $0.lowercased() } == host
        }
        return false
    }

    private func check(_ item: Carried, issuerID: String?, with verifier: Verifier) async -> CheckResult {
        let input: CredentialInput
        do { input = try CredentialInput(bytes: item.bytes) } catch {
            return CheckResult(.endorsement, .warn, code: "endorsement_unreadable", ["target": item.target, "reason": "\(error)"])
        }
        let endorser = VCJWT.issuerID(of: input.credential) ?? ""
        let types = input.credential["type"]?.asArray.compactMap(\.stringValue) ?? []
        guard types.contains("EndorsementCredential") else {
            return CheckResult(.endorsement, .warn, code: "endorsement_not_endorsement", ["target": item.target, "endorser": endorser])
        }
        let report = await verifier.verify(input)
        guard report.verified else {
            let problem = report.checks.first { $0.verdict != nil }
            var parameters = ["target": item.target, "endorser": endorser, "verdict": report.verdict.rawValue]
            if let problem { parameters.merge(nested("problem", problem.code, problem.parameters)) { $1 } }
            parameters["problem"] = problem?.message ?? report.verdict.text
            return CheckResult(.endorsement, .warn, code: "endorsement_not_verified", parameters)
        }
        let subject = input.credential["credentialSubject"]?.asArray.first
        guard let subjectID = subject?["id"]?.stringValue, subjectID == item.targetID else {
            return CheckResult(.endorsement, .warn, code: "endorsement_other_subject",
                               ["target": item.target, "endorser": endorser, "subject": subject?["id"]?.stringValue ?? ""])
        }
        if item.target == "achievement", !Self.achievement(item.targetID, isOnHostOf: issuerID) {
            return CheckResult(.endorsement, .warn, code: "endorsement_unbound",
                               ["endorser": endorser, "achievement": item.targetID ?? "", "issuer": issuerID ?? ""])
        }
        var parameters = ["target": item.target, "endorser": endorser]
        if let entry = trustRegistry?.entry(for: endorser) {
            parameters["endorserName"] = entry.name ?? endorser
            parameters["endorserRegistry"] = entry.registry
        } else if let claimed = input.credential["issuer"]?["name"]?.stringValue {
            parameters["claimedName"] = claimed
        }
        if let comment = subject?["endorsementComment"]?.stringValue { parameters["comment"] = comment }
        return CheckResult(.endorsement, .pass, code: parameters["comment"] == nil ? "endorsed" : "endorsed_comment", parameters)
    }
}

/// An endorsement a credential carries, as a report shows it: only those that verified.
public struct Endorsement: Sendable, Hashable, Encodable {
    /// `achievement` or `issuer`: what is endorsed.
    public var target: String
    public var endorserID: String
    /// The endorser's name on the trust list that holds it; nil when no list does.
    public var endorserName: String?
    /// The name the endorser gives itself, when no trust list names it: a claim, not a fact.
    public var claimedName: String?
    public var comment: String?
}

extension CheckResult {
    /// The endorsement this result confirms, when it is a passing `endorsement` check.
    var endorsement: Endorsement? {
        guard check == .endorsement, status == .pass, let target = parameters["target"], let endorser = parameters["endorser"] else { return nil }
        return Endorsement(target: target, endorserID: endorser, endorserName: parameters["endorserName"],
                           claimedName: parameters["claimedName"], comment: parameters["comment"])
    }
}
