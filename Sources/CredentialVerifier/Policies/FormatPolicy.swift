import CredentialKit

/// Format: the credential is an OB 3.0 (or VC) credential Laurel can read, and (optionally)
/// matches the OB 3.0 schema. Reads the issuer and the credential's typed content for the
/// checks after it; a credential it cannot read ends the verification as MALFORMED.
public struct FormatPolicy: VerificationPolicy {
    /// Whether a departure from the OB 3.0 JSON Schema is reported (as a warning).
    public var checksSchema: Bool

    public init(checksSchema: Bool = true) {
        self.checksSchema = checksSchema
    }

    public func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        [check(&context)]
    }

    func check(_ context: inout VerificationContext) -> CheckResult {
        func malformed(_ code: String, _ parameters: [String: String] = [:]) -> CheckResult {
            CheckResult(.format, .fail, code: code, parameters, verdict: .malformed, endsVerification: true)
        }
        let json = context.input.credential
        let contexts = json["@context"]?.asArray.compactMap(\.stringValue) ?? []
        guard let first = contexts.first,
              first == JSONLDContexts.credentialsV2 || first == JSONLDContexts.credentialsV1 else {
            return malformed("context_not_vc", ["expected": JSONLDContexts.credentialsV2])
        }
        let types = json["type"]?.asArray.compactMap(\.stringValue) ?? []
        guard types.contains("VerifiableCredential") else {
            return malformed("not_verifiable_credential")
        }
        context.issuerID = VCJWT.issuerID(of: json)
        guard context.issuerID != nil else {
            return malformed("issuer_missing")
        }
        let isOpenBadge = types.contains("OpenBadgeCredential") || types.contains("AchievementCredential")
        guard isOpenBadge else {
            return CheckResult(.format, .pass, code: "not_open_badge")
        }
        guard contexts.contains(where: { JSONLDContexts.openBadgesV3.contains($0) }) else {
            return malformed("open_badges_context_missing")
        }
        do {
            context.credential = try OpenBadgeCredential(json: .object(json))
        } catch {
            return malformed("open_badge_malformed", ["reason": "\(error)"])
        }
        let form = context.input.format == .jwt ? "VC-JWT" : "JSON-LD with embedded proof"
        // The schema describes the VC Data Model 2.0 form; 1.1-era credentials are read, not held to it.
        if checksSchema, first == JSONLDContexts.credentialsV2, let violations = Self.schemaViolations(json), !violations.isEmpty {
            let shown = violations.prefix(3).map(\.description).joined(separator: "; ")
            return CheckResult(.format, .warn, code: "schema_departure", ["form": form, "violations": shown])
        }
        return CheckResult(.format, .pass, code: "open_badge", ["form": form])
    }

    /// Violations of Laurel's OB 3.0 credential schema, or nil when the schema cannot be loaded.
    static func schemaViolations(_ credential: JSONObject) -> [SchemaViolation]? {
        guard let validator = try? LaurelSchema.openBadgeCredential.validator else { return nil }
        return validator.validate(.object(credential))
    }
}
