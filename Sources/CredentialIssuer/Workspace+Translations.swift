import CredentialKit
import Foundation

// MARK: Translations of the achievement catalog

/// A translation is a full achievement in another language, stored beside the default-language
/// file as `achievements/<language>/<catalogID>.json` (`achievements/es/cc-core.json` beside
/// `achievements/cc-core.json`). Its `inLanguage` is that language and its `id` is its own, so
/// the catalog ids stay those of `achievements/*.json` (``Workspace/achievementIDs()``): a
/// translation never adds one.
extension Workspace {
    /// The languages `catalogID` has translations in (folders `achievements/<language>/` that hold
    /// `<catalogID>.json`), sorted; the default language is not among them.
    ///
    /// - Throws: ``IssuerError`` `.unknownAchievement` when the catalog has no `catalogID`.
    public func translationLanguages(of catalogID: String) throws -> [String] {
        _ = try achievement(catalogID)  // checks the id, and that the default version exists
        let names = (try? FileManager.default.contentsOfDirectory(atPath: achievementsDirectory.path)) ?? []
        return names.filter { name in
            LanguageTag.isWellFormed(name)
                && FileManager.default.fileExists(atPath: translationURL(catalogID, language: name).path)
        }.sorted()
    }

    /// The translation of `catalogID` into `language` (the folder's name, exactly), or nil when
    /// there is none. A file that does not say its language is read as being in its folder's.
    ///
    /// - Throws: ``IssuerError`` `.unknownAchievement` when the catalog has no `catalogID`;
    ///   `.invalidWorkspace` when the file is not an achievement, says another language than its
    ///   folder's, or has the same `id` as the default version.
    public func translation(of catalogID: String, into language: String) throws -> Achievement? {
        try translation(of: catalogID, into: language, original: try achievement(catalogID))
    }

    /// Every translation of `catalogID`, in the order of ``translationLanguages(of:)``.
    ///
    /// - Throws: as ``translation(of:into:)``.
    public func translations(of catalogID: String) throws -> [Achievement] {
        let original = try achievement(catalogID)
        return try translationLanguages(of: catalogID).compactMap { language in
            try translation(of: catalogID, into: language, original: original)
        }
    }

    /// `catalogID` in every language the workspace has it in, ready to pick the learner's.
    ///
    /// - Throws: as ``translation(of:into:)``.
    public func achievementLanguages(_ catalogID: String) throws -> AchievementLanguages {
        AchievementLanguages(catalogID: catalogID, original: try achievement(catalogID),
                             translations: try translations(of: catalogID))
    }

    /// Writes a translation of `catalogID` to `achievements/<its inLanguage>/<catalogID>.json`,
    /// replacing an earlier one in that language.
    ///
    /// - Parameters:
    ///   - translation: the full achievement in its language: `inLanguage` set, and an `id` of its
    ///     own (the English `https://example.edu/badges/oer` translated as `…/oer/es`, say).
    ///   - catalogID: the catalog id of the default-language version, which must exist.
    /// - Throws: ``IssuerError`` `.unknownAchievement` when the catalog has no `catalogID`;
    ///   `.invalidRequest` when the translation names no language, uses the default version's
    ///   `id` or does not match the achievement schema.
    public func saveTranslation(_ translation: Achievement, catalogID: String) throws {
        let original = try achievement(catalogID)
        guard let language = translation.inLanguage, LanguageTag.isWellFormed(language) else {
            throw IssuerError(.invalidRequest,
                "a translation of \(catalogID) must say its language in inLanguage (es, pt-BR …); it says \(translation.inLanguage.map { "\"\($0)\"" } ?? "none")")
        }
        guard translation.id != original.id else {
            throw IssuerError(.invalidRequest,
                "the \(LanguageTag.describe(language)) translation of \(catalogID) has the same id as the original (\(original.id)); each language version needs an id of its own, e.g. \(original.id)/\(language)")
        }
        let json = try JSONValueEncoder().encode(translation)
        let violations = try LaurelSchema.achievement.validator.validate(json)
        guard violations.isEmpty else {
            throw IssuerError(.invalidRequest,
                "the \(LanguageTag.describe(language)) translation of \(catalogID) does not match the achievement schema: \(violations.prefix(3).map(\.description).joined(separator: "; "))")
        }
        let url = translationURL(catalogID, language: language)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw IssuerError(.fileSystem, "cannot create \(url.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        try AtomicFile.write(json.serializedBytes(pretty: true) + [0x0a], to: url, overwrite: true)
    }

    /// Writes the translations the catalog `entries` carry (a new workspace's seed).
    func saveTranslations(of entries: [AchievementCatalog.Entry]) throws {
        for entry in entries {
            for translation in entry.translations {
                try saveTranslation(translation, catalogID: entry.catalogID)
            }
        }
    }

    // MARK: Files

    /// `achievements/<language>/<catalogID>.json`.
    func translationURL(_ catalogID: String, language: String) -> URL {
        achievementsDirectory.appendingPathComponent(language).appendingPathComponent(catalogID + ".json")
    }

    private func translation(of catalogID: String, into language: String, original: Achievement) throws -> Achievement? {
        guard LanguageTag.isWellFormed(language) else { return nil }
        let url = translationURL(catalogID, language: language)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        var translation: Achievement
        do {
            translation = try JSONValueDecoder().decode(Achievement.self, from: try JSONParser.parse(try Self.readFile(url, limit: 4 << 20)))
        } catch {
            throw IssuerError(.invalidWorkspace, "\(url.path): \(error)")
        }
        if let stated = translation.inLanguage, stated.lowercased() != language.lowercased() {
            throw IssuerError(.invalidWorkspace,
                "\(url.path) says it is in \(LanguageTag.describe(stated)) (inLanguage) but is in the folder for \(LanguageTag.describe(language)); move it to achievements/\(stated)/ or correct its inLanguage")
        }
        guard translation.id != original.id else {
            throw IssuerError(.invalidWorkspace,
                "\(url.path) has the same id as achievements/\(catalogID).json (\(original.id)); each language version needs an id of its own, e.g. \(original.id)/\(language)")
        }
        translation.inLanguage = language
        return translation
    }
}
