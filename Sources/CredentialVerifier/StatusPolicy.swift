import CredentialKit
import Foundation

/// Status: whether the issuer has revoked or suspended the credential.
///
/// Reads `credentialStatus` entries of type `BitstringStatusListEntry` (W3C Bitstring Status
/// List v1.0) and the legacy `1EdTechRevocationList`. A status list is believed only after
/// its own proof verifies, its issuer is the credential's issuer and it is within its
/// validity window; anything else makes the answer `unknown` with the reason — never a pass
/// for a list that was not checked.
struct StatusPolicy {
    var fetcher: any ResourceFetcher
    var keyResolver: any KeyResolver
    var at: Date
    /// Lists already checked by this verifier, so credentials sharing a list cost one check.
    var memo: StatusListMemo = StatusListMemo()

    struct Outcome {
        var result: CheckResult
        var verdict: Verdict?
    }

    /// One entry's answer.
    enum EntryStatus {
        case active(String)
        case revoked(String)
        case suspended(String)
        case unknown(String)
        case skipped(String)
    }

    func check(_ state: VerificationState) async -> Outcome {
        guard let status = state.input.credential["credentialStatus"] else {
            return Outcome(result: CheckResult(.status, .skipped, "the credential has no credentialStatus, so it cannot be revoked"))
        }
        var answers: [EntryStatus] = []
        var lists = StatusListCache()
        for entry in status.asArray {
            answers.append(await evaluate(entry, issuerID: state.issuerID, credentialID: state.input.credential["id"]?.stringValue, lists: &lists))
        }
        for answer in answers { if case .revoked(let message) = answer { return Outcome(result: CheckResult(.status, .fail, message), verdict: .revoked) } }
        for answer in answers { if case .suspended(let message) = answer { return Outcome(result: CheckResult(.status, .fail, message), verdict: .suspended) } }
        for answer in answers { if case .unknown(let message) = answer { return Outcome(result: CheckResult(.status, .unknown, message), verdict: .statusUnknown) } }
        let actives = answers.compactMap { if case .active(let message) = $0 { message } else { nil } }
        if !actives.isEmpty {
            return Outcome(result: CheckResult(.status, .pass, actives.joined(separator: "; ")))
        }
        let skipped = answers.compactMap { if case .skipped(let message) = $0 { message } else { nil } }
        return Outcome(result: CheckResult(.status, .skipped, skipped.joined(separator: "; ")))
    }

    func evaluate(_ entry: JSONValue, issuerID: String?, credentialID: String?, lists: inout StatusListCache) async -> EntryStatus {
        switch entry["type"]?.stringValue {
        case BitstringStatusListEntry.type?:
            return await evaluateBitstring(entry, issuerID: issuerID, lists: &lists)
        case "1EdTechRevocationList"?:
            return await evaluateRevocationList(entry, issuerID: issuerID, credentialID: credentialID)
        case let type?:
            return .unknown("status of type \(type) cannot be checked by Laurel")
        case nil:
            return .unknown("a credentialStatus entry has no type")
        }
    }

    // MARK: Bitstring Status List

    func evaluateBitstring(_ json: JSONValue, issuerID: String?, lists: inout StatusListCache) async -> EntryStatus {
        let entry: BitstringStatusListEntry
        do { entry = try BitstringStatusListEntry(json: json) } catch {
            return .unknown("the credentialStatus entry is malformed: \(error)")
        }
        let purpose = entry.statusPurpose
        guard purpose == "revocation" || purpose == "suspension" else {
            return .skipped("status purpose \(purpose) does not affect validity")
        }
        let list: VerifiedStatusList
        switch await lists.list(entry.statusListCredential, policy: self, issuerID: issuerID) {
        case .success(let verified): list = verified
        case .failure(let problem): return .unknown("\(purpose) status unknown: \(problem.message)")
        }
        guard list.purposes.contains(purpose) else {
            return .unknown("\(purpose) status unknown: the list \(entry.statusListCredential) is for \(list.purposes.joined(separator: ", ")), not \(purpose)")
        }
        let statusSize = entry.statusSize
        guard list.bitstring.bitCount >= StatusBitstring.minimumEntryCount * statusSize else {
            return .unknown("\(purpose) status unknown: the list has \(list.bitstring.bitCount / statusSize) entries, fewer than the \(StatusBitstring.minimumEntryCount) the specification requires")
        }
        guard let value = list.bitstring.value(at: entry.statusListIndex, statusSize: statusSize) else {
            return .unknown("\(purpose) status unknown: index \(entry.statusListIndex) is outside the list (\(list.bitstring.bitCount / statusSize) entries)")
        }
        let stamp = "list \(entry.statusListCredential) valid until \(list.validUntil.map(XSDDateTime.string(from:)) ?? "(no end)")"
        switch (purpose, value) {
        case ("revocation", 0): return .active("not revoked (\(stamp))")
        case ("revocation", _): return .revoked("revoked by the issuer (\(stamp))")
        case ("suspension", 0): return .active("not suspended")
        default: return .suspended("suspended by the issuer (\(stamp))")
        }
    }

    // MARK: 1EdTech revocation list (legacy)

    func evaluateRevocationList(_ entry: JSONValue, issuerID: String?, credentialID: String?) async -> EntryStatus {
        guard let url = entry["id"]?.stringValue else {
            return .unknown("the 1EdTechRevocationList entry has no id (the list's URL)")
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(try await fetcher.fetch(url), limits: .init(maxBytes: 16 << 20, maxDepth: 32))
        } catch let error as ResourceError {
            return .unknown("revocation status unknown: \(error.detail)")
        } catch {
            return .unknown("revocation status unknown: the revocation list \(url) is not valid JSON")
        }
        let listIssuer = document["issuer"]?.stringValue ?? document["issuer"]?["id"]?.stringValue
        guard let listIssuer, listIssuer == issuerID else {
            return .unknown("revocation status unknown: the revocation list \(url) was published by \(listIssuer ?? "nobody named"), not by the credential's issuer")
        }
        guard let revoked = (document["revokedCredentials"] ?? document["revokedAssertions"])?.arrayValue else {
            return .unknown("revocation status unknown: \(url) is not a revocation list (no revokedCredentials)")
        }
        for item in revoked {
            let id = item.stringValue ?? item["id"]?.stringValue
            if let id, id == credentialID {
                let reason = item["revocationReason"]?.stringValue.map { ": \($0)" } ?? ""
                return .revoked("revoked by the issuer\(reason)")
            }
        }
        return .active("not on the issuer's revocation list \(url) (an unsigned legacy list, trusted for its address)")
    }
}

/// A Bitstring Status List credential whose proof, issuer and dates have been checked.
struct VerifiedStatusList {
    var purposes: [String]
    var bitstring: StatusBitstring
    var validUntil: Date?
}

/// Why a status list could not be believed.
struct StatusListProblem: Error {
    var message: String
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

    /// nil for a list whose signature verified, else why it did not.
    private var problems: [Key: String?] = [:]
    /// At most this many lists are remembered; a long-running verifier forgets the oldest.
    private let capacity = 4096
    private var order: [Key] = []

    /// `.some(nil)` when the list's signature verified, `.some(reason)` when it did not, nil when unknown.
    func signatureProblem(for key: Key) -> String?? { problems[key] }

    func remember(_ problem: String?, for key: Key) {
        if problems.updateValue(problem, forKey: key) == nil {
            order.append(key)
            if order.count > capacity { problems[order.removeFirst()] = nil }
        }
    }
}

/// Status lists fetched and checked once per verification.
struct StatusListCache {
    private var lists: [String: Result<VerifiedStatusList, StatusListProblem>] = [:]

    mutating func list(_ url: String, policy: StatusPolicy, issuerID: String?) async -> Result<VerifiedStatusList, StatusListProblem> {
        if let cached = lists[url] { return cached }
        let result = await Self.load(url, policy: policy, issuerID: issuerID)
        lists[url] = result
        return result
    }

    static func load(_ url: String, policy: StatusPolicy, issuerID: String?) async -> Result<VerifiedStatusList, StatusListProblem> {
        let bytes: [UInt8]
        do { bytes = try await policy.fetcher.fetch(url) } catch let error as ResourceError {
            let what = error.kind == .notProvided ? "" : "the status list is \(error.kind.rawValue): "
            return .failure(StatusListProblem(message: what + error.detail))
        } catch {
            return .failure(StatusListProblem(message: "the status list \(url) could not be fetched: \(error)"))
        }

        let input: CredentialInput
        do { input = try CredentialInput(bytes: bytes) } catch {
            return .failure(StatusListProblem(message: "the status list \(url) is not a credential: \(error)"))
        }
        let types = input.credential["type"]?.asArray.compactMap(\.stringValue) ?? []
        guard types.contains("BitstringStatusListCredential") else {
            return .failure(StatusListProblem(message: "\(url) is not a BitstringStatusListCredential"))
        }
        // Another list of the same issuer (another number, a mirror answering with the wrong file)
        // says nothing about this credential's entry.
        let listID = input.credential["id"]?.stringValue
        if let listID, LocalResources.withoutFragment(listID) != LocalResources.withoutFragment(url) {
            return .failure(StatusListProblem(message: "the document at \(url) is the status list \(listID), not \(url)"))
        }
        let listIssuer = VCJWT.issuerID(of: input.credential)
        guard let listIssuer, listIssuer == issuerID else {
            return .failure(StatusListProblem(message: "the status list \(url) was issued by \(listIssuer ?? "nobody named"), not by the credential's issuer \(issuerID ?? "")"))
        }
        // The same bytes from the same URL for the same issuer were signed the same way: their
        // proof is checked once per verifier.
        let key = StatusListMemo.Key(url: url, issuerID: listIssuer, digest: Digest.sha256.hash(bytes))
        let signatureProblem: String?
        if let known = await policy.memo.signatureProblem(for: key) {
            signatureProblem = known
        } else {
            var state = VerificationState(input: input)
            state.issuerID = listIssuer
            let proof = await ProofPolicy(resolver: policy.keyResolver).check(&state)
            signatureProblem = proof.verdict == nil ? nil : (proof.proof.status == .pass ? proof.key.message : proof.proof.message)
            // An unavailable key may be had next time; only a definite answer is kept.
            if proof.verdict != .unverifiable {
                await policy.memo.remember(signatureProblem, for: key)
            }
        }
        if let signatureProblem {
            return .failure(StatusListProblem(message: "the status list \(url) is badly signed: \(signatureProblem)"))
        }
        let state = VerificationState(input: input, issuerID: listIssuer)
        let validity = ValidityPolicy(at: policy.at).check(state)
        guard validity.status != .fail else {
            let stale = validity.message.hasPrefix("expired")
            return .failure(StatusListProblem(message: "the status list \(url) is \(stale ? "stale" : "not valid"): \(validity.message)"))
        }
        let subject: BitstringStatusListSubject
        let bitstring: StatusBitstring
        do {
            subject = try BitstringStatusListSubject(json: input.credential["credentialSubject"] ?? .null)
            bitstring = try subject.bitstring()
        } catch {
            return .failure(StatusListProblem(message: "the status list \(url) cannot be read: \(error)"))
        }
        let until = (input.credential["validUntil"] ?? input.credential["expirationDate"])?.stringValue.flatMap(XSDDateTime.date(from:))
        return .success(VerifiedStatusList(purposes: subject.statusPurposes, bitstring: bitstring, validUntil: until))
    }
}
