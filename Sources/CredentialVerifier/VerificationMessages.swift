/// The words for what the checks find: each result's ``CheckResult/code`` and
/// ``CheckResult/parameters`` made into a sentence a non-expert can read.
///
/// The checks never decide anything from these texts; they exist for people. Each language is a
/// table of templates by code (``english``, ``spanish``); a test holds every language to the
/// same codes, and every code a check uses to the catalogue.
public enum VerificationMessages {
    /// One message: the parameters by name, to a sentence.
    public typealias Template = @Sendable ([String: String]) -> String

    /// The English sentence for `code`; an unknown code is shown as itself with its parameters.
    public static func english(_ code: String, _ parameters: [String: String]) -> String {
        if let text = message(code, parameters, language: .english) { return text }
        let shown = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        return shown.isEmpty ? code : "\(code) (\(shown))"
    }

    /// A language the catalogue speaks.
    public enum Language: String, Sendable, CaseIterable, Codable {
        case english = "en"
        case spanish = "es"

        /// The language a tag or locale names (`es`, `es-MX`, `es_ES.UTF-8`); nil for one the catalogue lacks.
        public init?(tag: String) {
            let primary = tag.lowercased().prefix { $0.isLetter }
            guard let language = Language(rawValue: String(primary)) else { return nil }
            self = language
        }

        /// The language of the user's locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`), English when it is one the catalogue lacks.
        public static func fromEnvironment(_ environment: [String: String]) -> Language {
            for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
                if let value = environment[name], !value.isEmpty {
                    return Language(tag: value) ?? .english
                }
            }
            return .english
        }
    }

    /// The templates of `language`.
    public static func templates(for language: Language) -> [String: Template] {
        switch language {
        case .english: english
        case .spanish: spanish
        }
    }

    /// The sentence for `code` in `language`; nil when its catalogue lacks the code.
    ///
    /// A parameter `X.code` names a finding inside this one (why a status list is not believed,
    /// say): it is rendered from the parameters that start with `X.` and given to the template as
    /// `X`, in the same language. `which` and `of` (one proof of several) lead the sentence.
    public static func message(_ code: String, _ parameters: [String: String], language: Language) -> String? {
        guard let template = templates(for: language)[code] else { return nil }
        var parameters = parameters
        for key in Array(parameters.keys) where key.hasSuffix(".code") && key.dropLast(5).contains(".") == false {
            let prefix = String(key.dropLast(4))
            var inner: [String: String] = [:]
            for (name, value) in parameters where name.hasPrefix(prefix) { inner[String(name.dropFirst(prefix.count))] = value }
            if let innerCode = inner["code"], let text = message(innerCode, inner, language: language) {
                parameters[String(prefix.dropLast())] = text
            }
        }
        var text = template(parameters)
        if let which = parameters["which"], let of = parameters["of"] {
            text = (language == .spanish ? "prueba \(which) de \(of): " : "proof \(which) of \(of): ") + text
        }
        return text
    }

    /// The headline for a verdict in `language`.
    public static func verdict(_ verdict: Verdict, language: Language) -> String {
        switch language {
        case .english: englishVerdict(verdict)
        case .spanish:
            switch verdict {
            case .verified: "VERIFICADA"
            case .verifiedUntrusted: "VERIFICADA (el emisor no está en su lista de confianza)"
            case .revoked: "REVOCADA"
            case .suspended: "SUSPENDIDA"
            case .expired: "CADUCADA"
            case .notYetValid: "AÚN NO VÁLIDA"
            case .statusUnknown: "ESTADO DESCONOCIDO"
            case .recipientNotMatched: "NO EMITIDA A ESTE DESTINATARIO"
            case .recipientUnconfirmed: "DESTINATARIO NO CONFIRMADO"
            case .tampered: "ALTERADA"
            case .unverifiable: "NO VERIFICABLE"
            case .malformed: "MAL FORMADA"
            case .unsupported: "NO ADMITIDA"
            }
        }
    }

    /// One sentence a person who has never heard of signatures understands: what the verdict
    /// means for them, and what to do.
    public static func summary(_ verdict: Verdict, language: Language) -> String {
        switch language {
        case .english:
            switch verdict {
            case .verified: "This credential is genuine and current: its issuer signed it, nothing in it has changed since, and it has not been withdrawn."
            case .verifiedUntrusted: "This credential is genuine and current, but its issuer is not on your trust list: decide whether you know and trust this issuer."
            case .revoked: "The issuer has withdrawn this credential: do not rely on it."
            case .suspended: "The issuer has suspended this credential for now: do not rely on it unless the issuer reinstates it."
            case .expired: "This credential is genuine, but the period it was valid for has ended."
            case .notYetValid: "This credential is genuine, but the period it is valid for has not begun yet."
            case .statusUnknown: "Whether the issuer has withdrawn this credential could not be checked: try again online, or ask the issuer."
            case .recipientNotMatched: "This credential was not issued to the e-mail address given: ask the person for the address it was issued to."
            case .recipientUnconfirmed: "This credential is genuine, but whether it was issued to the e-mail address given could not be checked: it does not name its recipient in a way Laurel can compare."
            case .tampered: "Do not rely on this credential: it was changed after it was signed, or it was not signed by the issuer it names."
            case .unverifiable: "This credential could not be checked: something its signature depends on could not be obtained or confirmed (the checks below say what); try again online, or ask the issuer."
            case .malformed: "This file is not a well-formed credential, so nothing in it can be relied on: ask the sender for the file as it was issued."
            case .unsupported: "This credential uses a format or method Laurel cannot check, so it could not be confirmed either way."
            }
        case .spanish:
            switch verdict {
            case .verified: "Esta credencial es auténtica y vigente: la firmó su emisor, nada en ella ha cambiado desde entonces y no ha sido retirada."
            case .verifiedUntrusted: "Esta credencial es auténtica y vigente, pero su emisor no está en su lista de confianza: decida si conoce a este emisor y confía en él."
            case .revoked: "El emisor ha retirado esta credencial: no confíe en ella."
            case .suspended: "El emisor ha suspendido esta credencial por ahora: no confíe en ella salvo que el emisor la restablezca."
            case .expired: "Esta credencial es auténtica, pero el periodo en que era válida ha terminado."
            case .notYetValid: "Esta credencial es auténtica, pero el periodo en que es válida aún no ha empezado."
            case .statusUnknown: "No se pudo comprobar si el emisor ha retirado esta credencial: inténtelo de nuevo con conexión, o pregunte al emisor."
            case .recipientNotMatched: "Esta credencial no se emitió a la dirección de correo indicada: pida a la persona la dirección a la que se emitió."
            case .recipientUnconfirmed: "Esta credencial es auténtica, pero no se pudo comprobar si se emitió a la dirección de correo indicada: no nombra a su destinatario de una forma que Laurel pueda comparar."
            case .tampered: "No confíe en esta credencial: se modificó después de firmarse, o no la firmó el emisor que nombra."
            case .unverifiable: "No se pudo comprobar esta credencial: algo de lo que depende su firma no se pudo obtener o confirmar (las comprobaciones de abajo dicen qué); inténtelo de nuevo con conexión, o pregunte al emisor."
            case .malformed: "Este archivo no es una credencial bien formada, así que no se puede confiar en nada de lo que dice: pida al remitente el archivo tal como se emitió."
            case .unsupported: "Esta credencial usa un formato o método que Laurel no puede comprobar, así que no se pudo confirmar ni descartar."
            }
        }
    }


    /// The English headline for a verdict.
    public static func englishVerdict(_ verdict: Verdict) -> String {
        switch verdict {
        case .verified: "VERIFIED"
        case .verifiedUntrusted: "VERIFIED (issuer not on your trust list)"
        case .revoked: "REVOKED"
        case .suspended: "SUSPENDED"
        case .expired: "EXPIRED"
        case .notYetValid: "NOT YET VALID"
        case .statusUnknown: "STATUS UNKNOWN"
        case .recipientNotMatched: "NOT ISSUED TO THIS RECIPIENT"
        case .recipientUnconfirmed: "RECIPIENT NOT CONFIRMED"
        case .tampered: "TAMPERED"
        case .unverifiable: "UNVERIFIABLE"
        case .malformed: "MALFORMED"
        case .unsupported: "UNSUPPORTED"
        }
    }

    /// An endorser as a sentence names it: its name on a trust list with its id; or its id, with
    /// the name it gives itself marked as such.
    static func endorser(_ parameters: [String: String], language: Language = .english) -> String {
        let id = parameters["endorser"] ?? ""
        if let name = parameters["endorserName"] {
            let list = parameters["endorserRegistry"] ?? ""
            return language == .spanish ? "\(name) (\(id)), según su lista de confianza \(list)" : "\(name) (\(id)), on your trust list \(list)"
        }
        if let claimed = parameters["claimedName"] {
            return language == .spanish ? "\(id), que se llama a sí mismo “\(claimed)” (no está en sus listas de confianza)"
                : "\(id), which calls itself “\(claimed)” (not on your trust lists)"
        }
        return id
    }

    /// The English templates by code.
    public static let english: [String: Template] = [
        // format
        "context_not_vc": { "@context must begin with \($0["expected"] ?? "") (VC Data Model 2.0) or the 1.1 context" },
        "not_verifiable_credential": { _ in "type does not include VerifiableCredential" },
        "issuer_missing": { _ in "the credential has no issuer id" },
        "not_open_badge": { _ in "a Verifiable Credential, but not an Open Badge" },
        "open_badges_context_missing": { _ in "an OpenBadgeCredential must name an Open Badges 3.0 context" },
        "open_badge_malformed": { "not a well-formed Open Badges 3.0 credential: \($0["reason"] ?? "")" },
        "schema_departure": { "Open Badges 3.0 credential (\($0["form"] ?? "")) that departs from the OB 3.0 schema: \($0["violations"] ?? "")" },
        "open_badge": { "Open Badges 3.0 credential (\($0["form"] ?? ""))" },

        // proof
        "proof_unsupported": { "unsupported proof: \($0["reason"] ?? "")" },
        "proof_malformed": { "malformed proof: \($0["reason"] ?? "")" },
        "jwt_unreadable": { _ in "the JWT could not be read" },
        "jwt_key_private": { _ in "the JWT header's jwk holds a private key (d): whoever made it gave the signing key away" },
        "jwt_key_unusable": { "the JWT header's jwk is not a usable public key: \($0["reason"] ?? "")" },
        "jwt_kid_unusable": { "the JWT header's kid \"\($0["kid"] ?? "")\" is neither a DID nor an https URL, and the header carries no jwk" },
        "jwt_key_missing": { _ in "the JWT header names no key: it has neither kid nor jwk" },
        "key_unavailable": { "the signature could not be checked: \($0["reason"] ?? "")" },
        "key_not_listed": { "the signature could not be checked: \($0["reason"] ?? "")" },
        "key_method_unsupported": { "the signature could not be checked: \($0["reason"] ?? "")" },
        "key_invalid": { "the signature could not be checked: \($0["reason"] ?? "")" },
        "context_not_pinned": { "the signature could not be checked: \($0["reason"] ?? ""), so Laurel cannot tell what was signed" },
        "context_embedded": { "the signature cannot be relied on: \($0["reason"] ?? "")" },
        "signature_unsupported": { "the signature could not be checked: \($0["reason"] ?? "")" },
        "signature_uncheckable": { "the signature could not be checked: \($0["reason"] ?? "")" },
        "linked_data_unreadable": {
            "the credential's linked data cannot be read as its contexts define it: \($0["reason"] ?? "") (contexts: \($0["contexts"] ?? ""))"
        },
        "signature_mismatch": { parameters in
            var text = "the signature does not match the credential's content: it was changed after signing"
            if let contexts = parameters["contexts"] { text += " (or its @context was: it names \(contexts))" }
            if let note = parameters["note"] { text += "; \(note)" }
            return text
        },
        "proof_missing": { _ in "the credential's proof list is empty: it carries no proof" },
        "proofs_too_many": { "the credential carries \($0["count"] ?? "") proofs; Laurel checks at most \($0["limit"] ?? "")" },
        "proof_duplicate": { _ in "the same proof appears twice in the credential" },
        "proof_id_duplicate": { _ in "two proofs of the credential have the same id" },
        "proof_chain_cycle": { "the proof \($0["id"] ?? "") leads back to itself through its previousProof chain" },
        "previous_proof_missing": { "the proof names \($0["id"] ?? "") as its previousProof, and the credential carries no proof with that id" },
        "proof_purpose_wrong": { "the proof's purpose is \($0["purpose"] ?? ""), not assertionMethod: it does not assert the credential" },
        "jwt_claims_invalid": { $0["reason"] ?? "the JWT's claims contradict the credential" },
        "signature_valid": { "\($0["proof"] ?? "proof") signature is valid" },
        "signature_valid_embedded_key": { "\($0["proof"] ?? "proof") signature is valid for the key the JWT carries (whose key it is, the issuer-key check says)" },
        "jwt_key_unsupported": { "the JWT header's jwk is a key Laurel does not verify: \($0["reason"] ?? "")" },

        // issuer key
        "issuer_key": { "signed with a key the issuer controls (\($0["method"] ?? ""))" },
        "key_not_issuers": { "the signing key is controlled by \($0["controller"] ?? ""), not by the issuer \($0["issuer"] ?? "")" },
        "embedded_key_issuers": { "signed with a key the issuer controls (\($0["method"] ?? ""), given in the JWT header)" },
        "embedded_key_unknown": { "the JWT carries its own key (jwk), and whether it is the issuer's could not be checked: \($0["reason"] ?? "")" },
        "embedded_key_not_issuers": {
            "the key in the JWT header (jwk) is not one of the issuer \($0["issuer"] ?? "")'s keys: anyone can sign a JWT with a key of their own"
        },
        "issuer_key_retired": {
            "signed with a key the issuer controls (\($0["method"] ?? "")) on \($0["created"] ?? ""), before the issuer retired it on \($0["retired"] ?? "")"
        },
        "key_used_after_retirement": {
            "signed on \($0["created"] ?? "") with the key \($0["method"] ?? ""), which the issuer retired on \($0["retired"] ?? ""): the issuer no longer signed with it then"
        },
        "key_retired_proof_undated": {
            "the key \($0["method"] ?? "") was retired by the issuer on \($0["retired"] ?? ""), and the proof does not say when it was made, so whether the key was current then cannot be told"
        },
        "key_revoked": {
            "the issuer revoked the key \($0["method"] ?? "") on \($0["revoked"] ?? ""): nothing signed with it can be relied on"
        },
        "issuer_key_not_checked": { _ in "not checked: the proof was not verified" },
        "issuer_keys_unavailable": { "the key \($0["method"] ?? "") could not be checked against the issuer's own keys: \($0["reason"] ?? "")" },
        "key_not_listed_by_issuer": {
            "the key \($0["method"] ?? "") is not one the issuer \($0["issuer"] ?? "") lists as its own: a document that names the issuer as its key's controller does not make the key the issuer's"
        },

        // validity
        "date_invalid": { "\($0["field"] ?? "a date") \"\($0["value"] ?? "")\" is not a date and time" },
        "validity_inverted": { "the credential is valid until \($0["until"] ?? ""), before it is valid from \($0["from"] ?? ""): its dates contradict each other" },
        "not_yet_valid": { "not yet valid: valid from \($0["from"] ?? "")" },
        "expired": { "expired on \($0["until"] ?? "")" },
        "valid_window": { "valid from \($0["from"] ?? "") until \($0["until"] ?? "")" },
        "valid_since": { "valid since \($0["from"] ?? ""), no expiry" },
        "valid_from_missing": { _ in "the credential states no validFrom date" },

        // status
        "status_none": { _ in "the credential has no credentialStatus, so it cannot be revoked" },
        "status_entries_too_many": { "the credential carries \($0["count"] ?? "") status entries; Laurel checks at most \($0["limit"] ?? "")" },
        "status_type_unsupported": { "status of type \($0["type"] ?? "") cannot be checked by Laurel" },
        "status_type_missing": { _ in "a credentialStatus entry has no type" },
        "status_entry_malformed": { "the credentialStatus entry is malformed: \($0["reason"] ?? "")" },
        "status_purpose_ignored": { "status purpose \($0["purpose"] ?? "") does not affect validity" },
        "status_list_unusable": { "\($0["purpose"] ?? "") status unknown: \($0["problem"] ?? "")" },
        "status_list_wrong_purpose": {
            "\($0["purpose"] ?? "") status unknown: the list \($0["url"] ?? "") is for \($0["purposes"] ?? ""), not \($0["purpose"] ?? "")"
        },
        "status_list_too_short": {
            "\($0["purpose"] ?? "") status unknown: the list has \($0["entries"] ?? "") entries, fewer than the \($0["minimum"] ?? "") the specification requires"
        },
        "status_index_outside": {
            "\($0["purpose"] ?? "") status unknown: index \($0["index"] ?? "") is outside the list (\($0["entries"] ?? "") entries)"
        },
        "not_revoked": { "not revoked (list \($0["url"] ?? ""), \($0["until"].map { "current until \($0)" } ?? "with no end date"))" },
        "revoked": { "revoked by the issuer (list \($0["url"] ?? ""), \($0["until"].map { "current until \($0)" } ?? "with no end date"))" },
        "not_suspended": { _ in "not suspended" },
        "suspended": { "suspended by the issuer (list \($0["url"] ?? ""), \($0["until"].map { "current until \($0)" } ?? "with no end date"))" },
        "revocation_list_unnamed": { _ in "the 1EdTechRevocationList entry has no id (the list's URL)" },
        "revocation_list_unavailable": { "revocation status unknown: \($0["reason"] ?? "")" },
        "revocation_list_not_json": { "revocation status unknown: the revocation list \($0["url"] ?? "") is not valid JSON" },
        "revocation_list_other_issuer": {
            "revocation status unknown: the revocation list \($0["url"] ?? "") was published by \($0["issuer"] ?? ""), not by the credential's issuer"
        },
        "revocation_list_invalid": { "revocation status unknown: \($0["url"] ?? "") is not a revocation list (no revokedCredentials)" },
        "revoked_by_list": { parameters in "revoked by the issuer" + (parameters["reason"].map { ": \($0)" } ?? "") },
        "not_on_revocation_list": { "not on the issuer's revocation list \($0["url"] ?? "") (an unsigned legacy list, trusted for its address)" },

        // why a status list is not believed
        "status_list_not_provided": { $0["detail"] ?? "" },
        "status_list_unreachable": { "the status list could not be fetched: \($0["detail"] ?? "")" },
        "status_list_unfetchable": { "the status list \($0["url"] ?? "") could not be fetched: \($0["reason"] ?? "")" },
        "status_list_not_credential": { "the status list \($0["url"] ?? "") is not a credential: \($0["reason"] ?? "")" },
        "status_list_wrong_type": { "\($0["url"] ?? "") is not a BitstringStatusListCredential" },
        "status_list_other_list": { "the document at \($0["url"] ?? "") is the status list \($0["list"] ?? ""), not \($0["url"] ?? "")" },
        "status_list_other_issuer": {
            "the status list \($0["url"] ?? "") was issued by \($0["listIssuer"] ?? ""), not by the credential's issuer \($0["issuer"] ?? "")"
        },
        "status_list_badly_signed": { "the status list \($0["url"] ?? "") is badly signed: \($0["reason"] ?? "")" },
        "status_list_stale": { "the status list \($0["url"] ?? "") is stale: \($0["reason"] ?? "")" },
        "status_list_not_valid": { "the status list \($0["url"] ?? "") is not valid: \($0["reason"] ?? "")" },
        "status_list_unreadable": { "the status list \($0["url"] ?? "") cannot be read: \($0["reason"] ?? "")" },

        // endorsements
        "endorsed": { "the \($0["target"] ?? "") is endorsed by \(endorser($0))" },
        "endorsed_comment": {
            "the \($0["target"] ?? "") is endorsed by \(endorser($0)): “\($0["comment"] ?? "")”"
        },
        "endorsement_not_verified": {
            "an endorsement of the \($0["target"] ?? "") in the name of \($0["endorser"] ?? "") does not hold (\(englishVerdict(Verdict(rawValue: $0["verdict"] ?? "") ?? .malformed))): \($0["problem"] ?? "")"
        },
        "endorsement_unbound": {
            "an endorsement by \($0["endorser"] ?? "") of the achievement \($0["achievement"] ?? "") is not counted: that id is not on the issuer \($0["issuer"] ?? "")'s own site, and anyone can give an achievement any id"
        },
        "endorsement_other_subject": { "an endorsement by \($0["endorser"] ?? "") endorses \($0["subject"] ?? "something else"), not this \($0["target"] ?? "")" },
        "endorsement_not_endorsement": { "an endorsement of the \($0["target"] ?? "") is not an EndorsementCredential" },
        "endorsement_unreadable": { "an endorsement of the \($0["target"] ?? "") cannot be read: \($0["reason"] ?? "")" },
        "endorsements_too_many": { "the credential carries \($0["count"] ?? "") endorsements; Laurel checks at most \($0["limit"] ?? "")" },

        // Open Badges 2.0
        "ob2_legacy": { "an Open Badges 2.0 \($0["kind"] ?? "") assertion: OB 2.0 is a legacy format, read here for a legacy answer" },
        "ob2_badge_unavailable": { "the assertion's badge class could not be had: \($0["reason"] ?? "")" },
        "ob2_issuer_missing": { _ in "the assertion's badge class names no issuer" },
        "ob2_issuer_unavailable": { "the issuer's profile \($0["issuer"] ?? "") could not be had: \($0["reason"] ?? "")" },
        "ob2_creator_missing": { _ in "the signed assertion names no key (verification.creator)" },
        "ob2_key_unavailable": { "the issuer's key \($0["key"] ?? "") could not be had: \($0["reason"] ?? "")" },
        "ob2_key_unreadable": { "the key document \($0["key"] ?? "") holds no usable publicKeyPem" },
        "ob2_hosted_id_invalid": { _ in "a hosted assertion's id must be the https address it is hosted at" },
        "ob2_hosted_elsewhere": { "the assertion is hosted at \($0["url"] ?? ""), not on its issuer's host (\($0["issuer"] ?? "")): anyone can host a copy" },
        "ob2_hosted_unavailable": { "the hosted assertion could not be fetched from \($0["url"] ?? ""), so it could not be checked: \($0["reason"] ?? "")" },
        "ob2_hosted_differs": { "the assertion hosted at \($0["url"] ?? "") differs from this one: this copy was changed" },
        "ob2_hosted_matches": { "the issuer hosts this very assertion at \($0["url"] ?? "")" },
        "ob2_hosted_on_issuer_host": { "hosted on the issuer's own site (\($0["issuer"] ?? ""))" },
        "ob2_no_revocation_list": { _ in "the issuer publishes no revocation list, so whether the assertion was revoked cannot be checked" },
        "ob2_hosted_not_revoked": { _ in "the issuer's hosted copy is not marked revoked" },

        // recipient
        "recipient_matches": { _ in "issued to the e-mail address you gave (it matches the credential's recipient identifier)" },
        "recipient_mismatch": { _ in "not issued to the e-mail address you gave: no recipient identifier in the credential matches it" },
        "recipient_no_email": { _ in "the credential names its recipient by no e-mail address, so whether it was issued to the address you gave could not be checked" },
        "recipient_hash_unsupported": { _ in "the credential's recipient e-mail is hashed in a way Laurel does not compute (only sha256 is), so it could not be checked" },
        "recipient_signature_unchecked": { _ in "not checked: the signature was not verified with the issuer's key, so the recipient it names cannot be relied on" },

        // trust
        "trust_not_checked": { _ in "no trust list given" },
        "trust_signature_unchecked": { _ in "not checked: the signature was not verified with the issuer's key, so who issued the credential is not known" },
        "trust_issuer_missing": { _ in "the credential names no issuer" },
        "trusted": { "\($0["issuer"] ?? "") is on your trust list (\($0["registry"] ?? ""))" },
        "trusted_named": { "\($0["issuer"] ?? "") is \($0["name"] ?? "") on your trust list (\($0["registry"] ?? ""))" },
        "not_trusted": { "\($0["issuer"] ?? "") is not on your trust list (\($0["registries"] ?? ""))" },
    ]
}

/// `parameters` of a finding inside another, under `name.`, with its code as `name.code`: the
/// catalogue renders it in the outer finding's language (``VerificationMessages/message(_:_:language:)``).
func nested(_ name: String, _ code: String, _ parameters: [String: String]) -> [String: String] {
    var flat = [name + ".code": code]
    for (key, value) in parameters { flat[name + "." + key] = value }
    return flat
}
