import CredentialKit

/// Endorsements: the `EndorsementCredential`s a credential carries for its achievement or its
/// issuer (Creative Commons endorsing a partner university's microcredential, say). Each is
/// verified as a credential of its own, by its endorser's key, and must name what it endorses as
/// its subject. Its results are the `endorsement` checks, one per endorsement; an endorsement
/// that does not hold is a warning and forces no verdict, since the credential stands without it.
public struct EndorsementPolicy: VerificationPolicy {
    /// The most endorsements read from one credential (each is a verification of its own).
    public static let maxEndorsements = 8

    public init() {}

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
            results.append(await check(item, with: verifier))
        }
        context.endorsements = results.compactMap(\.endorsement)
        return results
    }

    private func check(_ item: Carried, with verifier: Verifier) async -> CheckResult {
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
            var parameters = ["target": item.target, "endorser": endorser, "verdict": report.verdict.text]
            if let problem { parameters.merge(nested("problem", problem.code, problem.parameters)) { $1 } }
            parameters["problem"] = problem?.message ?? report.verdict.text
            return CheckResult(.endorsement, .warn, code: "endorsement_not_verified", parameters)
        }
        let subject = input.credential["credentialSubject"]?.asArray.first
        guard let subjectID = subject?["id"]?.stringValue, subjectID == item.targetID else {
            return CheckResult(.endorsement, .warn, code: "endorsement_other_subject",
                               ["target": item.target, "endorser": endorser, "subject": subject?["id"]?.stringValue ?? ""])
        }
        var parameters = ["target": item.target, "endorser": endorser]
        if let name = input.credential["issuer"]?["name"]?.stringValue { parameters["endorserName"] = name }
        if let comment = subject?["endorsementComment"]?.stringValue { parameters["comment"] = comment }
        return CheckResult(.endorsement, .pass, code: parameters["comment"] == nil ? "endorsed" : "endorsed_comment", parameters)
    }
}

/// An endorsement a credential carries, as a report shows it: only those that verified.
public struct Endorsement: Sendable, Hashable, Encodable {
    /// `achievement` or `issuer`: what is endorsed.
    public var target: String
    public var endorserID: String
    public var endorserName: String?
    public var comment: String?
}

extension CheckResult {
    /// The endorsement this result confirms, when it is a passing `endorsement` check.
    var endorsement: Endorsement? {
        guard check == .endorsement, status == .pass, let target = parameters["target"], let endorser = parameters["endorser"] else { return nil }
        return Endorsement(target: target, endorserID: endorser, endorserName: parameters["endorserName"], comment: parameters["comment"])
    }
}
