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
        case (.unknown, _): .unverifiable
        default: outcome.verdict ?? .tampered
        }
        return Outcome(proof: outcome.proof, key: outcome.key, verdict: verdict)
    }

    private func evaluate(_ state: inout VerificationState) async -> Outcome {
        let verificationMethod: String
        let purposeProblem: String?
        switch state.input.format {
        case .dataIntegrity:
            do {
                let description = try DataIntegrity.describeProof(of: state.input.credential)
                verificationMethod = description.verificationMethod
                purposeProblem = description.proofPurpose == "assertionMethod" ? nil
                    : "the proof's purpose is \(description.proofPurpose), not assertionMethod"
            } catch let error as CredentialKitError where error.code == .unsupportedProof {
                return Outcome(proof: CheckResult(.proof, .fail, "unsupported proof: \(error.reason)"), key: skipped, verdict: .unsupported)
            } catch {
                return Outcome(proof: CheckResult(.proof, .fail, "malformed proof: \(error)"), key: skipped)
            }
        case .jwt:
            guard let kid = state.input.token?.keyID else {
                return Outcome(proof: CheckResult(.proof, .fail, "the JWT header names no key (kid)"), key: skipped)
            }
            verificationMethod = kid
            purposeProblem = nil
        }

        let resolved: ResolvedKey
        do {
            resolved = try await resolver.resolve(verificationMethod)
        } catch .unavailable(let reason) {
            return Outcome(proof: CheckResult(.proof, .unknown, "the signature could not be checked: \(reason)"),
                           key: CheckResult(.issuerKey, .unknown, reason))
        } catch .invalid(let reason) {
            return Outcome(proof: CheckResult(.proof, .fail, "the signature is not from a usable key: \(reason)"),
                           key: CheckResult(.issuerKey, .fail, reason))
        } catch {
            return Outcome(proof: CheckResult(.proof, .unknown, "the signature could not be checked: \(error)"),
                           key: CheckResult(.issuerKey, .unknown, "\(error)"))
        }
        state.resolvedKey = resolved

        let signatureValid: Bool
        do {
            switch state.input.format {
            case .dataIntegrity:
                signatureValid = try DataIntegrity.verify(state.input.credential, key: resolved.key)
            case .jwt:
                guard let token = state.input.token else {
                    return Outcome(proof: CheckResult(.proof, .fail, "the JWT could not be read"), key: skipped)
                }
                signatureValid = try VCJWT.verifySignature(of: token, key: resolved.key)
            }
        } catch let error as CredentialKitError where error.code == .contextNotPinned || error.code == .undefinedTerm || error.code == .invalidJSONLD {
            let contexts = state.input.credential["@context"]?.asArray.compactMap(\.stringValue) ?? []
            return Outcome(proof: CheckResult(.proof, .fail,
                "the credential's linked data does not match what was signed: \(error.reason) (with the contexts \(contexts.joined(separator: ", ")))"),
                key: skipped)
        } catch {
            return Outcome(proof: CheckResult(.proof, .fail, "the signature could not be checked: \(error)"), key: skipped)
        }
        guard signatureValid else {
            var message = "the signature does not match the credential's content: it was changed after signing"
            if Self.usesLinkedData(state.input.credential) {
                // What is signed depends on the contexts too: name them, so a swapped version is visible.
                let contexts = state.input.credential["@context"]?.asArray.compactMap(\.stringValue) ?? []
                message += " (or its @context was: it names \(contexts.joined(separator: ", ")))"
            }
            return Outcome(proof: CheckResult(.proof, .fail, message), key: skipped)
        }
        if let purposeProblem {
            return Outcome(proof: CheckResult(.proof, .fail, purposeProblem), key: skipped)
        }
        if let token = state.input.token {
            do { try VCJWT.checkRegisteredClaims(of: token) } catch {
                return Outcome(proof: CheckResult(.proof, .fail, "\(error)"), key: skipped, verdict: .malformed)
            }
        }
        let proofName = state.input.format == .jwt ? "VC-JWT \(state.input.token?.algorithm ?? "")" :
            (state.input.credential["proof"]?["cryptosuite"]?.stringValue ?? state.input.credential["proof"]?["type"]?.stringValue ?? "proof")
        let proof = CheckResult(.proof, .pass, "\(proofName) signature is valid")

        guard let issuer = state.issuerID, resolved.controller == issuer else {
            return Outcome(proof: proof, key: CheckResult(.issuerKey, .fail,
                "the signing key is controlled by \(resolved.controller), not by the issuer \(state.issuerID ?? "(none)")"))
        }
        return Outcome(proof: proof, key: CheckResult(.issuerKey, .pass, "signed with a key the issuer controls (\(resolved.verificationMethod))"))
    }

    /// Whether the proof is computed over linked data (RDFC), where contexts shape what is signed.
    static func usesLinkedData(_ credential: JSONObject) -> Bool {
        let proof = credential["proof"]
        return proof?["type"]?.stringValue == "Ed25519Signature2020"
            || proof?["cryptosuite"]?.stringValue.map { Cryptosuite(rawValue: $0)?.canonicalization == .rdfc } == true
    }

    private var skipped: CheckResult { CheckResult(.issuerKey, .skipped, "not checked: the proof did not verify") }
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
