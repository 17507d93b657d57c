import CredentialKit

/// One achievement in every language a catalog holds it in: the version in the catalog's
/// default language and its translations.
///
/// Each language version is a full OB 3.0 ``Achievement`` of its own, with its own `id` and its
/// own `inLanguage`: a credential carries the version in the learner's language, and OB 3.0
/// `related` entries (``Related``) that name the other versions, so whoever reads it can find
/// the same achievement in another language.
///
/// ```swift
/// let languages = AchievementLanguages(catalogID: "cc-core", original: english, translations: [spanish])
/// let chosen = languages.version(for: "es-MX")   // the Spanish version, related to the English one
/// ```
public struct AchievementLanguages: Sendable {
    /// The catalog id (`--achievement ID`) the versions are stored under.
    public var catalogID: String
    /// The version in the catalog's default language (`achievements/<catalogID>.json`).
    public var original: Achievement
    /// The other language versions, each with its `inLanguage` (one without is ignored), in the
    /// order given (a workspace gives them sorted by language).
    public var translations: [Achievement]

    /// The language a catalog's achievements are written in when they do not say: English.
    public static let catalogDefaultLanguage = "en"

    public init(catalogID: String, original: Achievement, translations: [Achievement] = []) {
        self.catalogID = catalogID
        self.original = original
        self.translations = translations
    }

    /// The language of ``original``: its `inLanguage`, else ``catalogDefaultLanguage``.
    public var defaultLanguage: String { original.inLanguage ?? Self.catalogDefaultLanguage }

    /// Every version with its language, the default first.
    public var versions: [(language: String, achievement: Achievement)] {
        [(defaultLanguage, original)] + translations.compactMap { translation in
            translation.inLanguage.map { ($0, translation) }
        }
    }

    /// Every language there is a version in, the default first.
    public var languages: [String] { versions.map(\.language) }

    /// The version for a reader of `locale`, chosen by ``LanguageTag/bestMatch(for:among:)``.
    public struct Version: Sendable {
        /// The achievement to put in the credential, with `related` entries naming the other versions.
        public var achievement: Achievement
        /// Its language.
        public var language: String
        /// Set when there is no version for the locale asked for and the default one is used.
        public var fallbackWarning: String?
    }

    /// The version to issue to a learner who reads `locale` (nil: the default language).
    ///
    /// Without a version in that language the default one is chosen, with a warning saying so.
    /// Whichever is chosen gains a ``Related`` entry for every other version (its `id`,
    /// `inLanguage` and `version`) it does not list already.
    public func version(for locale: String?) -> Version {
        let all = versions
        var index = 0
        var warning: String?
        if let locale {
            if let match = LanguageTag.bestMatch(for: locale, among: all.map(\.language)),
               let found = all.firstIndex(where: { $0.language == match }) {
                index = found
            } else {
                warning = Self.fallbackWarning(locale: locale, catalogID: catalogID, defaultLanguage: defaultLanguage)
            }
        }
        var achievement = all[index].achievement
        if all.count > 1 { achievement.inLanguage = all[index].language }
        var related = achievement.related ?? []
        for (position, other) in all.enumerated() where position != index && other.achievement.id != achievement.id {
            guard !related.contains(where: { $0.id == other.achievement.id }) else { continue }
            related.append(Related(id: other.achievement.id, inLanguage: other.language, version: other.achievement.version))
        }
        achievement.related = related.isEmpty ? nil : related
        return Version(achievement: achievement, language: all[index].language, fallbackWarning: warning)
    }

    /// Whether there is a version for a reader of `locale` (so issuing needs no fallback).
    public func serves(_ locale: String) -> Bool {
        LanguageTag.bestMatch(for: locale, among: languages) != nil
    }

    /// What staff are told when a learner's language has no version: "the catalog has no French
    /// (fr) version of cc-core yet: issued in English".
    public static func fallbackWarning(locale: String, catalogID: String, defaultLanguage: String) -> String {
        let issuedIn = LanguageTag.englishName(defaultLanguage) ?? defaultLanguage
        return "the catalog has no \(LanguageTag.describe(locale)) version of \(catalogID) yet: issued in \(issuedIn)"
    }
}
