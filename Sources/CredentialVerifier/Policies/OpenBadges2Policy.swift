import CredentialKit
import Foundation

/// Open Badges 2.0 assertions, read for a legacy answer: a signed assertion (a JWS, RS256, whose
/// `verification.creator` names the issuer's `CryptographicKey`) or a hosted one (at its own `id`
/// on the issuer's site). Its results are the format, proof, issuer-key, validity and status
/// checks, as for an OB 3.0 credential; the format check warns that OB 2.0 is legacy.
///
/// - Signed: the key document's `publicKeyPem` must verify the JWS, its `owner` must be the badge
///   class's issuer, and the issuer's profile must list the key in `publicKey`; the issuer's
///   `revocationList` must not name the assertion (a list that cannot be had is STATUS UNKNOWN).
/// - Hosted: the assertion fetched from its `id` must be the one given, on the issuer's own
///   host; offline it cannot be checked (UNVERIFIABLE). A hosted copy marked `revoked` is REVOKED.
public struct OpenBadges2Policy: VerificationPolicy {
    public init() {}

    /// The OB 2.0 context, as assertions name it.
    static let context = "https://w3id.org/openbadges/v2"

    /// Whether `json` is an OB 2.0 assertion.
    public static func isAssertion(_ json: JSONObject) -> Bool {
        let contexts = json["@context"]?.asArray.compactMap(\.stringValue) ?? []
        let types = json["type"]?.asArray.compactMap(\.stringValue) ?? []
        return contexts.contains { $0.hasPrefix(context) } && types.contains("Assertion")
    }

    public func evaluate(_ context: inout VerificationContext) async -> [CheckResult] {
        let assertion = context.input.credential
        var results = [CheckResult(.format, .warn, code: "ob2_legacy",
                                   ["kind": context.input.format == .jwt ? "signed" : "hosted"])]
        // The badge class: embedded, or at its URL.
        let badge: JSONObject
        switch await object(assertion["badge"], context) {
        case .success(let found): badge = found
        case .failure(let problem): return results + [CheckResult(.proof, .unknown, code: "ob2_badge_unavailable", ["reason": problem.detail], verdict: .unverifiable)]
        }
        context.legacyAchievementName = badge["name"]?.stringValue
        guard let issuerID = badge["issuer"]?.stringValue ?? badge["issuer"]?["id"]?.stringValue else {
            return results + [CheckResult(.format, .fail, code: "ob2_issuer_missing", verdict: .malformed)]
        }
        context.issuerID = issuerID
        let issuer: JSONObject
        switch await object(badge["issuer"], context) {
        case .success(let found): issuer = found
        case .failure(let problem): return results + [CheckResult(.issuerKey, .unknown, code: "ob2_issuer_unavailable", ["issuer": issuerID, "reason": problem.detail], verdict: .unverifiable)]
        }
        context.legacyIssuerName = issuer["name"]?.stringValue

        if let token = context.input.token {
            let (proof, key, signingKey) = await checkSigned(token, assertion: assertion, issuerID: issuerID, issuer: issuer, context: context)
            results += [proof, key]
            if proof.verdict == .tampered || key.verdict == .tampered { return results }
            context.signingKey = signingKey
        } else {
            let hosted = await checkHosted(assertion, issuerID: issuerID, context: context)
            results += hosted
            if hosted.contains(where: { $0.verdict == .tampered }) { return results }
            // A hosted assertion is vouched for by its issuer's host, not by a key.
            context.hostedByIssuer = hosted.allSatisfy { $0.status == .pass }
        }
        var window: JSONObject = [:]
        window["validFrom"] = assertion["issuedOn"]
        window["validUntil"] = assertion["expires"]
        results += ValidityPolicy().checks(window, at: context.time)
        results.append(await checkRevocation(assertion, issuer: issuer, context: context))
        return results
    }

    // MARK: Signed

    private func checkSigned(_ token: VCJWT.UnverifiedToken, assertion: JSONObject, issuerID: String, issuer: JSONObject,
                             context: VerificationContext) async -> (CheckResult, CheckResult, SigningKey?) {
        guard let creator = assertion["verification"]?["creator"]?.stringValue else {
            return (CheckResult(.proof, .fail, code: "ob2_creator_missing", verdict: .malformed), Self.keySkipped, nil)
        }
        let keyDocument: JSONObject
        switch await object(.string(creator), context) {
        case .success(let found): keyDocument = found
        case .failure(let problem):
            return (CheckResult(.proof, .unknown, code: "ob2_key_unavailable", ["key": creator, "reason": problem.detail], verdict: .unverifiable),
                    Self.keySkipped, nil)
        }
        guard let pem = keyDocument["publicKeyPem"]?.stringValue, let key = try? PublicKey(pem: pem) else {
            return (CheckResult(.proof, .fail, code: "ob2_key_unreadable", ["key": creator], verdict: .malformed), Self.keySkipped, nil)
        }
        let valid: Bool
        do { valid = try VCJWT.verifySignature(of: token, key: key) } catch {
            return (CheckResult(.proof, .fail, code: "signature_uncheckable", ["reason": "\(error)"], verdict: .malformed), Self.keySkipped, nil)
        }
        guard valid else {
            return (CheckResult(.proof, .fail, code: "signature_mismatch", verdict: .tampered, endsVerification: true), Self.keySkipped, nil)
        }
        let proof = CheckResult(.proof, .pass, code: "signature_valid", ["proof": "OB 2.0 JWS \(token.algorithm ?? "")"])
        let owner = keyDocument["owner"]?.stringValue ?? ""
        guard owner == issuerID else {
            return (proof, CheckResult(.issuerKey, .fail, code: "key_not_issuers", ["controller": owner, "issuer": issuerID],
                                       verdict: .tampered, endsVerification: true), nil)
        }
        let listed = (issuer["publicKey"]?.asArray ?? []).map { $0.stringValue ?? $0["id"]?.stringValue ?? "" }
        guard listed.contains(creator) else {
            return (proof, CheckResult(.issuerKey, .fail, code: "key_not_listed_by_issuer", ["method": creator, "issuer": issuerID],
                                       verdict: .tampered, endsVerification: true), nil)
        }
        return (proof, CheckResult(.issuerKey, .pass, code: "issuer_key", ["method": creator]), SigningKey(key: key, resolved: nil))
    }

    // MARK: Hosted

    private func checkHosted(_ assertion: JSONObject, issuerID: String, context: VerificationContext) async -> [CheckResult] {
        guard let id = assertion["id"]?.stringValue, let url = URLComponents(string: id), url.scheme == "https" || url.scheme == "http" else {
            return [CheckResult(.proof, .fail, code: "ob2_hosted_id_invalid", verdict: .malformed)]
        }
        // The assertion is vouched for by where it is: the issuer's own host.
        guard url.host?.lowercased() == URLComponents(string: issuerID)?.host?.lowercased() else {
            return [CheckResult(.proof, .fail, code: "ob2_hosted_elsewhere", ["url": id, "issuer": issuerID], verdict: .tampered, endsVerification: true)]
        }
        let hosted: JSONObject
        switch await object(.string(id), context) {
        case .success(let found): hosted = found
        case .failure(let problem):
            return [CheckResult(.proof, .unknown, code: "ob2_hosted_unavailable", ["url": id, "reason": problem.detail], verdict: .unverifiable)]
        }
        guard Self.sameAssertion(hosted, assertion) else {
            return [CheckResult(.proof, .fail, code: "ob2_hosted_differs", ["url": id], verdict: .tampered, endsVerification: true)]
        }
        return [CheckResult(.proof, .pass, code: "ob2_hosted_matches", ["url": id]),
                CheckResult(.issuerKey, .pass, code: "ob2_hosted_on_issuer_host", ["url": id, "issuer": issuerID])]
    }

    /// The hosted copy and the one given agree, but for `revoked`, which only the host says.
    static func sameAssertion(_ hosted: JSONObject, _ given: JSONObject) -> Bool {
        var a = hosted, b = given
        a["revoked"] = nil
        a["revocationReason"] = nil
        b["revoked"] = nil
        b["revocationReason"] = nil
        return a == b
    }

    // MARK: Revocation

    private func checkRevocation(_ assertion: JSONObject, issuer: JSONObject, context: VerificationContext) async -> CheckResult {
        if context.input.format != .jwt, let hostedRevoked = assertion["revoked"]?.boolValue, hostedRevoked {
            var parameters: [String: String] = [:]
            if let reason = assertion["revocationReason"]?.stringValue { parameters["reason"] = reason }
            return CheckResult(.status, .fail, code: "revoked_by_list", parameters, verdict: .revoked)
        }
        guard let listURL = issuer["revocationList"]?.stringValue else {
            return context.input.format == .jwt
                ? CheckResult(.status, .unknown, code: "ob2_no_revocation_list", verdict: .statusUnknown)
                : CheckResult(.status, .pass, code: "ob2_hosted_not_revoked")
        }
        let list: JSONObject
        switch await object(.string(listURL), context) {
        case .success(let found): list = found
        case .failure(let problem):
            return CheckResult(.status, .unknown, code: "revocation_list_unavailable", ["reason": problem.detail], verdict: .statusUnknown)
        }
        let id = assertion["id"]?.stringValue ?? ""
        let uid = assertion["uid"]?.stringValue
        for entry in list["revokedAssertions"]?.asArray ?? [] {
            let entryID = entry.stringValue ?? entry["id"]?.stringValue
            if entryID == id || (uid != nil && entry["uid"]?.stringValue == uid) {
                var parameters: [String: String] = [:]
                if let reason = entry["revocationReason"]?.stringValue { parameters["reason"] = reason }
                return CheckResult(.status, .fail, code: "revoked_by_list", parameters, verdict: .revoked)
            }
        }
        return CheckResult(.status, .pass, code: "not_on_revocation_list", ["url": listURL])
    }

    // MARK: Documents

    /// An embedded object, or the JSON object at a URL.
    private func object(_ value: JSONValue?, _ context: VerificationContext) async -> Result<JSONObject, ResourceError> {
        if let object = value?.objectValue, object.count > 1 || object["id"] == nil { return .success(object) }
        guard let url = value?.stringValue ?? value?["id"]?.stringValue else {
            return .failure(ResourceError(.unreadable, url: "", "it is neither an object nor a URL"))
        }
        do {
            guard let object = try JSONParser.parse(try await context.fetcher.fetch(url)).objectValue else {
                return .failure(ResourceError(.unreadable, url: url, "\(url) is not a JSON object"))
            }
            return .success(object)
        } catch let error as ResourceError {
            return .failure(error)
        } catch {
            return .failure(ResourceError(.unreadable, url: url, "\(url) is not valid JSON: \(error)"))
        }
    }

    private static var keySkipped: CheckResult { CheckResult(.issuerKey, .skipped, code: "issuer_key_not_checked") }
}
