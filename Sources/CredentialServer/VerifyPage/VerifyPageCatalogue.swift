import Foundation

/// Every string of the verification page, by language: one catalogue, which a test checks for
/// completeness (every language has every English key, and the page's code asks only for keys
/// that exist). Right-to-left languages are listed in ``rightToLeft``.
///
/// The checks' detailed messages come from the verifier, in the page's language when its catalogue
/// has it (English and Spanish), else in English, which the page then marks.
enum VerifyPageCatalogue {
    /// The page's languages, English (the fallback) first.
    static let languages = ["en", "es", "ar"]
    static let rightToLeft: Set<String> = ["ar"]
    /// Each language's name in itself, for the switcher.
    static let names = ["en": "English", "es": "Español", "ar": "العربية"]

    static let messages: [String: [String: String]] = ["en": english, "es": spanish, "ar": arabic]

    static let english: [String: String] = [
        "title": "Verify a credential",
        "intro": "Check a credential you were sent: a badge image (PNG or SVG), a JSON credential or a JWT. The file is checked on this server and not kept.",
        "choose": "Choose a file",
        "drop": "or drop it here",
        "checking": "Checking…",
        "language": "Language",
        "noscript": "This page needs JavaScript to show the answer. Without it, the button sends the file and the server answers in JSON.",
        "send": "Check this file",
        "checks": "Each check",
        "details": "What the credential says",
        "detailsHidden": "Nothing the credential says is shown: it cannot be trusted.",
        "detailsUnchecked": "Nothing the credential says is shown, because its signature could not be checked.",
        "englishNote": "Details in English.",
        "field.achievement": "Achievement",
        "field.description": "Description",
        "field.issuer": "Issued by",
        "field.recipient": "Awarded to",
        "field.validFrom": "Valid from",
        "field.validUntil": "Valid until",
        "field.image": "The badge",
        "error": "This file could not be checked",
        "error.tooLarge": "The file is larger than this server accepts.",
        "error.network": "The server could not be reached. Check your connection and try again.",
        "verdict.verified": "VERIFIED",
        "verdict.verified.explain": "The credential is authentic and unchanged, was issued by the issuer named below, is within its dates, and has not been revoked.",
        "verdict.verified_untrusted": "VERIFIED, ISSUER NOT ON THE TRUST LIST",
        "verdict.verified_untrusted.explain": "The credential is authentic and current, but its issuer is not on the trust list in use.",
        "verdict.revoked": "REVOKED",
        "verdict.revoked.explain": "The issuer has revoked this credential. Do not rely on it.",
        "verdict.suspended": "SUSPENDED",
        "verdict.suspended.explain": "The issuer has suspended this credential for now. Do not rely on it unless it is reinstated.",
        "verdict.recipient_not_matched": "NOT ISSUED TO THIS RECIPIENT",
        "verdict.recipient_not_matched.explain": "The credential is authentic, but it was not issued to the e-mail address given.",
        "verdict.recipient_unconfirmed": "RECIPIENT NOT CONFIRMED",
        "verdict.recipient_unconfirmed.explain": "The credential is authentic, but whether it was issued to the e-mail address given could not be checked.",
        "verdict.expired": "EXPIRED",
        "verdict.expired.explain": "The credential is authentic, but the period it was valid for has ended.",
        "verdict.not_yet_valid": "NOT YET VALID",
        "verdict.not_yet_valid.explain": "The credential is authentic, but its validity has not started yet.",
        "verdict.status_unknown": "STATUS UNKNOWN",
        "verdict.status_unknown.explain": "The signature is valid, but whether the credential was revoked could not be checked. Try again later or ask the issuer.",
        "verdict.tampered": "TAMPERED",
        "verdict.tampered.explain": "The credential was changed after it was signed, or was not signed by its issuer. Do not rely on anything in it.",
        "verdict.unverifiable": "UNVERIFIABLE",
        "verdict.unverifiable.explain": "The issuer's key could not be found, so the signature could not be checked. Try again later or ask the issuer.",
        "verdict.malformed": "MALFORMED",
        "verdict.malformed.explain": "The credential is not well formed, so it could not be checked.",
        "verdict.unsupported": "UNSUPPORTED",
        "verdict.unsupported.explain": "This kind of credential or signature cannot be checked here.",
        "check.format": "Format",
        "check.proof": "Signature",
        "check.issuer-key": "Issuer's key",
        "check.validity": "Dates",
        "check.status": "Revocation and suspension",
        "check.trust": "Trust list",
        "status.pass": "Passed",
        "status.fail": "Failed",
        "status.warn": "Warning",
        "status.unknown": "Could not check",
        "status.skipped": "Not checked",
    ]

    static let spanish: [String: String] = [
        "title": "Verificar una credencial",
        "intro": "Compruebe una credencial que le enviaron: una imagen de insignia (PNG o SVG), una credencial JSON o un JWT. El archivo se comprueba en este servidor y no se guarda.",
        "choose": "Elegir un archivo",
        "drop": "o suéltelo aquí",
        "checking": "Comprobando…",
        "language": "Idioma",
        "noscript": "Esta página necesita JavaScript para mostrar la respuesta. Sin él, el botón envía el archivo y el servidor responde en JSON.",
        "send": "Comprobar este archivo",
        "checks": "Cada comprobación",
        "details": "Lo que dice la credencial",
        "detailsHidden": "No se muestra nada de lo que dice la credencial: no es de fiar.",
        "detailsUnchecked": "No se muestra nada de lo que dice la credencial, porque no se pudo comprobar su firma.",
        "englishNote": "Detalles en inglés.",
        "field.achievement": "Logro",
        "field.description": "Descripción",
        "field.issuer": "Emitida por",
        "field.recipient": "Otorgada a",
        "field.validFrom": "Válida desde",
        "field.validUntil": "Válida hasta",
        "field.image": "La insignia",
        "error": "No se pudo comprobar este archivo",
        "error.tooLarge": "El archivo es más grande de lo que acepta este servidor.",
        "error.network": "No se pudo contactar con el servidor. Revise su conexión e inténtelo de nuevo.",
        "verdict.verified": "VERIFICADA",
        "verdict.verified.explain": "La credencial es auténtica y no ha cambiado, la emitió el emisor que figura abajo, está dentro de sus fechas y no ha sido revocada.",
        "verdict.verified_untrusted": "VERIFICADA, EMISOR FUERA DE LA LISTA DE CONFIANZA",
        "verdict.verified_untrusted.explain": "La credencial es auténtica y vigente, pero su emisor no está en la lista de confianza en uso.",
        "verdict.revoked": "REVOCADA",
        "verdict.revoked.explain": "El emisor ha revocado esta credencial. No confíe en ella.",
        "verdict.suspended": "SUSPENDIDA",
        "verdict.suspended.explain": "El emisor ha suspendido esta credencial por ahora. No confíe en ella salvo que se restablezca.",
        "verdict.recipient_not_matched": "NO EMITIDA A ESTE DESTINATARIO",
        "verdict.recipient_not_matched.explain": "La credencial es auténtica, pero no se emitió a la dirección de correo indicada.",
        "verdict.recipient_unconfirmed": "DESTINATARIO NO CONFIRMADO",
        "verdict.recipient_unconfirmed.explain": "La credencial es auténtica, pero no se pudo comprobar si se emitió a la dirección de correo indicada.",
        "verdict.expired": "CADUCADA",
        "verdict.expired.explain": "La credencial es auténtica, pero el periodo en que era válida ha terminado.",
        "verdict.not_yet_valid": "AÚN NO VÁLIDA",
        "verdict.not_yet_valid.explain": "La credencial es auténtica, pero su validez todavía no ha comenzado.",
        "verdict.status_unknown": "ESTADO DESCONOCIDO",
        "verdict.status_unknown.explain": "La firma es válida, pero no se pudo comprobar si la credencial fue revocada. Inténtelo más tarde o consulte al emisor.",
        "verdict.tampered": "ALTERADA",
        "verdict.tampered.explain": "La credencial se modificó después de firmarse, o no la firmó su emisor. No confíe en nada de lo que contiene.",
        "verdict.unverifiable": "NO VERIFICABLE",
        "verdict.unverifiable.explain": "No se encontró la clave del emisor, así que no se pudo comprobar la firma. Inténtelo más tarde o consulte al emisor.",
        "verdict.malformed": "MAL FORMADA",
        "verdict.malformed.explain": "La credencial no está bien formada, así que no se pudo comprobar.",
        "verdict.unsupported": "NO ADMITIDA",
        "verdict.unsupported.explain": "Este tipo de credencial o de firma no se puede comprobar aquí.",
        "check.format": "Formato",
        "check.proof": "Firma",
        "check.issuer-key": "Clave del emisor",
        "check.validity": "Fechas",
        "check.status": "Revocación y suspensión",
        "check.trust": "Lista de confianza",
        "status.pass": "Correcto",
        "status.fail": "Fallido",
        "status.warn": "Aviso",
        "status.unknown": "No se pudo comprobar",
        "status.skipped": "No comprobado",
    ]

    static let arabic: [String: String] = [
        "title": "التحقق من شهادة",
        "intro": "تحقّق من شهادة أُرسلت إليك: صورة شارة (PNG أو SVG) أو شهادة JSON أو JWT. يُفحص الملف على هذا الخادم ولا يُحفظ.",
        "choose": "اختر ملفًا",
        "drop": "أو أفلته هنا",
        "checking": "جارٍ الفحص…",
        "language": "اللغة",
        "noscript": "تحتاج هذه الصفحة إلى JavaScript لعرض النتيجة. من دونه، يرسل الزر الملف ويجيب الخادم بصيغة JSON.",
        "send": "افحص هذا الملف",
        "checks": "كل فحص",
        "details": "ما تقوله الشهادة",
        "detailsHidden": "لا يُعرض شيء مما تقوله الشهادة: لا يمكن الوثوق بها.",
        "detailsUnchecked": "لا يُعرض شيء مما تقوله الشهادة، لأنه تعذّر فحص توقيعها.",
        "englishNote": "التفاصيل باللغة الإنجليزية.",
        "field.achievement": "الإنجاز",
        "field.description": "الوصف",
        "field.issuer": "صادرة عن",
        "field.recipient": "ممنوحة إلى",
        "field.validFrom": "سارية من",
        "field.validUntil": "سارية حتى",
        "field.image": "الشارة",
        "error": "تعذّر فحص هذا الملف",
        "error.tooLarge": "الملف أكبر مما يقبله هذا الخادم.",
        "error.network": "تعذّر الوصول إلى الخادم. تحقّق من اتصالك وحاول مرة أخرى.",
        "verdict.verified": "تم التحقق",
        "verdict.verified.explain": "الشهادة أصلية ولم تُغيَّر، وأصدرها المُصدِر المذكور أدناه، وهي ضمن تواريخ صلاحيتها، ولم تُلغَ.",
        "verdict.verified_untrusted": "تم التحقق، والمُصدِر ليس في قائمة الثقة",
        "verdict.verified_untrusted.explain": "الشهادة أصلية وسارية، لكن مُصدِرها ليس في قائمة الثقة المستخدمة.",
        "verdict.revoked": "ملغاة",
        "verdict.revoked.explain": "ألغى المُصدِر هذه الشهادة. لا تعتمد عليها.",
        "verdict.suspended": "معلّقة",
        "verdict.suspended.explain": "علّق المُصدِر هذه الشهادة مؤقتًا. لا تعتمد عليها ما لم تُستعَد.",
        "verdict.recipient_not_matched": "لم تُصدَر لهذا المستلم",
        "verdict.recipient_not_matched.explain": "الشهادة أصلية، لكنها لم تُصدَر لعنوان البريد الإلكتروني المُعطى.",
        "verdict.recipient_unconfirmed": "لم يُتحقَّق من المستلم",
        "verdict.recipient_unconfirmed.explain": "الشهادة أصلية، لكن تعذّر التحقق مما إذا كانت قد صدرت لعنوان البريد الإلكتروني المُعطى.",
        "verdict.expired": "منتهية الصلاحية",
        "verdict.expired.explain": "الشهادة أصلية، لكن المدة التي كانت سارية فيها قد انتهت.",
        "verdict.not_yet_valid": "ليست سارية بعد",
        "verdict.not_yet_valid.explain": "الشهادة أصلية، لكن صلاحيتها لم تبدأ بعد.",
        "verdict.status_unknown": "الحالة غير معروفة",
        "verdict.status_unknown.explain": "التوقيع صحيح، لكن تعذّر التحقق مما إذا كانت الشهادة قد أُلغيت. حاول لاحقًا أو اسأل المُصدِر.",
        "verdict.tampered": "تم العبث بها",
        "verdict.tampered.explain": "عُدِّلت الشهادة بعد توقيعها، أو لم يوقّعها مُصدِرها. لا تعتمد على أي شيء فيها.",
        "verdict.unverifiable": "تعذّر التحقق",
        "verdict.unverifiable.explain": "تعذّر العثور على مفتاح المُصدِر، لذا لم يمكن فحص التوقيع. حاول لاحقًا أو اسأل المُصدِر.",
        "verdict.malformed": "بنية غير صالحة",
        "verdict.malformed.explain": "بنية الشهادة غير سليمة، لذا تعذّر فحصها.",
        "verdict.unsupported": "غير مدعومة",
        "verdict.unsupported.explain": "لا يمكن فحص هذا النوع من الشهادات أو التواقيع هنا.",
        "check.format": "الصيغة",
        "check.proof": "التوقيع",
        "check.issuer-key": "مفتاح المُصدِر",
        "check.validity": "التواريخ",
        "check.status": "الإلغاء والتعليق",
        "check.trust": "قائمة الثقة",
        "status.pass": "ناجح",
        "status.fail": "فاشل",
        "status.warn": "تحذير",
        "status.unknown": "تعذّر الفحص",
        "status.skipped": "لم يُفحص",
    ]

    /// The page's language: `requested` (`?lang=`) when it is one, else the best of the browser's
    /// `Accept-Language`, else English. `es-MX` is served by `es`.
    static func language(requested: String?, acceptLanguage: String?) -> String {
        if let requested, let match = match(requested) { return match }
        let ranked = (acceptLanguage ?? "").split(separator: ",").compactMap { item -> (String, Double)? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, !tag.isEmpty else { return nil }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (String(tag), quality)
        }.filter { $0.1 > 0 }.enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }.map(\.element.0)
        return ranked.lazy.compactMap(match).first ?? "en"
    }

    private static func match(_ tag: String) -> String? {
        let primary = tag.lowercased().split(separator: "-").first.map(String.init) ?? ""
        return languages.contains(primary) ? primary : nil
    }
}
