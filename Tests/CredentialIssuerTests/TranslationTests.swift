import CredentialKit
import CredentialVerifier
import Foundation
import Testing
@testable import CredentialIssuer

/// The learner's language: the catalog in English and Spanish, translations stored beside the
/// default-language files, the version a locale picks, and the OB 3.0 `inLanguage` and `related`
/// a credential carries.
@Suite("Translations")
struct TranslationTests {
    static let englishCore = "https://certificate.creativecommons.org/achievements/cc-core"
    static let spanishCore = "https://certificate.creativecommons.org/achievements/cc-core/es"

    // MARK: Language tags

    @Test("a locale is served by the same tag, then by a shorter one, then by another region of the same language and script",
          arguments: [
              ("es", ["en", "es"], "es"), ("ES", ["en", "es"], "es"), ("es-MX", ["en", "es"], "es"),
              ("es-419", ["en", "es-ES"], "es-ES"), ("pt", ["en", "pt-BR"], "pt-BR"), ("en-GB", ["en", "es"], "en"),
              ("zh-Hant-TW", ["en", "zh-Hant"], "zh-Hant"), ("es-MX-x-cdmx", ["en", "es"], "es"),
          ])
    func matches(_ requested: String, _ available: [String], _ expected: String) {
        #expect(LanguageTag.bestMatch(for: requested, among: available) == expected)
    }

    @Test("a locale the catalog does not have, or another script of it, is not served",
          arguments: [("fr", ["en", "es"]), ("zh-Hant", ["en", "zh-Hans"]), ("e", ["en", "es"]), ("pt", [] as [String])])
    func noMatch(_ requested: String, _ available: [String]) {
        #expect(LanguageTag.bestMatch(for: requested, among: available) == nil)
    }

    @Test("language tags are checked for shape", arguments: [
        ("es", true), ("es-MX", true), ("zh-Hant-TW", true), ("es-419", true),
        ("e", false), ("español", false), ("es_MX", false), ("es-", false), ("", false), ("es-MX-toolongsubtag", false),
    ])
    func wellFormed(_ tag: String, _ expected: Bool) {
        #expect(LanguageTag.isWellFormed(tag) == expected)
    }

    // MARK: The catalog

    @Test("every seed achievement has a Spanish translation with its own id that passes the achievement schema")
    func seedTranslations() throws {
        for entry in AchievementCatalog.seed {
            let spanish = try #require(entry.translations.first { $0.inLanguage == "es" }, "\(entry.catalogID) has no Spanish version")
            #expect(entry.achievement.inLanguage == "en")
            #expect(spanish.id == entry.achievement.id + "/es")
            #expect(spanish.criteria.id == spanish.id)
            #expect(spanish.name != entry.achievement.name && spanish.description != entry.achievement.description)
            #expect(spanish.alignment?.count == entry.achievement.alignment?.count)
            #expect(spanish.resultDescription?.map(\.id) == entry.achievement.resultDescription?.map { $0.id.replacingOccurrences(of: "#", with: "/es#") })
            #expect(spanish.resultDescription?.map(\.resultType) == entry.achievement.resultDescription?.map(\.resultType))
            #expect(try LaurelSchema.achievement.validator.validate(try JSONValueEncoder().encode(spanish)) == [],
                    "\(entry.catalogID) in Spanish")
        }
        let core = try #require(AchievementCatalog.seed.first { $0.catalogID == "cc-core" }?.translations.first)
        #expect(core.name.text() == "Certificado de Creative Commons: CORE")
        #expect(core.criteria.narrative?.contains("4. Encontrar y utilizar recursos con licencia CC.") == true)
    }

    @Test("a new workspace stores the Spanish translations beside the English files, without adding catalog ids")
    func workspaceLayout() throws {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "Universidad", key: try PrivateKey.generate(.ed25519))
        let ids = try workspace.achievementIDs()
        #expect(ids == AchievementCatalog.seed.map(\.catalogID).sorted())
        for id in ids {
            #expect(temp.listing().contains("ws/achievements/es/\(id).json"))
            #expect(try workspace.translationLanguages(of: id) == ["es"])
            #expect(try workspace.achievementLanguages(id).languages == ["en", "es"])
        }
        #expect(try workspace.translation(of: "cc-core", into: "es")?.id == Self.spanishCore)
        #expect(try workspace.translation(of: "cc-core", into: "fr") == nil)
        #expect(throws: IssuerError(.unknownAchievement, "")) { try workspace.translations(of: "no-such-course") }
    }

    @Test("a translation with no language, the original's id or an unknown catalog id is refused; one in the wrong folder is not read")
    func badTranslations() throws {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "Universidad", key: try PrivateKey.generate(.ed25519))
        var french = try workspace.achievement("cc-core")
        french.id = Self.englishCore + "/fr"
        french.name = "Certificat Creative Commons : CORE"
        french.inLanguage = nil
        #expect(throws: IssuerError(.invalidRequest, "")) { try workspace.saveTranslation(french, catalogID: "cc-core") }
        french.inLanguage = "fr"
        #expect(throws: IssuerError(.unknownAchievement, "")) { try workspace.saveTranslation(french, catalogID: "no-such-course") }
        var sameID = french
        sameID.id = Self.englishCore
        #expect(throws: IssuerError(.invalidRequest, "")) { try workspace.saveTranslation(sameID, catalogID: "cc-core") }

        try workspace.saveTranslation(french, catalogID: "cc-core")
        #expect(try workspace.translationLanguages(of: "cc-core") == ["es", "fr"])
        #expect(try workspace.translation(of: "cc-core", into: "fr")?.name.text() == "Certificat Creative Commons : CORE")

        // A file a translator put in the wrong folder says so, naming the file.
        try FileManager.default.createDirectory(at: temp.path("ws/achievements/pt"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: temp.path("ws/achievements/fr/cc-core.json"), to: temp.path("ws/achievements/pt/cc-core.json"))
        let error = #expect(throws: IssuerError.self) { try workspace.achievementLanguages("cc-core") }
        #expect(error?.code == .invalidWorkspace && error?.reason.contains("achievements/pt/cc-core.json") == true, "\(String(describing: error))")
    }

    // MARK: Issuing in the learner's language

    @Test("a Spanish credential carries the Spanish achievement, inLanguage es and a related entry for the English version; it passes the schema and verifies")
    func spanishCredential() async throws {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "Universidad de Ejemplo", key: try PrivateKey.generate(.ed25519))
        let service = try workspace.issuingService(actor: "t")
        for entry in AchievementCatalog.seed {
            let request = IssueRequest(achievementID: entry.catalogID, recipientName: "Ana María López",
                                       recipientEmail: "ana@example.org", result: "Completed", locale: "es")
            let issued = try await service.issue(request)
            let credential = JSONValue.object(issued.credential)
            let achievement = try #require(credential["credentialSubject"]?["achievement"])
            let spanish = try #require(entry.translations.first)
            #expect(achievement["id"]?.stringValue == spanish.id)
            #expect(achievement["name"]?.stringValue == spanish.name.text())
            #expect(achievement["inLanguage"] == "es")
            #expect(credential["name"]?.stringValue == spanish.name.text(), "the credential's own name is in Spanish too")
            #expect(credential["description"]?.stringValue == spanish.description.text())
            let related = try #require(achievement["related"]?.arrayValue)
            #expect(related == [["id": .string(entry.achievement.id), "type": ["Related"], "inLanguage": "en"]])
            #expect(credential["credentialSubject"]?["result"]?.asArray.first?["resultDescription"]?.stringValue
                    == spanish.resultDescription?.first?.id)
            #expect(issued.warnings == [IssuingService.unrevocableWarning], "no language warning")
            #expect(try LaurelSchema.openBadgeCredential.validator.validate(credential) == [])
            let report = try await Verifier.offline().verify(bytes: issued.contents)
            #expect(report.result(of: .proof)?.status == .pass, "\(entry.catalogID): \(report.checks)")
        }
    }

    @Test("es-MX gets Spanish; en-GB and no locale get English, related to the Spanish version; fr gets English with a warning")
    func fallback() async throws {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "Universidad", key: try PrivateKey.generate(.ed25519))
        let service = try workspace.issuingService(actor: "t")
        func issue(_ locale: String?) async throws -> (achievement: JSONValue, warnings: [String]) {
            let issued = try await service.issue(IssueRequest(achievementID: "cc-core", recipientName: "A",
                                                              recipientEmail: "a@example.org", locale: locale))
            let achievement = JSONValue.object(issued.credential)["credentialSubject"]?["achievement"] ?? .null
            return (achievement, issued.warnings.filter { $0 != IssuingService.unrevocableWarning && $0 != WorkspaceIssuer.unrevocableWarning })
        }
        let mexican = try await issue("es-MX")
        #expect(mexican.achievement["id"]?.stringValue == Self.spanishCore && mexican.warnings.isEmpty)
        for locale in ["en-GB", "en", nil] as [String?] {
            let english = try await issue(locale)
            #expect(english.achievement["id"]?.stringValue == Self.englishCore && english.warnings.isEmpty, "\(locale ?? "none")")
            #expect(english.achievement["inLanguage"] == "en")
            #expect(english.achievement["related"] == [["id": .string(Self.spanishCore), "type": ["Related"], "inLanguage": "es"]])
        }
        let french = try await issue("fr")
        #expect(french.achievement["id"]?.stringValue == Self.englishCore)
        #expect(french.warnings == ["the catalog has no French (fr) version of cc-core yet: issued in English"])

        await #expect(throws: IssuerError.self) {
            try await service.issue(IssueRequest(achievementID: "cc-core", recipientName: "A", recipientEmail: "a@example.org", locale: "español"))
        }
    }

    @Test("a service given no translations issues the default version, with the fallback warning for another language")
    func noTranslations() async throws {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "X", key: try PrivateKey.generate(.ed25519))
        let service = IssuingService(issuer: workspace.issuerProfile, signers: [try workspace.signer(for: .eddsaRdfc2022, passphrase: nil)],
                                     store: nil, actor: "t") { try workspace.achievement($0) }
        let issued = try await service.issue(IssueRequest(achievementID: "cc-core", recipientName: "A", recipientEmail: "a@example.org", locale: "es"))
        let achievement = try #require(JSONValue.object(issued.credential)["credentialSubject"]?["achievement"])
        #expect(achievement["id"]?.stringValue == Self.englishCore && achievement["related"] == nil)
        #expect(issued.warnings.contains("the catalog has no Spanish (es) version of cc-core yet: issued in English"))
    }

    // MARK: Planning a roster

    @Test("the roster plan warns only for a row whose language the achievement lacks, and passes the locale on")
    func plannerWarnings() throws {
        let columns = try RosterColumns(header: ["name", "email", "locale"], mapping: [:])
        var asked: [String] = []
        var planner = RosterPlanner(columns: columns, issuerID: "did:example:u", defaultAchievement: "cc-core",
                                    achievementExists: { _ in true }, isIssued: { _ in false })
        planner.defaultLocale = "es"
        planner.achievementLanguages = { id in
            asked.append(id)
            return ["en", "es"]
        }
        let rows: [(locale: String, status: RosterRowReport.Status, requested: String?)] = [
            ("es", .ready, "es"), ("es-MX", .ready, "es-MX"), ("en-GB", .ready, "en-GB"), ("", .ready, "es"), ("fr", .warning, "fr"),
        ]
        for (number, row) in rows.enumerated() {
            let (report, entry) = planner.plan(row: number + 2, cells: ["Learner \(number)", "l\(number)@example.org", row.locale])
            #expect(report.status == row.status, "\(row.locale): \(report.message)")
            #expect(entry?.request.locale == row.requested)
            if row.status == .warning {
                #expect(report.column == "locale")
                #expect(report.message == "the catalog has no French (fr) version of cc-core yet: issued in English")
            }
        }
        #expect(asked == ["cc-core"], "the languages of an achievement are asked for once")
    }
}
