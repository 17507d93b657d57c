import CredentialKit

/// Proof and key binding: the signature matches the content, and the key belongs to the issuer.
/// Its two results are the `proof` and `issuer-key` checks.
///
/// The verdicts follow one rule: TAMPERED only when a signature was checked and does not match
/// (or was made by a key the issuer does not control). When Laurel could not check — an unknown
/// suite or algorithm, a context it has not pinned, a key it cannot obtain — the answer is
/// UNSUPPORTED or UNVERIFIABLE; a proof that is not well formed is MALFORMED. Any of these ends
/// the verification: the credential's other claims cannot be relied on.
public struct ProofPolicy: VerificationPolicy {
    public init() {}

    public func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        let (proof, key) = await check(&context)
        return [proof, key]
    }

    /// Where the key comes from: a verification method to resolve, or a key the JWT carries.
    enum KeySource {
        case method(String)
        case embedded(PublicKey)
    }

    /// Why a JWT names no usable key.
    struct KeyProblem: Error {
        var code: String
        var parameters: [String: String] = [:]
        var verdict: Verdict = .malformed
    }

    func check(_ context: inout VerificationContext) async -> (proof: CheckResult, key: CheckResult) {
        let input = context.input
        let source: KeySource
        let purpose: String?
        switch input.format {
        case .dataIntegrity:
            do {
                let description = try DataIntegrity.describeProof(of: input.credential)
                source = .method(description.verificationMethod)
                purpose = description.proofPurpose
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
                if case .mismatch(let note) = try DataIntegrity.check(input.credential, key: key) {
                    return mismatch(input, note: note)
                }
            case .jwt:
                guard let token = input.token else { return failed("jwt_unreadable", [:], .malformed) }
                guard try VCJWT.verifySignature(of: token, key: key) else { return mismatch(input, note: nil) }
            }
        } catch let error as CredentialKitError {
            return Self.uncheckable(error, input)
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
        let proofName = input.format == .jwt ? "VC-JWT \(input.token?.algorithm ?? "")" :
            (input.credential["proof"]?["cryptosuite"]?.stringValue ?? input.credential["proof"]?["type"]?.stringValue ?? "proof")
        let proof = CheckResult(.proof, .pass, code: resolved == nil ? "signature_valid_embedded_key" : "signature_valid", ["proof": proofName])
        context.signingKey = SigningKey(key: key, resolved: resolved)

        guard let issuer = context.issuerID else {
            return (proof, CheckResult(.issuerKey, .fail, code: "issuer_missing", verdict: .malformed, endsVerification: true))
        }
        guard let resolved else {
            // A key that came with the credential: only the issuer's own documents can vouch for it.
            return (proof, await bindEmbeddedKey(key, to: issuer, resolver: context.keyResolver))
        }
        guard resolved.controller == issuer else {
            return (proof, CheckResult(.issuerKey, .fail, code: "key_not_issuers",
                                       ["controller": resolved.controller, "issuer": issuer], verdict: .tampered, endsVerification: true))
        }
        // A document may name anyone as its key's controller: the key is the issuer's only when
        // the issuer's own DID or document lists it.
        return (proof, await bindResolvedKey(resolved, to: issuer, resolver: context.keyResolver))
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
                               verdict: .unverifiable, endsVerification: true)
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
                               verdict: .unverifiable, endsVerification: true)
        }
        if let match = keys.first(where: { $0.key == key && $0.controller == issuer }) {
            return CheckResult(.issuerKey, .pass, code: "embedded_key_issuers", ["method": match.verificationMethod])
        }
        return CheckResult(.issuerKey, .fail, code: "embedded_key_not_issuers", ["issuer": issuer],
                           verdict: .tampered, endsVerification: true)
    }

    /// The results when the key could not be had.
    private static func unresolved(_ error: any Error) -> (proof: CheckResult, key: CheckResult) {
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
        return (CheckResult(.proof, .unknown, code: code, ["reason": reason], verdict: verdict, endsVerification: true),
                CheckResult(.issuerKey, verdict == .tampered ? .fail : .unknown, code: code, ["reason": reason],
                            message: reason))
    }

    /// The results when a signature could not be checked; never TAMPERED.
    private static func uncheckable(_ error: CredentialKitError, _ input: CredentialInput) -> (proof: CheckResult, key: CheckResult) {
        let contexts = input.credential["@context"]?.asArray.compactMap(\.stringValue) ?? []
        let (code, verdict): (String, Verdict) = switch error.code {
        case .contextNotPinned: ("context_not_pinned", .unsupported)
        case .unsupportedProof: ("signature_unsupported", .unsupported)
        case .undefinedTerm, .invalidJSONLD: ("linked_data_unreadable", .malformed)
        default: ("signature_uncheckable", .malformed)
        }
        let status: CheckStatus = verdict == .unsupported ? .unknown : .fail
        return (CheckResult(.proof, status, code: code, ["reason": error.reason, "contexts": contexts.joined(separator: ", ")],
                            verdict: verdict, endsVerification: true), skippedKey)
    }

    /// The results when the signature was checked and does not match.
    private func mismatch(_ input: CredentialInput, note: String?) -> (proof: CheckResult, key: CheckResult) {
        var parameters: [String: String] = [:]
        if Self.usesLinkedData(input.credential) {
            // What is signed depends on the contexts too: name them, so a swapped version is visible.
            parameters["contexts"] = (input.credential["@context"]?.asArray.compactMap(\.stringValue) ?? []).joined(separator: ", ")
        }
        if let note { parameters["note"] = note }
        return (CheckResult(.proof, .fail, code: "signature_mismatch", parameters, verdict: .tampered, endsVerification: true),
                Self.skippedKey)
    }

    /// A proof that could not be checked (`unknown`) or is not well formed (`fail`).
    private func failed(_ code: String, _ parameters: [String: String], _ verdict: Verdict) -> (proof: CheckResult, key: CheckResult) {
        let status: CheckStatus = verdict == .unsupported || verdict == .unverifiable ? .unknown : .fail
        return (CheckResult(.proof, status, code: code, parameters, verdict: verdict, endsVerification: true), Self.skippedKey)
    }

    /// Whether the proof is computed over linked data (RDFC), where contexts shape what is signed.
    static func usesLinkedData(_ credential: JSONObject) -> Bool {
        let proof = credential["proof"]
        return proof?["type"]?.stringValue == "Ed25519Signature2020"
            || proof?["cryptosuite"]?.stringValue.map { Cryptosuite(rawValue: $0)?.canonicalization == .rdfc } == true
    }

    private static var skippedKey: CheckResult { CheckResult(.issuerKey, .skipped, code: "issuer_key_not_checked") }
}
