import CredentialKit
import Foundation

/// Status: whether the issuer has revoked or suspended the credential.
///
/// Reads `credentialStatus` entries of type `BitstringStatusListEntry` (W3C Bitstring Status
/// List v1.0) and the legacy `1EdTechRevocationList`. A status list is believed only after
/// its own proof verifies, its issuer is the credential's issuer and it is within its
/// validity window; anything else makes the answer `unknown` with the reason — never a pass
/// for a list that was not checked.
public struct StatusPolicy: VerificationPolicy {
    /// How far in the future a status list's `validFrom` may be and the list still be used: five
    /// minutes, for an issuer's clock a little ahead of the verifier's.
    public static let clockSkewLeeway: TimeInterval = 300

    /// What a status that cannot be checked does to the verdict.
    public enum FailureMode: String, Sendable {
        /// STATUS UNKNOWN: the credential is not verified (the default).
        case hard
        /// A warning: the credential verifies, and the report says its status could not be checked.
        case soft
    }

    public var failureMode: FailureMode

    /// The most `credentialStatus` entries a credential may carry (each may need a list fetched).
    public static let maxEntries = 16

    public init(failureMode: FailureMode = .hard) {
        self.failureMode = failureMode
    }

    /// One entry's answer: its code and parameters, for the catalogue.
    struct EntryStatus {
        /// `malformed`: the entry itself is not well formed (the credential's fault, signed as it is).
        enum Kind { case active, revoked, suspended, malformed, unknown, skipped }
        var kind: Kind
        var code: String
        var parameters: [String: String] = [:]
        var text: String { VerificationMessages.english(code, parameters) }
    }

    public func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        await checks(context)
    }

    /// The first of ``checks(_:)``.
    func check(_ context: VerificationContext) async -> CheckResult {
        await checks(context)[0]
    }

    /// Every entry that revokes, suspends or could not be checked, each its own result (revoked
    /// first); or the one result that says the status holds.
    func checks(_ context: VerificationContext) async -> [CheckResult] {
        guard let status = context.input.credential["credentialStatus"] else {
            return [CheckResult(.status, .skipped, code: "status_none")]
        }
        guard status.asArray.count <= Self.maxEntries else {
            return [CheckResult(.status, .fail, code: "status_entries_too_many",
                                ["count": "\(status.asArray.count)", "limit": "\(Self.maxEntries)"], verdict: .malformed)]
        }
        var answers: [EntryStatus] = []
        var lists = StatusListCache()
        for entry in status.asArray {
            answers.append(await evaluate(entry, context: context, lists: &lists))
        }
        let problems = answers.filter { $0.kind == .revoked } + answers.filter { $0.kind == .suspended }
            + answers.filter { $0.kind == .malformed } + answers.filter { $0.kind == .unknown }
        if !problems.isEmpty {
            // The same finding twice (two entries in one list, say) is said once.
            var said = Set<String>()
            let distinct = problems.filter { said.insert($0.code + "\u{0}" + $0.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{0}")).inserted }
            return distinct.map { answer in
                switch answer.kind {
                case .revoked: CheckResult(.status, .fail, code: answer.code, answer.parameters, verdict: .revoked)
                case .suspended: CheckResult(.status, .fail, code: answer.code, answer.parameters, verdict: .suspended)
                case .malformed: CheckResult(.status, .fail, code: answer.code, answer.parameters, verdict: .malformed)
                default: failureMode == .hard
                    ? CheckResult(.status, .unknown, code: answer.code, answer.parameters, verdict: .statusUnknown)
                    : CheckResult(.status, .warn, code: answer.code, answer.parameters)
                }
            }
        }
        return summary(of: answers)
    }

    /// With nothing wrong: each entry that was checked passes on its own line (not revoked, not
    /// suspended); when none applied, each says why it was skipped.
    private func summary(of answers: [EntryStatus]) -> [CheckResult] {
        let actives = answers.filter { $0.kind == .active }
        if !actives.isEmpty {
            return actives.map { CheckResult(.status, .pass, code: $0.code, $0.parameters) }
        }
        return answers.map { CheckResult(.status, .skipped, code: $0.code, $0.parameters) }
    }

    func evaluate(_ entry: JSONValue, context: VerificationContext, lists: inout StatusListCache) async -> EntryStatus {
        switch entry["type"]?.stringValue {
        case BitstringStatusListEntry.type?:
            return await evaluateBitstring(entry, context: context, lists: &lists)
        case "1EdTechRevocationList"?:
            return await evaluateRevocationList(entry, context: context)
        case let type?:
            return EntryStatus(kind: .unknown, code: "status_type_unsupported", parameters: ["type": type])
        case nil:
            return EntryStatus(kind: .malformed, code: "status_type_missing")
        }
    }

    // MARK: Bitstring Status List

    func evaluateBitstring(_ json: JSONValue, context: VerificationContext, lists: inout StatusListCache) async -> EntryStatus {
        let entry: BitstringStatusListEntry
        do { entry = try BitstringStatusListEntry(json: json) } catch {
            return EntryStatus(kind: .malformed, code: "status_entry_malformed", parameters: ["reason": "\(error)"])
        }
        let purpose = entry.statusPurpose
        guard purpose == "revocation" || purpose == "suspension" else {
            return EntryStatus(kind: .skipped, code: "status_purpose_ignored", parameters: ["purpose": purpose])
        }
        let url = entry.statusListCredential
        let list: VerifiedStatusList
        switch await lists.list(url, context: context) {
        case .success(let verified): list = verified
        case .failure(let problem):
            return EntryStatus(kind: .unknown, code: "status_list_unusable",
                               parameters: ["purpose": purpose, "problem": problem.text].merging(nested("problem", problem.code, problem.parameters)) { $1 })
        }
        guard list.purposes.contains(purpose) else {
            return EntryStatus(kind: .unknown, code: "status_list_wrong_purpose",
                               parameters: ["purpose": purpose, "url": url, "purposes": list.purposes.joined(separator: ", ")])
        }
        let statusSize = entry.statusSize
        guard list.bitstring.bitCount >= StatusBitstring.minimumEntryCount * statusSize else {
            return EntryStatus(kind: .unknown, code: "status_list_too_short",
                               parameters: ["purpose": purpose, "entries": String(list.bitstring.bitCount / statusSize),
                                            "minimum": String(StatusBitstring.minimumEntryCount)])
        }
        guard let value = list.bitstring.value(at: entry.statusListIndex, statusSize: statusSize) else {
            return EntryStatus(kind: .unknown, code: "status_index_outside",
                               parameters: ["purpose": purpose, "index": String(entry.statusListIndex),
                                            "entries": String(list.bitstring.bitCount / statusSize)])
        }
        var stamp = ["url": url]
        stamp["until"] = list.validUntil.map(XSDDateTime.string(from:))
        switch (purpose, value) {
        case ("revocation", 0): return EntryStatus(kind: .active, code: "not_revoked", parameters: stamp)
        case ("revocation", _): return EntryStatus(kind: .revoked, code: "revoked", parameters: stamp)
        case ("suspension", 0): return EntryStatus(kind: .active, code: "not_suspended", parameters: stamp)
        default: return EntryStatus(kind: .suspended, code: "suspended", parameters: stamp)
        }
    }

    // MARK: 1EdTech revocation list (legacy)

    func evaluateRevocationList(_ entry: JSONValue, context: VerificationContext) async -> EntryStatus {
        guard let url = entry["id"]?.stringValue else {
            return EntryStatus(kind: .unknown, code: "revocation_list_unnamed")
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(try await context.fetcher.fetch(url), limits: .init(maxBytes: 16 << 20, maxDepth: 32))
        } catch let error as ResourceError {
            return EntryStatus(kind: .unknown, code: "revocation_list_unavailable", parameters: ["reason": error.detail])
        } catch {
            return EntryStatus(kind: .unknown, code: "revocation_list_not_json", parameters: ["url": url])
        }
        let listIssuer = document["issuer"]?.stringValue ?? document["issuer"]?["id"]?.stringValue
        guard let listIssuer, listIssuer == context.issuerID else {
            return EntryStatus(kind: .unknown, code: "revocation_list_other_issuer", parameters: ["url": url, "issuer": listIssuer ?? "nobody named"])
        }
        guard let revoked = (document["revokedCredentials"] ?? document["revokedAssertions"])?.arrayValue else {
            return EntryStatus(kind: .unknown, code: "revocation_list_invalid", parameters: ["url": url])
        }
        let credentialID = context.input.credential["id"]?.stringValue
        for item in revoked {
            let id = item.stringValue ?? item["id"]?.stringValue
            if let id, id == credentialID {
                var parameters: [String: String] = [:]
                if let reason = item["revocationReason"]?.stringValue { parameters["reason"] = reason }
                return EntryStatus(kind: .revoked, code: "revoked_by_list", parameters: parameters)
            }
        }
        return EntryStatus(kind: .active, code: "not_on_revocation_list", parameters: ["url": url])
    }
}

/// A Bitstring Status List credential whose proof, issuer and dates have been checked.
struct VerifiedStatusList {
    var purposes: [String]
    var bitstring: StatusBitstring
    var validUntil: Date?
}

/// Why a status list could not be believed: a code and its parameters, for the catalogue.
struct StatusListProblem: Error {
    var code: String
    var parameters: [String: String]
    var text: String { VerificationMessages.english(code, parameters) }

    init(_ code: String, _ parameters: [String: String]) {
        self.code = code
        self.parameters = parameters
    }
}

/// The proof checks of status lists a verifier has made, by URL, issuer and content digest:
/// verifying many credentials that share a list checks its signature once. (Its dates are
/// checked every time.)
actor StatusListMemo {
    struct Key: Hashable {
        var url: String
        var issuerID: String
        var digest: [UInt8]
    }

    /// nil for a list whose signature verified, else the result that said why not.
    private var problems: [Key: CheckResult?] = [:]
    /// At most this many lists are remembered; a long-running verifier forgets the oldest.
    private let capacity = 4096
    private var order: [Key] = []

    /// `.some(nil)` when the list's signature verified, `.some(result)` when it did not, nil when unknown.
    func signatureProblem(for key: Key) -> CheckResult?? { problems[key] }

    func remember(_ problem: CheckResult?, for key: Key) {
        if problems.updateValue(problem, forKey: key) == nil {
            order.append(key)
            if order.count > capacity { problems[order.removeFirst()] = nil }
        }
    }
}

/// Status lists fetched and checked once per verification.
struct StatusListCache {
    private var lists: [String: Result<VerifiedStatusList, StatusListProblem>] = [:]

    mutating func list(_ url: String, context: VerificationContext) async -> Result<VerifiedStatusList, StatusListProblem> {
        if let cached = lists[url] { return cached }
        let result = await Self.load(url, context: context)
        lists[url] = result
        return result
    }

    static func load(_ url: String, context: VerificationContext) async -> Result<VerifiedStatusList, StatusListProblem> {
        let bytes: [UInt8]
        do { bytes = try await context.fetcher.fetch(url) } catch let error as ResourceError {
            return .failure(StatusListProblem(error.kind == .notProvided ? "status_list_not_provided" : "status_list_unreachable",
                                              ["kind": error.kind.rawValue, "detail": error.detail]))
        } catch {
            return .failure(StatusListProblem("status_list_unfetchable", ["url": url, "reason": "\(error)"]))
        }

        let input: CredentialInput
        do { input = try CredentialInput(bytes: bytes) } catch {
            return .failure(StatusListProblem("status_list_not_credential", ["url": url, "reason": "\(error)"]))
        }
        let types = input.credential["type"]?.asArray.compactMap(\.stringValue) ?? []
        guard types.contains("BitstringStatusListCredential") else {
            return .failure(StatusListProblem("status_list_wrong_type", ["url": url]))
        }
        // Another list of the same issuer (another number, a mirror answering with the wrong file)
        // says nothing about this credential's entry.
        let listID = input.credential["id"]?.stringValue
        if let listID, LocalResources.withoutFragment(listID) != LocalResources.withoutFragment(url) {
            return .failure(StatusListProblem("status_list_other_list", ["url": url, "list": listID]))
        }
        let listIssuer = VCJWT.issuerID(of: input.credential)
        guard let listIssuer, listIssuer == context.issuerID else {
            return .failure(StatusListProblem("status_list_other_issuer",
                                              ["url": url, "listIssuer": listIssuer ?? "nobody named", "issuer": context.issuerID ?? ""]))
        }
        // The same bytes from the same URL for the same issuer were signed the same way: their
        // proof is checked once per verifier.
        let key = StatusListMemo.Key(url: url, issuerID: listIssuer, digest: Digest.sha256.hash(bytes))
        let signatureProblem: CheckResult?
        if let known = await context.statusLists.signatureProblem(for: key) {
            signatureProblem = known
        } else {
            var listContext = VerificationContext(input: input, time: context.time, fetcher: context.fetcher,
                                                  keyResolver: context.keyResolver, statusLists: context.statusLists)
            listContext.issuerID = listIssuer
            signatureProblem = await ProofPolicy().evaluate(&listContext).first { $0.verdict != nil }
            // An unavailable key may be had next time; only a definite answer is kept.
            if signatureProblem?.verdict != .unverifiable {
                await context.statusLists.remember(signatureProblem, for: key)
            }
        }
        if let signatureProblem {
            return .failure(StatusListProblem("status_list_badly_signed", ["url": url, "reason": signatureProblem.message]
                .merging(nested("reason", signatureProblem.code, signatureProblem.parameters)) { $1 }))
        }
        // A list re-signed a moment ago by an issuer whose clock runs a little ahead is the current one.
        let validity = ValidityPolicy().check(input.credential, at: context.time, notBeforeLeeway: StatusPolicy.clockSkewLeeway)
        guard validity.status != .fail else {
            return .failure(StatusListProblem(validity.verdict == .expired ? "status_list_stale" : "status_list_not_valid",
                                              ["url": url, "reason": validity.message].merging(nested("reason", validity.code, validity.parameters)) { $1 }))
        }
        let subject: BitstringStatusListSubject
        let bitstring: StatusBitstring
        do {
            subject = try BitstringStatusListSubject(json: input.credential["credentialSubject"] ?? .null)
            bitstring = try subject.bitstring()
        } catch {
            return .failure(StatusListProblem("status_list_unreadable", ["url": url, "reason": "\(error)"]))
        }
        let until = (input.credential["validUntil"] ?? input.credential["expirationDate"])?.stringValue.flatMap(XSDDateTime.date(from:))
        return .success(VerifiedStatusList(purposes: subject.statusPurposes, bitstring: bitstring, validUntil: until))
    }
}
