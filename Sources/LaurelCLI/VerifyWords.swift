import CredentialVerifier

/// The words `laurel verify` adds around a report, in each language the verifier's catalogue
/// speaks; a switch per language, so a language that lacks one does not compile.
enum VerifyWords {
    enum Key: CaseIterable {
        case baked, bakedSVG, unverifiedClaims, issuedBy, giveResource, recipientUnconfirmed, untrustedRefused
    }

    static func text(_ key: Key, _ language: VerificationMessages.Language) -> String {
        switch language {
        case .english:
            switch key {
            case .baked: "the credential was baked into a PNG badge image; every check below is of that credential"
            case .bakedSVG: "the credential was baked into an SVG badge image; every check below is of that credential"
            case .unverifiedClaims: "unverified claims:"
            case .issuedBy: "issued by"
            case .giveResource: "a document that could not be had can be given as a local file: --resource URL=FILE"
            case .recipientUnconfirmed: "not accepted: --recipient-email is given and the recipient could not be confirmed"
            case .untrustedRefused: "not accepted: --require-trust is given and the issuer is not on the trust list"
            }
        case .spanish:
            switch key {
            case .baked: "la credencial venía integrada en una imagen de insignia PNG; todas las comprobaciones de abajo son de esa credencial"
            case .bakedSVG: "la credencial venía integrada en una imagen de insignia SVG; todas las comprobaciones de abajo son de esa credencial"
            case .unverifiedClaims: "datos sin verificar:"
            case .issuedBy: "emitida por"
            case .giveResource: "un documento que no se pudo obtener se puede dar como archivo local: --resource URL=ARCHIVO"
            case .recipientUnconfirmed: "no aceptada: se indicó --recipient-email y no se pudo confirmar el destinatario"
            case .untrustedRefused: "no aceptada: se indicó --require-trust y el emisor no está en la lista de confianza"
            }
        }
    }
}
