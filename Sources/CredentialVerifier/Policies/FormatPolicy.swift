import CredentialKit

/// Format: the credential is an OB 3.0 (or VC) credential Laurel can read, and (optionally)
/// matches the OB 3.0 schema. Reads the issuer and the credential's typed content for the
/// checks after it. A document that is not a Verifiable Credential at all ends the verification
/// as MALFORMED; any other format problem is reported (MALFORMED) and the checks after it still run.
public struct FormatPolicy: VerificationPolicy {
    /// Whether a departure from the OB 3.0 JSON Schema is reported (as a warning).
    public var checksSchema: Bool

    public init(checksSchema: Bool = true) {
        self.checksSchema = checksSchema
    }

    public func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        check(&context)
    }

    /// How many schema violations a report names; the rest are counted.
    static let violationsShown = 5

    func check(_ context: inout VerificationContext) -> [CheckResult] {
        func malformed(_ code: String, _ parameters: [String: String] = [:], ends: Bool = false) -> CheckResult {
            CheckResult(.format, .fail, code: code, parameters, verdict: .malformed, endsVerification: ends)
        }
        let json = context.input.credential
        let contexts = json["@context"]?.asArray.compactMap(\.stringValue) ?? []
        guard let first = contexts.first,
              first == JSONLDContexts.credentialsV2 || first == JSONLDContexts.credentialsV1 else {
            return [malformed("context_not_vc", ["expected": JSONLDContexts.credentialsV2], ends: true)]
        }
        let types = json["type"]?.asArray.compactMap(\.stringValue) ?? []
        guard types.contains("VerifiableCredential") else {
            return [malformed("not_verifiable_credential", ends: true)]
        }
        var problems: [CheckResult] = []
        context.issuerID = VCJWT.issuerID(of: json)
        if context.issuerID == nil { problems.append(malformed("issuer_missing")) }
        let isOpenBadge = types.contains("OpenBadgeCredential") || types.contains("AchievementCredential")
        guard isOpenBadge else {
            return problems.isEmpty ? [CheckResult(.format, .pass, code: "not_open_badge")] : problems
        }
        if !contexts.contains(where: { JSONLDContexts.openBadgesV3.contains($0) }) {
            problems.append(malformed("open_badges_context_missing"))
        }
        do {
            context.credential = try OpenBadgeCredential(json: .object(json))
        } catch {
            problems.append(malformed("open_badge_malformed", ["reason": "\(error)"]))
        }
        let form = context.input.format == .jwt ? "VC-JWT" : "JSON-LD with embedded proof"
        // The schema describes the VC Data Model 2.0 form; 1.1-era credentials are read, not held to it.
        if checksSchema, first == JSONLDContexts.credentialsV2, let violations = Self.schemaViolations(json), !violations.isEmpty {
            var shown = violations.prefix(Self.violationsShown).map(\.description).joined(separator: "; ")
            if violations.count > Self.violationsShown { shown += "; and \(violations.count - Self.violationsShown) more" }
            problems.append(CheckResult(.format, .warn, code: "schema_departure", ["form": form, "violations": shown]))
        }
        return problems.isEmpty ? [CheckResult(.format, .pass, code: "open_badge", ["form": form])] : problems
    }

    /// Violations of Laurel's OB 3.0 credential schema, or nil when the schema cannot be loaded.
    static func schemaViolations(_ credential: JSONObject) -> [SchemaViolation]? {
        guard let validator = try? LaurelSchema.openBadgeCredential.validator else { return nil }
        return validator.validate(.object(credential))
    }
}
