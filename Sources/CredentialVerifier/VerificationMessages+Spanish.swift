extension VerificationMessages {
    /// A status purpose as Spanish names it.
    static func spanishPurpose(_ purpose: String?) -> String {
        switch purpose {
        case "revocation"?: "revocación"
        case "suspension"?: "suspensión"
        case let other?: other
        case nil: ""
        }
    }

    /// What an endorsement endorses, as Spanish names it: `El logro`, or with `of`, `del logro`.
    static func spanishTarget(_ target: String?, of: Bool = false) -> String {
        switch (target == "issuer", of) {
        case (true, false): "El emisor"
        case (false, false): "El logro"
        case (true, true): "del emisor"
        case (false, true): "del logro"
        }
    }

    /// How a credential is secured, as Spanish names it.
    static func spanishForm(_ form: String?) -> String {
        form == "JSON-LD with embedded proof" ? "JSON-LD con prueba integrada" : (form ?? "")
    }

    /// The Spanish templates by code: the same codes as ``english``, checked by a test.
    public static let spanish: [String: Template] = [
        // format
        "context_not_vc": { "@context debe empezar por \($0["expected"] ?? "") (VC Data Model 2.0) o por el contexto 1.1" },
        "not_verifiable_credential": { _ in "type no incluye VerifiableCredential" },
        "issuer_missing": { _ in "la credencial no tiene el id de su emisor" },
        "not_open_badge": { _ in "una credencial verificable, pero no un Open Badge" },
        "open_badges_context_missing": { _ in "una OpenBadgeCredential debe nombrar un contexto de Open Badges 3.0" },
        "open_badge_malformed": { "no es una credencial Open Badges 3.0 bien formada: \($0["reason"] ?? "")" },
        "schema_departure": { "credencial Open Badges 3.0 (\(spanishForm($0["form"]))) que se aparta del esquema OB 3.0: \($0["violations"] ?? "")" },
        "open_badge": { "credencial Open Badges 3.0 (\(spanishForm($0["form"])))" },

        // proof
        "proof_unsupported": { "prueba no admitida: \($0["reason"] ?? "")" },
        "proof_malformed": { "prueba mal formada: \($0["reason"] ?? "")" },
        "jwt_unreadable": { _ in "no se pudo leer el JWT" },
        "jwt_key_private": { _ in "el jwk de la cabecera del JWT contiene una clave privada (d): quien lo creó ha regalado la clave de firma" },
        "jwt_key_unusable": { "el jwk de la cabecera del JWT no es una clave pública utilizable: \($0["reason"] ?? "")" },
        "jwt_kid_unusable": { "el kid \"\($0["kid"] ?? "")\" de la cabecera del JWT no es un DID ni una URL https, y la cabecera no trae jwk" },
        "jwt_key_missing": { _ in "la cabecera del JWT no nombra ninguna clave: no tiene kid ni jwk" },
        "key_unavailable": { "no se pudo comprobar la firma: \($0["reason"] ?? "")" },
        "key_not_listed": { "no se pudo comprobar la firma: \($0["reason"] ?? "")" },
        "key_method_unsupported": { "no se pudo comprobar la firma: \($0["reason"] ?? "")" },
        "key_invalid": { "no se pudo comprobar la firma: \($0["reason"] ?? "")" },
        "context_not_pinned": { "no se pudo comprobar la firma: \($0["reason"] ?? ""), así que Laurel no puede saber qué se firmó" },
        "context_embedded": { "no se puede confiar en la firma: \($0["reason"] ?? "")" },
        "signature_unsupported": { "no se pudo comprobar la firma: \($0["reason"] ?? "")" },
        "signature_uncheckable": { "no se pudo comprobar la firma: \($0["reason"] ?? "")" },
        "linked_data_unreadable": {
            "los datos enlazados de la credencial no se pueden leer como los definen sus contextos: \($0["reason"] ?? "") (contextos: \($0["contexts"] ?? ""))"
        },
        "signature_mismatch": { parameters in
            var text = "la firma no coincide con el contenido de la credencial: se modificó después de firmarse"
            if let contexts = parameters["contexts"] { text += " (o se modificó su @context: nombra \(contexts))" }
            if let note = parameters["note"] { text += "; \(note)" }
            return text
        },
        "proof_missing": { _ in "la lista de pruebas de la credencial está vacía: no trae ninguna prueba" },
        "proofs_too_many": { "la credencial trae \($0["count"] ?? "") pruebas; Laurel comprueba como mucho \($0["limit"] ?? "")" },
        "proof_duplicate": { _ in "la misma prueba aparece dos veces en la credencial" },
        "proof_id_duplicate": { _ in "dos pruebas de la credencial tienen el mismo id" },
        "proof_chain_cycle": { "la prueba \($0["id"] ?? "") vuelve a sí misma a través de su cadena de previousProof" },
        "previous_proof_missing": { "la prueba nombra \($0["id"] ?? "") como su previousProof, y la credencial no trae ninguna prueba con ese id" },
        "proof_purpose_wrong": { "el propósito de la prueba es \($0["purpose"] ?? ""), no assertionMethod: no afirma la credencial" },
        "jwt_claims_invalid": { $0["reason"] ?? "las declaraciones del JWT contradicen la credencial" },
        "signature_valid": { "la firma \($0["proof"] ?? "") es válida" },
        "signature_valid_embedded_key": { "la firma \($0["proof"] ?? "") es válida para la clave que trae el JWT (de quién es esa clave lo dice la comprobación issuer-key)" },
        "jwt_key_unsupported": { "el jwk de la cabecera del JWT es una clave que Laurel no verifica: \($0["reason"] ?? "")" },

        // issuer key
        "issuer_key": { "firmada con una clave que controla el emisor (\($0["method"] ?? ""))" },
        "key_not_issuers": { "la clave de firma la controla \($0["controller"] ?? ""), no el emisor \($0["issuer"] ?? "")" },
        "embedded_key_issuers": { "firmada con una clave que controla el emisor (\($0["method"] ?? ""), dada en la cabecera del JWT)" },
        "embedded_key_unknown": { "el JWT trae su propia clave (jwk), y no se pudo comprobar si es del emisor: \($0["reason"] ?? "")" },
        "embedded_key_not_issuers": {
            "la clave de la cabecera del JWT (jwk) no es una de las claves del emisor \($0["issuer"] ?? ""): cualquiera puede firmar un JWT con una clave propia"
        },
        "issuer_key_retired": {
            "firmada el \($0["created"] ?? "") con una clave que controla el emisor (\($0["method"] ?? "")), antes de que el emisor la retirara el \($0["retired"] ?? "")"
        },
        "key_used_after_retirement": {
            "firmada el \($0["created"] ?? "") con la clave \($0["method"] ?? ""), que el emisor retiró el \($0["retired"] ?? ""): para entonces el emisor ya no firmaba con ella"
        },
        "key_retired_proof_undated": {
            "el emisor retiró la clave \($0["method"] ?? "") el \($0["retired"] ?? ""), y la prueba no dice cuándo se hizo, así que no se puede saber si la clave estaba vigente entonces"
        },
        "key_revoked": {
            "el emisor revocó la clave \($0["method"] ?? "") el \($0["revoked"] ?? ""): no se puede confiar en nada firmado con ella"
        },
        "issuer_key_not_checked": { _ in "no comprobada: la prueba no se verificó" },
        "issuer_keys_unavailable": { "no se pudo comprobar la clave \($0["method"] ?? "") frente a las claves del propio emisor: \($0["reason"] ?? "")" },
        "key_not_listed_by_issuer": {
            "la clave \($0["method"] ?? "") no es una que el emisor \($0["issuer"] ?? "") declare como suya: un documento que nombra al emisor como controlador de su clave no hace que la clave sea del emisor"
        },

        // validity
        "date_invalid": { "\($0["field"] ?? "una fecha") \"\($0["value"] ?? "")\" no es una fecha y hora" },
        "validity_inverted": { "la credencial es válida hasta el \($0["until"] ?? ""), antes de ser válida desde el \($0["from"] ?? ""): sus fechas se contradicen" },
        "not_yet_valid": { "aún no es válida: válida desde el \($0["from"] ?? "")" },
        "expired": { "caducó el \($0["until"] ?? "")" },
        "valid_window": { "válida desde el \($0["from"] ?? "") hasta el \($0["until"] ?? "")" },
        "valid_since": { "válida desde el \($0["from"] ?? ""), sin caducidad" },
        "valid_from_missing": { _ in "la credencial no indica fecha validFrom" },

        // status
        "status_none": { _ in "la credencial no tiene credentialStatus, así que no se puede revocar" },
        "status_entries_too_many": { "la credencial trae \($0["count"] ?? "") entradas de estado; Laurel comprueba como mucho \($0["limit"] ?? "")" },
        "status_type_unsupported": { "Laurel no puede comprobar un estado de tipo \($0["type"] ?? "")" },
        "status_type_missing": { _ in "una entrada de credentialStatus no tiene type" },
        "status_entry_malformed": { "la entrada de credentialStatus está mal formada: \($0["reason"] ?? "")" },
        "status_purpose_ignored": { "el propósito de estado \($0["purpose"] ?? "") no afecta a la validez" },
        "status_list_unusable": { "estado de \(spanishPurpose($0["purpose"])) desconocido: \($0["problem"] ?? "")" },
        "status_list_wrong_purpose": {
            "estado de \(spanishPurpose($0["purpose"])) desconocido: la lista \($0["url"] ?? "") es de \($0["purposes"] ?? ""), no de \($0["purpose"] ?? "")"
        },
        "status_list_too_short": {
            "estado de \(spanishPurpose($0["purpose"])) desconocido: la lista tiene \($0["entries"] ?? "") entradas, menos de las \($0["minimum"] ?? "") que exige la especificación"
        },
        "status_index_outside": {
            "estado de \(spanishPurpose($0["purpose"])) desconocido: el índice \($0["index"] ?? "") está fuera de la lista (\($0["entries"] ?? "") entradas)"
        },
        "not_revoked": { "no revocada (según la lista \($0["url"] ?? ""), \($0["until"].map { "vigente hasta el \($0)" } ?? "sin fecha de fin"))" },
        "revoked": { "revocada por el emisor (según la lista \($0["url"] ?? ""), \($0["until"].map { "vigente hasta el \($0)" } ?? "sin fecha de fin"))" },
        "not_suspended": { _ in "no suspendida" },
        "suspended": { "suspendida por el emisor (según la lista \($0["url"] ?? ""), \($0["until"].map { "vigente hasta el \($0)" } ?? "sin fecha de fin"))" },
        "revocation_list_unnamed": { _ in "la entrada 1EdTechRevocationList no tiene id (la URL de la lista)" },
        "revocation_list_unavailable": { "estado de revocación desconocido: \($0["reason"] ?? "")" },
        "revocation_list_not_json": { "estado de revocación desconocido: la lista de revocación \($0["url"] ?? "") no es JSON válido" },
        "revocation_list_other_issuer": {
            "estado de revocación desconocido: la lista de revocación \($0["url"] ?? "") la publicó \($0["issuer"] ?? ""), no el emisor de la credencial"
        },
        "revocation_list_invalid": { "estado de revocación desconocido: \($0["url"] ?? "") no es una lista de revocación (no tiene revokedCredentials)" },
        "revoked_by_list": { parameters in "revocada por el emisor" + (parameters["reason"].map { ": \($0)" } ?? "") },
        "not_on_revocation_list": { "no figura en la lista de revocación del emisor \($0["url"] ?? "") (una lista antigua sin firma, creída por su dirección)" },

        // why a status list is not believed
        "status_list_not_provided": { $0["detail"] ?? "" },
        "status_list_unreachable": { "no se pudo obtener la lista de estado: \($0["detail"] ?? "")" },
        "status_list_unfetchable": { "no se pudo obtener la lista de estado \($0["url"] ?? ""): \($0["reason"] ?? "")" },
        "status_list_not_credential": { "la lista de estado \($0["url"] ?? "") no es una credencial: \($0["reason"] ?? "")" },
        "status_list_wrong_type": { "\($0["url"] ?? "") no es una BitstringStatusListCredential" },
        "status_list_other_list": { "el documento en \($0["url"] ?? "") es la lista de estado \($0["list"] ?? ""), no \($0["url"] ?? "")" },
        "status_list_other_issuer": {
            "la lista de estado \($0["url"] ?? "") la emitió \($0["listIssuer"] ?? ""), no el emisor de la credencial, \($0["issuer"] ?? "")"
        },
        "status_list_badly_signed": { "la lista de estado \($0["url"] ?? "") está mal firmada: \($0["reason"] ?? "")" },
        "status_list_stale": { "la lista de estado \($0["url"] ?? "") está caducada: \($0["reason"] ?? "")" },
        "status_list_not_valid": { "la lista de estado \($0["url"] ?? "") no es válida: \($0["reason"] ?? "")" },
        "status_list_unreadable": { "no se puede leer la lista de estado \($0["url"] ?? ""): \($0["reason"] ?? "")" },

        // endorsements
        "endorsed": { "\(spanishTarget($0["target"])) tiene el aval de \(endorser($0, language: .spanish))" },
        "endorsed_comment": {
            "\(spanishTarget($0["target"])) tiene el aval de \(endorser($0, language: .spanish)): “\($0["comment"] ?? "")”"
        },
        "endorsement_not_verified": {
            "un aval \(spanishTarget($0["target"], of: true)) en nombre de \($0["endorser"] ?? "") no se sostiene (\(verdict(Verdict(rawValue: $0["verdict"] ?? "") ?? .malformed, language: .spanish))): \($0["problem"] ?? "")"
        },
        "endorsement_unbound": {
            "un aval de \($0["endorser"] ?? "") del logro \($0["achievement"] ?? "") no cuenta: ese id no está en el propio sitio del emisor \($0["issuer"] ?? ""), y cualquiera puede dar a un logro cualquier id"
        },
        "endorsement_other_subject": { "un aval de \($0["endorser"] ?? "") avala \($0["subject"] ?? "otra cosa"), no \(spanishTarget($0["target"]).lowercased())" },
        "endorsement_not_endorsement": { "un aval \(spanishTarget($0["target"], of: true)) no es una EndorsementCredential" },
        "endorsement_unreadable": { "no se puede leer un aval \(spanishTarget($0["target"], of: true)): \($0["reason"] ?? "")" },
        "endorsements_too_many": { "la credencial trae \($0["count"] ?? "") avales; Laurel comprueba como mucho \($0["limit"] ?? "")" },

        // Open Badges 2.0
        "ob2_legacy": { "una aserción Open Badges 2.0 \($0["kind"] == "signed" ? "firmada" : "alojada"): OB 2.0 es un formato antiguo, que se lee aquí para dar una respuesta orientativa" },
        "ob2_badge_unavailable": { "no se pudo obtener la clase de insignia de la aserción: \($0["reason"] ?? "")" },
        "ob2_issuer_missing": { _ in "la clase de insignia de la aserción no nombra a ningún emisor" },
        "ob2_issuer_unavailable": { "no se pudo obtener el perfil del emisor \($0["issuer"] ?? ""): \($0["reason"] ?? "")" },
        "ob2_creator_missing": { _ in "la aserción firmada no nombra ninguna clave (verification.creator)" },
        "ob2_key_unavailable": { "no se pudo obtener la clave del emisor \($0["key"] ?? ""): \($0["reason"] ?? "")" },
        "ob2_key_unreadable": { "el documento de clave \($0["key"] ?? "") no contiene un publicKeyPem utilizable" },
        "ob2_hosted_id_invalid": { _ in "el id de una aserción alojada debe ser la dirección https en la que está alojada" },
        "ob2_hosted_elsewhere": { "la aserción está alojada en \($0["url"] ?? ""), no en el sitio de su emisor (\($0["issuer"] ?? "")): cualquiera puede alojar una copia" },
        "ob2_hosted_unavailable": { "no se pudo obtener la aserción alojada en \($0["url"] ?? ""), así que no se pudo comprobar: \($0["reason"] ?? "")" },
        "ob2_hosted_differs": { "la aserción alojada en \($0["url"] ?? "") es distinta de esta: esta copia se modificó" },
        "ob2_hosted_matches": { "el emisor aloja esta misma aserción en \($0["url"] ?? "")" },
        "ob2_hosted_on_issuer_host": { "alojada en el propio sitio del emisor (\($0["issuer"] ?? ""))" },
        "ob2_no_revocation_list": { _ in "el emisor no publica ninguna lista de revocación, así que no se puede comprobar si la aserción fue revocada" },
        "ob2_hosted_not_revoked": { _ in "la copia alojada por el emisor no está marcada como revocada" },

        // recipient
        "recipient_matches": { _ in "emitida a la dirección de correo que usted indicó (coincide con el identificador del destinatario de la credencial)" },
        "recipient_mismatch": { _ in "no se emitió a la dirección de correo que usted indicó: ningún identificador del destinatario en la credencial coincide con ella" },
        "recipient_no_email": { _ in "la credencial no nombra a su destinatario por ninguna dirección de correo, así que no se pudo comprobar si se emitió a la dirección indicada" },
        "recipient_hash_unsupported": { _ in "el correo del destinatario está resumido con un hash que Laurel no calcula (solo sha256), así que no se pudo comprobar" },
        "recipient_signature_unchecked": { _ in "no comprobado: la firma no se verificó con la clave del emisor, así que no se puede confiar en el destinatario que nombra" },

        // trust
        "trust_not_checked": { _ in "no se dio ninguna lista de confianza" },
        "trust_signature_unchecked": { _ in "no comprobado: la firma no se verificó con la clave del emisor, así que no se sabe quién emitió la credencial" },
        "trust_issuer_missing": { _ in "la credencial no nombra a ningún emisor" },
        "trusted": { "\($0["issuer"] ?? "") está en su lista de confianza (\($0["registry"] ?? ""))" },
        "trusted_named": { "\($0["issuer"] ?? "") es \($0["name"] ?? "") en su lista de confianza (\($0["registry"] ?? ""))" },
        "not_trusted": { "\($0["issuer"] ?? "") no está en su lista de confianza (\($0["registries"] ?? ""))" },
    ]
}
