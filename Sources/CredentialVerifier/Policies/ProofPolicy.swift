import CredentialKit
import Foundation

/// Proof and key binding: the signature matches the content, and the key belongs to the issuer.
/// Its two results are the `proof` and `issuer-key` checks; a credential with several proofs (a
/// Data Integrity proof set or chain) gets the two for each proof, and every one must verify.
///
/// The verdicts follow one rule: TAMPERED only when a signature was checked and does not match
/// (or was made by a key the issuer does not control), and TAMPERED ends the verification: the
/// credential's other claims cannot be relied on. When Laurel could not check — an unknown suite
/// or algorithm, a context it has not pinned, a key it cannot obtain — the answer is UNSUPPORTED
/// or UNVERIFIABLE; a proof that is not well formed is MALFORMED. The checks after these still
/// run, so the report names every problem found.
public struct ProofPolicy: VerificationPolicy {
    public init() {}

    /// The most proofs one credential may carry: each costs a full check, so a file of thousands
    /// would hold a verifier (or a server) for minutes.
    public static let maxProofs = 8

    public func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        let input = context.input
        let proofs: [JSONValue]
        switch input.credential["proof"] {
        case .array(let list)? where input.format == .dataIntegrity: proofs = list
        case let single? where input.format == .dataIntegrity: proofs = [single]
        default: proofs = []
        }
        if input.format == .dataIntegrity, input.credential["proof"] != nil, let problem = Self.proofSetProblem(proofs) {
            let (proof, key, _) = failed(problem.code, problem.parameters, problem.verdict)
            return [proof, key]
        }
        guard proofs.count > 1 else {
            var document = input.credential
            var covering: [JSONValue] = []
            if let only = proofs.first {
                // One proof naming earlier ones of a chain that are not here.
                switch Self.previousProofs(of: only, in: proofs) {
                case .success(let previous): covering = previous
                case .failure(let problem):
                    let (proof, key, _) = failed(problem.code, problem.parameters, problem.verdict)
                    return [proof, key]
                }
                document["proof"] = only
            }
            let (proof, key, signingKey) = await check(context, document: document, covering: covering)
            context.signingKey = signingKey
            return [proof, key]
        }
        // A proof set (or chain): each proof is checked on its own, over the document without
        // the others (or, for a proof in a chain, with the proofs it names as previous).
        var results: [CheckResult] = []
        var keys: [SigningKey?] = []
        for (index, proof) in proofs.enumerated() {
            let which = ["which": "\(index + 1)", "of": "\(proofs.count)"]
            var document = input.credential
            document["proof"] = proof
            let covering: [JSONValue]
            switch Self.previousProofs(of: proof, in: proofs) {
            case .success(let previous): covering = previous
            case .failure(let problem):
                let (failure, key, _) = failed(problem.code, problem.parameters, problem.verdict)
                results += [failure.numbered(which), key.numbered(which)]
                keys.append(nil)
                continue
            }
            let (proofResult, keyResult, signingKey) = await check(context, document: document, covering: covering)
            results += [proofResult.numbered(which), keyResult.numbered(which)]
            keys.append(signingKey)
            // A proof that does not match ends the checks: the others cannot make it trustworthy.
            if proofResult.verdict == .tampered || keyResult.verdict == .tampered { break }
        }
        // The issuer is confirmed only when every proof verified with one of its keys.
        if keys.allSatisfy({ $0 != nil }) { context.signingKey = keys.first ?? nil }
        return results
    }

    /// Where the key comes from: a verification method to resolve, or a key the JWT carries.
    enum KeySource {
        case method(String)
        case embedded(PublicKey)
    }

    /// Why a JWT names no usable key, or a proof's chain cannot be followed.
    struct KeyProblem: Error {
        var code: String
        var parameters: [String: String] = [:]
        var verdict: Verdict = .malformed
    }

    /// What makes a credential's proofs unusable as a whole: none, more than ``maxProofs``, the
    /// same proof or proof id twice, or a chain that leads back to itself; nil when none of these.
    static func proofSetProblem(_ proofs: [JSONValue]) -> KeyProblem? {
        guard !proofs.isEmpty else { return KeyProblem(code: "proof_missing") }
        guard proofs.count <= maxProofs else {
            return KeyProblem(code: "proofs_too_many", parameters: ["count": "\(proofs.count)", "limit": "\(maxProofs)"])
        }
        if Set(proofs).count < proofs.count { return KeyProblem(code: "proof_duplicate") }
        let ids = proofs.compactMap { $0["id"]?.stringValue }
        if Set(ids).count < ids.count { return KeyProblem(code: "proof_id_duplicate") }
        // Each proof's earlier proofs, by id; a chain must not lead back to where it started.
        var previous: [String: [String]] = [:]
        for proof in proofs {
            guard let id = proof["id"]?.stringValue else { continue }
            previous[id] = proof["previousProof"]?.asArray.compactMap(\.stringValue) ?? []
        }
        for start in previous.keys {
            var seen: Set<String> = []
            var frontier = previous[start] ?? []
            while let next = frontier.popLast() {
                if next == start { return KeyProblem(code: "proof_chain_cycle", parameters: ["id": start]) }
                if seen.insert(next).inserted { frontier += previous[next] ?? [] }
            }
        }
        return nil
    }

    /// The proofs a proof in a chain names as `previousProof` (Data Integrity §4.3), which its
    /// signature covers; empty for a proof in a set.
    static func previousProofs(of proof: JSONValue, in proofs: [JSONValue]) -> Result<[JSONValue], KeyProblem> {
        guard let named = proof["previousProof"] else { return .success([]) }
        let ids = named.asArray.compactMap(\.stringValue)
        guard !ids.isEmpty, ids.count == named.asArray.count else {
            return .failure(KeyProblem(code: "proof_malformed", parameters: ["reason": "previousProof must be a proof id or a list of them"]))
        }
        var previous: [JSONValue] = []
        for id in ids {
            guard let match = proofs.first(where: { $0["id"]?.stringValue == id }) else {
                return .failure(KeyProblem(code: "previous_proof_missing", parameters: ["id": id]))
            }
            previous.append(match)
        }
        return .success(previous)
    }

    /// Checks the one proof `document` carries: its signature, then whether the key is the issuer's.
    ///
    /// - Parameter covering: for a proof in a chain, the earlier proofs its signature covers.
    /// - Returns: the `proof` and `issuer-key` results, and the key when both passed.
    func check(_ context: VerificationContext, document: JSONObject, covering: [JSONValue] = [])
        async -> (proof: CheckResult, key: CheckResult, signingKey: SigningKey?) {
        let input = context.input
        let source: KeySource
        let purpose: String?
        let created: Date?
        switch input.format {
        case .dataIntegrity:
            do {
                let description = try DataIntegrity.describeProof(of: document)
                source = .method(description.verificationMethod)
                purpose = description.proofPurpose
                created = description.created
            } catch let error as CredentialKitError where error.code == .unsupportedProof {
                return failed("proof_unsupported", ["reason": error.reason], .unsupported)
            } catch {
                return failed("proof_malformed", ["reason": "\(error)"], .malformed)
            }
        case .jwt:
            guard let token = input.token else { return failed("jwt_unreadable", [:], .malformed) }
            switch Self.keySource(of: token, issuer: context.issuerID) {
            case .success(let found): source = found
            case .failure(let problem): return failed(problem.code, problem.parameters, problem.verdict)
            }
            purpose = nil
            created = (token.payload["iat"] ?? token.payload["nbf"])?.doubleValue.map { Date(timeIntervalSince1970: $0) }
        }

        // The key, and — for a key named by a verification method — who controls it.
        let key: PublicKey
        var resolved: ResolvedKey?
        switch source {
        case .method(let verificationMethod):
            do {
                let found = try await context.keyResolver.resolve(verificationMethod)
                key = found.key
                resolved = found
            } catch {
                return Self.unresolved(error)
            }
        case .embedded(let embedded):
            key = embedded
        }

        do {
            switch input.format {
            case .dataIntegrity:
                if case .mismatch(let note) = try DataIntegrity.check(document, key: key, previousProofs: covering) {
                    return mismatch(document, note: note)
                }
            case .jwt:
                guard let token = input.token else { return failed("jwt_unreadable", [:], .malformed) }
                guard try VCJWT.verifySignature(of: token, key: key) else { return mismatch(document, note: nil) }
            }
        } catch let error as CredentialKitError {
            return Self.uncheckable(error, document)
        } catch {
            return failed("signature_uncheckable", ["reason": "\(error)"], .malformed)
        }
        if let purpose, purpose != "assertionMethod" {
            return failed("proof_purpose_wrong", ["purpose": purpose], .malformed)
        }
        if let token = input.token {
            do { try VCJWT.checkRegisteredClaims(of: token) } catch {
                return failed("jwt_claims_invalid", ["reason": "\(error)"], .malformed)
            }
        }
        let described = try? DataIntegrity.describeProof(of: document)
        let proofName = input.format == .jwt ? "VC-JWT \(input.token?.algorithm ?? "")" :
            (described?.cryptosuite ?? described?.type ?? "proof")
        let proof = CheckResult(.proof, .pass, code: resolved == nil ? "signature_valid_embedded_key" : "signature_valid", ["proof": proofName])
        let signingKey = SigningKey(key: key, resolved: resolved)

        guard let issuer = context.issuerID else {
            return (proof, CheckResult(.issuerKey, .fail, code: "issuer_missing", verdict: .malformed), nil)
        }
        let binding: CheckResult
        if let resolved {
            if resolved.controller != issuer {
                binding = CheckResult(.issuerKey, .fail, code: "key_not_issuers",
                                      ["controller": resolved.controller, "issuer": issuer], verdict: .tampered, endsVerification: true)
            } else {
                // A document may name anyone as its key's controller: the key is the issuer's only
                // when the issuer's own DID or document lists it.
                binding = await bindResolvedKey(resolved, to: issuer, resolver: context.keyResolver)
            }
        } else {
            // A key that came with the credential: only the issuer's own documents can vouch for it.
            binding = await bindEmbeddedKey(key, to: issuer, resolver: context.keyResolver)
        }
        let checked = binding.status == .pass ? Self.lifetimeCheck(resolved, created: created) ?? binding : binding
        return (proof, checked, checked.status == .pass ? signingKey : nil)
    }

    /// Whether the key was the issuer's when the proof was made: a key the issuer retired
    /// (`expires`) stands for proofs made until then; a revoked one for none. Nil when the key
    /// has neither.
    static func lifetimeCheck(_ resolved: ResolvedKey?, created: Date?) -> CheckResult? {
        guard let resolved else { return nil }
        let method = resolved.verificationMethod
        if let revoked = resolved.revoked {
            return CheckResult(.issuerKey, .fail, code: "key_revoked", ["method": method, "revoked": XSDDateTime.string(from: revoked)],
                               verdict: .tampered, endsVerification: true)
        }
        guard let expires = resolved.expires else { return nil }
        let retired = XSDDateTime.string(from: expires)
        guard let created else {
            return CheckResult(.issuerKey, .unknown, code: "key_retired_proof_undated", ["method": method, "retired": retired],
                               verdict: .unverifiable)
        }
        guard created <= expires else {
            return CheckResult(.issuerKey, .fail, code: "key_used_after_retirement",
                               ["method": method, "retired": retired, "created": XSDDateTime.string(from: created)],
                               verdict: .tampered, endsVerification: true)
        }
        return CheckResult(.issuerKey, .pass, code: "issuer_key_retired",
                           ["method": method, "retired": retired, "created": XSDDateTime.string(from: created)])
    }

    /// Whether the issuer's own DID or document lists the key a verification method resolved to.
    /// A method of the issuer's own DID or document was resolved from it, so it does; a method
    /// elsewhere must appear in the issuer's list of keys.
    private func bindResolvedKey(_ resolved: ResolvedKey, to issuer: String, resolver: any KeyResolver) async -> CheckResult {
        if LocalResources.withoutFragment(resolved.verificationMethod) == LocalResources.withoutFragment(issuer) {
            return CheckResult(.issuerKey, .pass, code: "issuer_key", ["method": resolved.verificationMethod])
        }
        let keys: [ResolvedKey]
        do {
            keys = try await resolver.keys(controlledBy: issuer)
        } catch {
            let reason = (error as? KeyResolutionError)?.description ?? "\(error)"
            return CheckResult(.issuerKey, .unknown, code: "issuer_keys_unavailable", ["method": resolved.verificationMethod, "reason": reason],
                               verdict: .unverifiable)
        }
        guard keys.contains(where: { $0.key == resolved.key && $0.controller == issuer }) else {
            return CheckResult(.issuerKey, .fail, code: "key_not_listed_by_issuer", ["method": resolved.verificationMethod, "issuer": issuer],
                               verdict: .tampered, endsVerification: true)
        }
        return CheckResult(.issuerKey, .pass, code: "issuer_key", ["method": resolved.verificationMethod])
    }

    /// Where a JWT's key comes from: its `kid` when that names a DID or https verification method
    /// (a relative `#fragment` is taken against the issuer), else its `jwk` (OB 3.0 §8.2).
    static func keySource(of token: VCJWT.UnverifiedToken, issuer: String?) -> Result<KeySource, KeyProblem> {
        if let kid = token.keyID {
            if kid.hasPrefix("did:") || kid.hasPrefix("https://") || kid.hasPrefix("http://") {
                return .success(.method(kid))
            }
            if kid.hasPrefix("#"), let issuer {
                return .success(.method(issuer + kid))
            }
        }
        if let jwk = token.embeddedKey {
            if jwk["d"] != nil {
                return .failure(KeyProblem(code: "jwt_key_private"))
            }
            do { return .success(.embedded(try PublicKey(jwk: jwk))) } catch let error as CredentialKitError where error.code == .unsupportedKeyType {
                return .failure(KeyProblem(code: "jwt_key_unsupported", parameters: ["reason": error.reason], verdict: .unsupported))
            } catch {
                return .failure(KeyProblem(code: "jwt_key_unusable", parameters: ["reason": "\(error)"]))
            }
        }
        if let kid = token.keyID {
            return .failure(KeyProblem(code: "jwt_kid_unusable", parameters: ["kid": kid]))
        }
        return .failure(KeyProblem(code: "jwt_key_missing"))
    }

    /// Whether the issuer lists `key` among its own: for a did:key or did:jwk issuer the key must
    /// be the DID's key; an https or did:web issuer's key document must list it.
    private func bindEmbeddedKey(_ key: PublicKey, to issuer: String, resolver: any KeyResolver) async -> CheckResult {
        let keys: [ResolvedKey]
        do {
            keys = try await resolver.keys(controlledBy: issuer)
        } catch {
            let reason = (error as? KeyResolutionError)?.description ?? "\(error)"
            return CheckResult(.issuerKey, .unknown, code: "embedded_key_unknown", ["reason": reason],
                               verdict: .unverifiable)
        }
        if let match = keys.first(where: { $0.key == key && $0.controller == issuer }) {
            return CheckResult(.issuerKey, .pass, code: "embedded_key_issuers", ["method": match.verificationMethod])
        }
        return CheckResult(.issuerKey, .fail, code: "embedded_key_not_issuers", ["issuer": issuer],
                           verdict: .tampered, endsVerification: true)
    }

    /// The results when the key could not be had.
    private static func unresolved(_ error: any Error) -> (proof: CheckResult, key: CheckResult, signingKey: SigningKey?) {
        let (code, verdict): (String, Verdict)
        let reason: String
        if let error = error as? KeyResolutionError {
            reason = error.description
            (code, verdict) = switch error {
            case .unavailable: ("key_unavailable", .unverifiable)
            case .notListed: ("key_not_listed", .tampered)
            case .unsupported: ("key_method_unsupported", .unsupported)
            case .invalid: ("key_invalid", .malformed)
            }
        } else {
            // A resolver outside Laurel may throw anything: the key could not be had.
            reason = "\(error)"
            (code, verdict) = ("key_unavailable", .unverifiable)
        }
        // A key its document does not list is not the issuer's: the key check fails (TAMPERED)
        // though no signature was checked. Otherwise the key is unknown.
        return (CheckResult(.proof, .unknown, code: code, ["reason": reason], verdict: verdict, endsVerification: verdict == .tampered),
                CheckResult(.issuerKey, verdict == .tampered ? .fail : .unknown, code: code, ["reason": reason],
                            message: reason), nil)
    }

    /// The results when a signature could not be checked; never TAMPERED.
    private static func uncheckable(_ error: CredentialKitError, _ document: JSONObject) -> (proof: CheckResult, key: CheckResult, signingKey: SigningKey?) {
        let contexts = document["@context"]?.asArray.compactMap(\.stringValue) ?? []
        let (code, verdict): (String, Verdict) = switch error.code {
        case .contextNotPinned: ("context_not_pinned", .unsupported)
        case .embeddedContext: ("context_embedded", .unsupported)
        case .unsupportedProof: ("signature_unsupported", .unsupported)
        case .undefinedTerm, .invalidJSONLD: ("linked_data_unreadable", .malformed)
        default: ("signature_uncheckable", .malformed)
        }
        let status: CheckStatus = verdict == .unsupported ? .unknown : .fail
        return (CheckResult(.proof, status, code: code, ["reason": error.reason, "contexts": contexts.joined(separator: ", ")],
                            verdict: verdict), skippedKey, nil)
    }

    /// The results when the signature was checked and does not match.
    private func mismatch(_ document: JSONObject, note: String?) -> (proof: CheckResult, key: CheckResult, signingKey: SigningKey?) {
        var parameters: [String: String] = [:]
        if Self.usesLinkedData(document) {
            // What is signed depends on the contexts too: name them, so a swapped version is visible.
            parameters["contexts"] = (document["@context"]?.asArray.compactMap(\.stringValue) ?? []).joined(separator: ", ")
        }
        if let note { parameters["note"] = note }
        return (CheckResult(.proof, .fail, code: "signature_mismatch", parameters, verdict: .tampered, endsVerification: true),
                Self.skippedKey, nil)
    }

    /// A proof that could not be checked (`unknown`) or is not well formed (`fail`).
    private func failed(_ code: String, _ parameters: [String: String], _ verdict: Verdict) -> (proof: CheckResult, key: CheckResult, signingKey: SigningKey?) {
        let status: CheckStatus = verdict == .unsupported || verdict == .unverifiable ? .unknown : .fail
        return (CheckResult(.proof, status, code: code, parameters, verdict: verdict), Self.skippedKey, nil)
    }

    /// Whether the proof is computed over linked data (RDFC), where contexts shape what is signed.
    static func usesLinkedData(_ credential: JSONObject) -> Bool {
        let proof = credential["proof"]
        return proof?["type"]?.stringValue == "Ed25519Signature2020"
            || proof?["cryptosuite"]?.stringValue.map { Cryptosuite(rawValue: $0)?.canonicalization == .rdfc } == true
    }

    private static var skippedKey: CheckResult { CheckResult(.issuerKey, .skipped, code: "issuer_key_not_checked") }
}

extension CheckResult {
    /// This result as one proof's of several: "proof 2 of 3: …", with `which` and `of` among its parameters.
    func numbered(_ which: [String: String]) -> CheckResult {
        var result = self
        result.parameters.merge(which) { current, _ in current }
        result.message = VerificationMessages.message(code, result.parameters, language: .english)
            ?? "proof \(which["which"] ?? "") of \(which["of"] ?? ""): " + message
        return result
    }
}
