import CredentialKit
import Foundation

/// Everything the checks share about one credential.
struct VerificationState: Sendable {
    var input: CredentialInput
    var model: OpenBadgeCredential?
    var issuerID: String?
    var resolvedKey: ResolvedKey?
}

/// Format: the credential is an OB 3.0 (or VC) credential Laurel can read.
struct FormatPolicy {
    func check(_ state: inout VerificationState) -> CheckResult {
        let json = state.input.credential
        let contexts = json["@context"]?.asArray.compactMap(\.stringValue) ?? []
        guard let first = contexts.first,
              first == JSONLDContexts.credentialsV2 || first == JSONLDContexts.credentialsV1 else {
            return CheckResult(.format, .fail, "@context must begin with \(JSONLDContexts.credentialsV2) (VC Data Model 2.0) or the 1.1 context")
        }
        let types = json["type"]?.asArray.compactMap(\.stringValue) ?? []
        guard types.contains("VerifiableCredential") else {
            return CheckResult(.format, .fail, "type does not include VerifiableCredential")
        }
        state.issuerID = VCJWT.issuerID(of: json)
        guard state.issuerID != nil else {
            return CheckResult(.format, .fail, "the credential has no issuer id")
        }
        let isOpenBadge = types.contains("OpenBadgeCredential") || types.contains("AchievementCredential")
        if isOpenBadge {
            guard contexts.contains(where: { JSONLDContexts.openBadgesV3.contains($0) }) else {
                return CheckResult(.format, .fail, "an OpenBadgeCredential must name an Open Badges 3.0 context")
            }
            do {
                state.model = try OpenBadgeCredential(json: .object(json))
            } catch {
                return CheckResult(.format, .fail, "not a well-formed Open Badges 3.0 credential: \(error)")
            }
            let form = state.input.format == .jwt ? "VC-JWT" : "JSON-LD with embedded proof"
            // The schema describes the VC Data Model 2.0 form; 1.1-era credentials are read, not held to it.
            if first == JSONLDContexts.credentialsV2, let violations = Self.schemaViolations(json), !violations.isEmpty {
                let shown = violations.prefix(3).map(\.description).joined(separator: "; ")
                return CheckResult(.format, .warn, "Open Badges 3.0 credential (\(form)) that departs from the OB 3.0 schema: \(shown)")
            }
            return CheckResult(.format, .pass, "Open Badges 3.0 credential (\(form))")
        }
        return CheckResult(.format, .pass, "a Verifiable Credential, but not an Open Badge")
    }
}

extension FormatPolicy {
    /// Violations of Laurel's OB 3.0 credential schema, or nil when the schema cannot be loaded.
    static func schemaViolations(_ credential: JSONObject) -> [SchemaViolation]? {
        guard let validator = try? LaurelSchema.openBadgeCredential.validator else { return nil }
        return validator.validate(.object(credential))
    }
}

/// Proof and key binding: the signature matches the content, and the key belongs to the issuer.
///
/// The verdicts follow one rule: TAMPERED only when a signature was checked and does not match
/// (or was made by a key the issuer does not control). When Laurel could not check — an unknown
/// suite or algorithm, a context it has not pinned, a key it cannot obtain — the answer is
/// UNSUPPORTED or UNVERIFIABLE; a proof that is not well formed is MALFORMED.
struct ProofPolicy {
    var resolver: any KeyResolver

    /// The proof check and the issuer-key check, and the verdict they force when either fails.
    struct Outcome {
        var proof: CheckResult
        var key: CheckResult
        var verdict: Verdict? = nil
    }

    func check(_ state: inout VerificationState) async -> Outcome {
        let outcome = await evaluate(&state)
        let verdict: Verdict? = switch (outcome.proof.status, outcome.key.status) {
        case (.pass, .pass): nil
        case (.pass, .unknown), (.unknown, _): outcome.verdict ?? .unverifiable
        default: outcome.verdict ?? .tampered
        }
        return Outcome(proof: outcome.proof, key: outcome.key, verdict: verdict)
    }

    /// Why a proof cannot be checked at all, for the report.
    struct ProofProblem: Error {
        var message: String
    }

    /// Where the key comes from: a verification method to resolve, or a key the JWT carries.
    enum KeySource {
        case method(String)
        case embedded(PublicKey)
    }

    private func evaluate(_ state: inout VerificationState) async -> Outcome {
        let source: KeySource
        let purposeProblem: String?
        switch state.input.format {
        case .dataIntegrity:
            do {
                let description = try DataIntegrity.describeProof(of: state.input.credential)
                source = .method(description.verificationMethod)
                purposeProblem = description.proofPurpose == "assertionMethod" ? nil
                    : "the proof's purpose is \(description.proofPurpose), not assertionMethod: it does not assert the credential"
            } catch let error as CredentialKitError where error.code == .unsupportedProof {
                return failed("unsupported proof: \(error.reason)", .unsupported)
            } catch {
                return failed("malformed proof: \(error)", .malformed)
            }
        case .jwt:
            guard let token = state.input.token else {
                return failed("the JWT could not be read", .malformed)
            }
            switch Self.keySource(of: token, issuer: state.issuerID) {
            case .success(let found): source = found
            case .failure(let problem): return failed(problem.message, .malformed)
            }
            purposeProblem = nil
        }

        // The key, and — for a key named by a verification method — who controls it.
        let key: PublicKey
        var resolved: ResolvedKey?
        switch source {
        case .method(let verificationMethod):
            do {
                let found = try await resolver.resolve(verificationMethod)
                key = found.key
                resolved = found
            } catch {
                return Self.unresolved(error)
            }
        case .embedded(let embedded):
            key = embedded
        }

        do {
            switch state.input.format {
            case .dataIntegrity:
                if case .mismatch(let note) = try DataIntegrity.check(state.input.credential, key: key) {
                    return mismatch(state, note: note)
                }
            case .jwt:
                guard let token = state.input.token else { return failed("the JWT could not be read", .malformed) }
                guard try VCJWT.verifySignature(of: token, key: key) else { return mismatch(state, note: nil) }
            }
        } catch let error as CredentialKitError {
            return Self.uncheckable(error, state)
        } catch {
            return failed("the signature could not be checked: \(error)", .malformed)
        }
        if let purposeProblem {
            return failed(purposeProblem, .malformed)
        }
        if let token = state.input.token {
            do { try VCJWT.checkRegisteredClaims(of: token) } catch {
                return failed("\(error)", .malformed)
            }
        }
        let proofName = state.input.format == .jwt ? "VC-JWT \(state.input.token?.algorithm ?? "")" :
            (state.input.credential["proof"]?["cryptosuite"]?.stringValue ?? state.input.credential["proof"]?["type"]?.stringValue ?? "proof")
        let proof = CheckResult(.proof, .pass, "\(proofName) signature is valid")

        guard let issuer = state.issuerID else {
            return Outcome(proof: proof, key: CheckResult(.issuerKey, .fail, "the credential names no issuer"))
        }
        if resolved == nil {
            // A key that came with the credential: only the issuer's own documents can vouch for it.
            return Outcome(proof: proof, key: await bindEmbeddedKey(key, to: issuer))
        }
        guard let resolved, resolved.controller == issuer else {
            return Outcome(proof: proof, key: CheckResult(.issuerKey, .fail,
                "the signing key is controlled by \(resolved?.controller ?? "nobody named"), not by the issuer \(issuer)"))
        }
        state.resolvedKey = resolved
        return Outcome(proof: proof, key: CheckResult(.issuerKey, .pass, "signed with a key the issuer controls (\(resolved.verificationMethod))"))
    }

    /// Where a JWT's key comes from: its `kid` when that names a DID or https verification method
    /// (a relative `#fragment` is taken against the issuer), else its `jwk` (OB 3.0 §8.2).
    static func keySource(of token: VCJWT.UnverifiedToken, issuer: String?) -> Result<KeySource, ProofProblem> {
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
                return .failure(ProofProblem(message: "the JWT header's jwk holds a private key (d): whoever made it gave the signing key away"))
            }
            do { return .success(.embedded(try PublicKey(jwk: jwk))) } catch {
                return .failure(ProofProblem(message: "the JWT header's jwk is not a usable public key: \(error)"))
            }
        }
        if let kid = token.keyID {
            return .failure(ProofProblem(message: "the JWT header's kid \"\(kid)\" is neither a DID nor an https URL, and the header carries no jwk"))
        }
        return .failure(ProofProblem(message: "the JWT header names no key: it has neither kid nor jwk"))
    }

    /// Whether the issuer lists `key` among its own: for a did:key or did:jwk issuer the key must
    /// be the DID's key; an https or did:web issuer's key document must list it.
    private func bindEmbeddedKey(_ key: PublicKey, to issuer: String) async -> CheckResult {
        let keys: [ResolvedKey]
        do {
            keys = try await resolver.keys(controlledBy: issuer)
        } catch {
            let reason = (error as? KeyResolutionError)?.description ?? "\(error)"
            return CheckResult(.issuerKey, .unknown,
                "the JWT carries its own key (jwk), and whether it is the issuer's could not be checked: \(reason)")
        }
        if let match = keys.first(where: { $0.key == key && $0.controller == issuer }) {
            return CheckResult(.issuerKey, .pass, "signed with a key the issuer controls (\(match.verificationMethod), given in the JWT header)")
        }
        return CheckResult(.issuerKey, .fail,
            "the key in the JWT header (jwk) is not one of the issuer \(issuer)'s keys: anyone can sign a JWT with a key of their own")
    }

    /// The outcome when the key could not be had.
    private static func unresolved(_ error: any Error) -> Outcome {
        guard let error = error as? KeyResolutionError else {
            // A resolver outside Laurel may throw anything: the key could not be had.
            return Outcome(proof: CheckResult(.proof, .unknown, "the signature could not be checked: \(error)"),
                           key: CheckResult(.issuerKey, .unknown, "\(error)"), verdict: .unverifiable)
        }
        let verdict: Verdict = switch error {
        case .unavailable, .notListed: .unverifiable
        case .unsupported: .unsupported
        case .invalid: .malformed
        }
        return Outcome(proof: CheckResult(.proof, .unknown, "the signature could not be checked: \(error.description)"),
                       key: CheckResult(.issuerKey, verdict == .malformed ? .fail : .unknown, error.description), verdict: verdict)
    }

    /// The outcome when a signature could not be checked; never TAMPERED.
    private static func uncheckable(_ error: CredentialKitError, _ state: VerificationState) -> Outcome {
        let contexts = state.input.credential["@context"]?.asArray.compactMap(\.stringValue) ?? []
        let (message, verdict): (String, Verdict) = switch error.code {
        case .contextNotPinned:
            ("the signature could not be checked: \(error.reason), so Laurel cannot tell what was signed", .unsupported)
        case .unsupportedProof:
            ("the signature could not be checked: \(error.reason)", .unsupported)
        case .undefinedTerm, .invalidJSONLD:
            ("the credential's linked data cannot be read as its contexts define it: \(error.reason) (contexts: \(contexts.joined(separator: ", ")))", .malformed)
        default:
            ("the signature could not be checked: \(error.reason)", .malformed)
        }
        let status: CheckStatus = verdict == .unsupported ? .unknown : .fail
        return Outcome(proof: CheckResult(.proof, status, message), key: Self.skippedKey, verdict: verdict)
    }

    /// The outcome when the signature was checked and does not match.
    private func mismatch(_ state: VerificationState, note: String?) -> Outcome {
        var message = "the signature does not match the credential's content: it was changed after signing"
        if Self.usesLinkedData(state.input.credential) {
            // What is signed depends on the contexts too: name them, so a swapped version is visible.
            let contexts = state.input.credential["@context"]?.asArray.compactMap(\.stringValue) ?? []
            message += " (or its @context was: it names \(contexts.joined(separator: ", ")))"
        }
        if let note { message += "; \(note)" }
        return Outcome(proof: CheckResult(.proof, .fail, message), key: Self.skippedKey, verdict: .tampered)
    }

    /// A proof that could not be checked (`unknown`) or is not well formed (`fail`).
    private func failed(_ message: String, _ verdict: Verdict) -> Outcome {
        let status: CheckStatus = verdict == .unsupported || verdict == .unverifiable ? .unknown : .fail
        return Outcome(proof: CheckResult(.proof, status, message), key: Self.skippedKey, verdict: verdict)
    }

    /// Whether the proof is computed over linked data (RDFC), where contexts shape what is signed.
    static func usesLinkedData(_ credential: JSONObject) -> Bool {
        let proof = credential["proof"]
        return proof?["type"]?.stringValue == "Ed25519Signature2020"
            || proof?["cryptosuite"]?.stringValue.map { Cryptosuite(rawValue: $0)?.canonicalization == .rdfc } == true
    }

    private static var skippedKey: CheckResult { CheckResult(.issuerKey, .skipped, "not checked: the proof did not verify") }
}

/// Validity window: `validFrom` ≤ the verification time ≤ `validUntil`.
struct ValidityPolicy {
    var at: Date

    /// The verdict a failed validity check forces.
    static func verdict(for result: CheckResult) -> Verdict? {
        guard result.status == .fail else { return nil }
        if result.message.hasPrefix("not yet") { return .notYetValid }
        if result.message.hasPrefix("expired") { return .expired }
        return .malformed
    }

    func check(_ state: VerificationState) -> CheckResult {
        let json = state.input.credential
        let fromText = (json["validFrom"] ?? json["issuanceDate"])?.stringValue
        let untilText = (json["validUntil"] ?? json["expirationDate"])?.stringValue
        var from: Date?
        var until: Date?
        if let fromText {
            guard let date = XSDDateTime.date(from: fromText) else {
                return CheckResult(.validity, .fail, "validFrom \"\(fromText)\" is not a date and time")
            }
            from = date
        }
        if let untilText {
            guard let date = XSDDateTime.date(from: untilText) else {
                return CheckResult(.validity, .fail, "validUntil \"\(untilText)\" is not a date and time")
            }
            until = date
        }
        if let from, at < from {
            return CheckResult(.validity, .fail, "not yet valid: valid from \(XSDDateTime.string(from: from))")
        }
        if let until, at > until {
            return CheckResult(.validity, .fail, "expired on \(XSDDateTime.string(from: until))")
        }
        switch (from, until) {
        case (let from?, let until?):
            return CheckResult(.validity, .pass, "valid from \(XSDDateTime.string(from: from)) until \(XSDDateTime.string(from: until))")
        case (let from?, nil):
            return CheckResult(.validity, .pass, "valid since \(XSDDateTime.string(from: from)), no expiry")
        default:
            return CheckResult(.validity, .warn, "the credential states no validFrom date")
        }
    }
}

/// Trust: whether the issuer is on the verifier's trust list.
struct TrustPolicy {
    var trustedIssuers: Set<String>?

    func check(_ state: VerificationState) -> CheckResult {
        guard let trustedIssuers else {
            return CheckResult(.trust, .skipped, "no trust list given (--trust FILE)")
        }
        guard let issuer = state.issuerID else {
            return CheckResult(.trust, .warn, "the credential names no issuer")
        }
        return trustedIssuers.contains(issuer)
            ? CheckResult(.trust, .pass, "\(issuer) is on your trust list")
            : CheckResult(.trust, .warn, "\(issuer) is not on your trust list")
    }
}
