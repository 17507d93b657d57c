import CredentialKit

/// The achievements a new workspace starts with: the Creative Commons Certificate courses
/// (CORE, Librarians, Educators, Government, Open Culture) and one example partner
/// microcredential, in English (the catalog's default language) and Spanish.
///
/// The learning outcomes are the ones the CC Certificate program publishes for CORE and
/// for librarians; the Educator, Government and Open Culture certificates are CORE plus
/// learning specific to each profession. Assessment is performance-based, so each
/// achievement describes a result (the final project) a credential can carry.
///
/// Each language version is an achievement of its own, with its own `id`
/// (``versionID(_:language:)``) and `inLanguage`; the Spanish text is in
/// `AchievementCatalog+Spanish.swift`.
///
/// Each achievement has a badge (``Entry/badge``, drawn in `badges/<catalogID>.svg`): every
/// language version's `image` is the SVG as a `data:` URI, captioned in that version's language.
public enum AchievementCatalog {
    /// An achievement with the catalog id (`--achievement ID`) it is stored under.
    public struct Entry: Sendable {
        public var catalogID: String
        /// The version in the catalog's default language, English.
        public var achievement: Achievement
        /// The same achievement in other languages, each with its own `id` and `inLanguage`
        /// (stored as `achievements/<language>/<catalogID>.json`).
        public var translations: [Achievement] = []

        /// Its badge: the image every language version names (as an SVG `data:` URI), and the
        /// files a new workspace writes into `badges/`.
        public var badge: BadgeImage? { AchievementCatalog.badge(for: catalogID) }
    }

    static let programURL = "https://certificate.creativecommons.org"
    static let programCreator = Profile(id: "https://creativecommons.org", name: "Creative Commons",
                                        url: "https://creativecommons.org")

    /// The `id` of an achievement's version in `language`: the default-language (English) `id`
    /// itself, else that `id` with the language as one more path segment —
    /// `https://certificate.creativecommons.org/achievements/cc-core/es`.
    ///
    /// OB 3.0 treats each language version as an achievement of its own, linked to the others by
    /// `related` entries that name it by `id`, so every version needs a distinct `id`. A path
    /// segment gives one that is a plain URL of its own, where the version's page can be
    /// published. A query (`?lang=es`) conventionally asks for another representation of the
    /// same resource, which is what the versions are not: in RDF, two versions sharing one
    /// resource would merge their names and descriptions. A fragment (`#es`) would name a part
    /// of the English document. The ids the version names inside itself (criteria, result
    /// descriptions, outcome anchors) hang off its own `id` for the same reason.
    public static func versionID(_ defaultID: String, language: String) -> String {
        language == english.language ? defaultID : "\(defaultID)/\(language)"
    }

    /// Every seed achievement, in catalog order.
    public static let seed: [Entry] = [
        certificate(slug: "cc-core", [(english, englishCore), (spanish, spanishCore)]),
        certificate(slug: "cc-librarians", [(english, englishLibrarians), (spanish, spanishLibrarians)]),
        certificate(slug: "cc-educators", [(english, englishEducators), (spanish, spanishEducators)]),
        certificate(slug: "cc-government", [(english, englishGovernment), (spanish, spanishGovernment)]),
        certificate(slug: "cc-open-culture", [(english, englishOpenCulture), (spanish, spanishOpenCulture)]),
        partnerMicrocredential,
    ]

    // MARK: Building the achievements

    /// The words every certificate of the catalog is built from, in one language.
    struct Wording: Sendable {
        /// A BCP 47 tag, the achievements' `inLanguage`.
        var language: String
        /// How a certificate is earned: the first paragraph of its criteria.
        var assessment: String
        /// The line before the numbered learning outcomes.
        var outcomesHeading: String
        /// The sentence saying a profession's certificate is CORE plus that profession's part.
        var bothParts: @Sendable (_ audience: String) -> String
        /// The name of the framework the outcomes are aligned to.
        var framework: String
        var finalProject: String
        var courseGrade: String
        var tags: [String]
        /// The caption of a certificate's badge image, from the certificate's title.
        var certificateBadge: @Sendable (_ title: String) -> String
        /// The caption of a microcredential's badge image, from its name.
        var microcredentialBadge: @Sendable (_ name: String) -> String
    }

    /// One certificate's own text, in one language.
    struct CertificateText: Sendable {
        var title: String
        var description: String
        var outcomes: [String]
        /// Whom the specialised part is for, as `Wording.bothParts` words it; nil for CORE.
        var audience: String?
    }

    /// A certificate in several languages, the first the default.
    static func certificate(slug: String, _ versions: [(wording: Wording, text: CertificateText)]) -> Entry {
        let built = versions.map { certificate(slug: slug, text: $0.text, wording: $0.wording) }
        return Entry(catalogID: slug, achievement: built[0], translations: Array(built.dropFirst()))
    }

    static func certificate(slug: String, text: CertificateText, wording: Wording) -> Achievement {
        let url = versionID("\(programURL)/achievements/\(slug)", language: wording.language)
        var narrative = "\(wording.assessment)\n\n\(wording.outcomesHeading)\n"
        for (number, outcome) in text.outcomes.enumerated() {
            narrative += "\(number + 1). \(outcome)\n"
        }
        if let audience = text.audience {
            narrative += "\n" + wording.bothParts(audience)
        }
        let alignments = text.outcomes.enumerated().map { number, outcome in
            Alignment(targetName: outcome, targetUrl: "\(url)#outcome-\(number + 1)",
                      targetFramework: wording.framework,
                      targetCode: "\(slug)-\(number + 1)", targetType: "ceasn:Competency")
        }
        return Achievement(
            id: url, achievementType: "Certificate", name: LocalizedText(text.title),
            description: LocalizedText(text.description),
            criteria: Criteria(id: url, narrative: narrative),
            image: badgeImage(slug, caption: wording.certificateBadge(text.title)),
            creator: programCreator, alignment: alignments,
            resultDescription: finalProjectResult(url, wording: wording),
            tag: wording.tags,
            inLanguage: wording.language)
    }

    static func finalProjectResult(_ url: String, wording: Wording) -> [ResultDescription] {
        // The values are what rosters write in their result column, so they stay the same in every language.
        [ResultDescription(id: "\(url)#final-project", name: wording.finalProject, resultType: "Status",
                           allowedValue: ["Completed"], requiredValue: "Completed"),
         ResultDescription(id: "\(url)#grade", name: wording.courseGrade, resultType: "Percent")]
    }

    // MARK: The partner microcredential

    /// The partner microcredential's own text, in one language.
    struct PartnerText: Sendable {
        var name: String
        var description: String
        var criteria: String
        /// The CORE outcome the course aligns to (CORE's fourth).
        var alignedOutcome: String
        var tags: [String]
    }

    static let partnerCatalogID = "intro-to-oer"

    /// The seed partner microcredential, in English and Spanish; the university is a placeholder.
    static let partnerMicrocredential = Entry(
        catalogID: partnerCatalogID,
        achievement: partner(englishPartner, wording: english),
        translations: [partner(spanishPartner, wording: spanish)])

    static func partner(_ text: PartnerText, wording: Wording) -> Achievement {
        let university = Profile(id: "https://example.edu", name: "Example State University", url: "https://example.edu")
        let url = versionID("https://example.edu/microcredentials/intro-to-oer", language: wording.language)
        let core = versionID("\(programURL)/achievements/cc-core", language: wording.language)
        return Achievement(
            id: url, achievementType: "MicroCredential",
            name: LocalizedText(text.name), description: LocalizedText(text.description),
            criteria: Criteria(id: url, narrative: text.criteria),
            image: badgeImage(partnerCatalogID, caption: wording.microcredentialBadge(text.name)),
            creator: university,
            alignment: [Alignment(targetName: text.alignedOutcome, targetUrl: "\(core)#outcome-4",
                                  targetFramework: wording.framework,
                                  targetCode: "cc-core-4", targetType: "ceasn:Competency")],
            resultDescription: finalProjectResult(url, wording: wording),
            tag: text.tags,
            inLanguage: wording.language)
    }

    // MARK: English

    static let english = Wording(
        language: "en",
        assessment: "Complete the course's modules and pass its performance-based assessment: practical assignments applying Creative Commons licenses and a final project, graded by the course facilitators.",
        outcomesHeading: "Learning outcomes — the learner is able to:",
        bothParts: { audience in
            "This certificate covers the CORE material together with learning specific to \(audience); earning it means completing both parts."
        },
        framework: "Creative Commons Certificate learning outcomes",
        finalProject: "Final project",
        courseGrade: "Course grade",
        tags: ["Creative Commons", "open licensing", "copyright", "public domain"],
        certificateBadge: { title in "Badge of the \(title)" },
        microcredentialBadge: { name in "Badge of the microcredential \u{201C}\(name)\u{201D}" })

    static let coreOutcomes = [
        "Explain the relationship of Creative Commons to the public domain, copyright and the commons.",
        "State the benefits of Creative Commons licenses.",
        "Effectively use Creative Commons to make resources open and shareable.",
        "Find and use CC-licensed resources.",
        "Advise on the strategic use of Creative Commons.",
        "Provide CC-related training and support services.",
        "Plan and advocate for institutional systematic changes towards openness.",
    ]

    static let englishCore = CertificateText(
        title: "Creative Commons Certificate: CORE",
        description: "Awarded for completing the Creative Commons Certificate CORE course: the full body of knowledge about Creative Commons licenses, copyright, the public domain and the commons, assessed through practical assignments and a final project.",
        outcomes: coreOutcomes,
        audience: nil)

    static let englishLibrarians = CertificateText(
        title: "Creative Commons Certificate for Librarians",
        description: "Awarded for completing the CC Certificate for Librarians: the CORE body of knowledge plus library work on Open Access, open data, open educational resources, open science and the public domain.",
        outcomes: [
            "Explain the benefits of Creative Commons licenses.",
            "Raise awareness of knowledge sharing and distribution opportunities associated with openness.",
            "Support the curation and creation of open resources.",
            "Provide CC-related training and support services.",
            "Help plan institutional systematic changes towards openness.",
        ],
        audience: "librarians")

    static let englishEducators = CertificateText(
        title: "Creative Commons Certificate for Educators",
        description: "Awarded for completing the CC Certificate for Educators: the CORE body of knowledge plus the use, creation and adaptation of open educational resources and open pedagogy in teaching.",
        outcomes: coreOutcomes + [
            "Find, adapt and create open educational resources for teaching and learning.",
            "Apply open licensing to course materials and support colleagues and students in doing so.",
        ],
        audience: "educators")

    static let englishGovernment = CertificateText(
        title: "Creative Commons Certificate for Government",
        description: "Awarded for completing the CC Certificate for Government: the CORE body of knowledge plus open licensing of publicly funded works, data and policy in government.",
        outcomes: coreOutcomes + [
            "Advise on open licensing policies for publicly funded resources and public sector information.",
            "Apply Creative Commons tools to government works and open data.",
        ],
        audience: "government staff")

    static let englishOpenCulture = CertificateText(
        title: "Creative Commons Certificate for Open Culture",
        description: "Awarded for completing the CC Certificate for Open Culture: the CORE body of knowledge plus open access to cultural heritage in galleries, libraries, archives and museums (GLAM).",
        outcomes: coreOutcomes + [
            "Explain how open access policies and the public domain apply to cultural heritage collections.",
            "Plan the open sharing of a GLAM institution's collections with Creative Commons tools.",
        ],
        audience: "galleries, libraries, archives and museums")

    static let englishPartner = PartnerText(
        name: "Introduction to Open Educational Resources",
        description: "A 9-week, asynchronous, non-credit professional education course (about five hours a week), offered with a university partner, remixing Creative Commons Certificate lessons on open licensing, copyright, open education, fair use and the public domain.",
        criteria: """
            Complete all nine weekly modules and the course assignments:
            1. Explain open licensing and how Creative Commons licenses work.
            2. Distinguish copyright, fair use and the public domain when reusing material.
            3. Find, evaluate and adapt open educational resources.
            4. Publish an openly licensed learning resource of your own as the final assignment.
            """,
        alignedOutcome: coreOutcomes[3],
        tags: ["open educational resources", "microcredential"])
}
