import CredentialKit

/// The achievements a new workspace starts with: the Creative Commons Certificate courses
/// (CORE, Librarians, Educators, Government, Open Culture) and one example partner
/// microcredential.
///
/// The learning outcomes are the ones the CC Certificate program publishes for CORE and
/// for librarians; the Educator, Government and Open Culture certificates are CORE plus
/// learning specific to each profession. Assessment is performance-based, so each
/// achievement describes a result (the final project) a credential can carry.
public enum AchievementCatalog {
    /// An achievement with the catalog id (`--achievement ID`) it is stored under.
    public struct Entry: Sendable {
        public var catalogID: String
        public var achievement: Achievement
    }

    static let programURL = "https://certificate.creativecommons.org"
    static let programCreator = Profile(id: "https://creativecommons.org", name: "Creative Commons",
                                        url: "https://creativecommons.org")

    static let coreOutcomes = [
        "Explain the relationship of Creative Commons to the public domain, copyright and the commons.",
        "State the benefits of Creative Commons licenses.",
        "Effectively use Creative Commons to make resources open and shareable.",
        "Find and use CC-licensed resources.",
        "Advise on the strategic use of Creative Commons.",
        "Provide CC-related training and support services.",
        "Plan and advocate for institutional systematic changes towards openness.",
    ]

    /// Every seed achievement, in catalog order.
    public static let seed: [Entry] = [
        certificate(
            slug: "cc-core", title: "Creative Commons Certificate: CORE",
            description: "Awarded for completing the Creative Commons Certificate CORE course: the full body of knowledge about Creative Commons licenses, copyright, the public domain and the commons, assessed through practical assignments and a final project.",
            outcomes: coreOutcomes,
            audience: nil),
        certificate(
            slug: "cc-librarians", title: "Creative Commons Certificate for Librarians",
            description: "Awarded for completing the CC Certificate for Librarians: the CORE body of knowledge plus library work on Open Access, open data, open educational resources, open science and the public domain.",
            outcomes: [
                "Explain the benefits of Creative Commons licenses.",
                "Raise awareness of knowledge sharing and distribution opportunities associated with openness.",
                "Support the curation and creation of open resources.",
                "Provide CC-related training and support services.",
                "Help plan institutional systematic changes towards openness.",
            ],
            audience: "librarians"),
        certificate(
            slug: "cc-educators", title: "Creative Commons Certificate for Educators",
            description: "Awarded for completing the CC Certificate for Educators: the CORE body of knowledge plus the use, creation and adaptation of open educational resources and open pedagogy in teaching.",
            outcomes: coreOutcomes + [
                "Find, adapt and create open educational resources for teaching and learning.",
                "Apply open licensing to course materials and support colleagues and students in doing so.",
            ],
            audience: "educators"),
        certificate(
            slug: "cc-government", title: "Creative Commons Certificate for Government",
            description: "Awarded for completing the CC Certificate for Government: the CORE body of knowledge plus open licensing of publicly funded works, data and policy in government.",
            outcomes: coreOutcomes + [
                "Advise on open licensing policies for publicly funded resources and public sector information.",
                "Apply Creative Commons tools to government works and open data.",
            ],
            audience: "government staff"),
        certificate(
            slug: "cc-open-culture", title: "Creative Commons Certificate for Open Culture",
            description: "Awarded for completing the CC Certificate for Open Culture: the CORE body of knowledge plus open access to cultural heritage in galleries, libraries, archives and museums (GLAM).",
            outcomes: coreOutcomes + [
                "Explain how open access policies and the public domain apply to cultural heritage collections.",
                "Plan the open sharing of a GLAM institution's collections with Creative Commons tools.",
            ],
            audience: "galleries, libraries, archives and museums"),
        partnerMicrocredential,
    ]

    static func certificate(slug: String, title: String, description: String, outcomes: [String],
                            audience: String?) -> Entry {
        let url = "\(programURL)/achievements/\(slug)"
        var narrative = "Complete the course's modules and pass its performance-based assessment: practical assignments applying Creative Commons licenses and a final project, graded by the course facilitators.\n\nLearning outcomes — the learner is able to:\n"
        for (number, outcome) in outcomes.enumerated() {
            narrative += "\(number + 1). \(outcome)\n"
        }
        if let audience {
            narrative += "\nThis certificate covers the CORE material together with learning specific to \(audience); earning it means completing both parts."
        }
        let alignments = outcomes.enumerated().map { number, outcome in
            Alignment(targetName: outcome, targetUrl: "\(url)#outcome-\(number + 1)",
                      targetFramework: "Creative Commons Certificate learning outcomes",
                      targetCode: "\(slug)-\(number + 1)", targetType: "ceasn:Competency")
        }
        let achievement = Achievement(
            id: url, achievementType: "Certificate", name: LocalizedText(title),
            description: LocalizedText(description),
            criteria: Criteria(id: url, narrative: narrative),
            creator: programCreator, alignment: alignments,
            resultDescription: finalProjectResult(url),
            tag: ["Creative Commons", "open licensing", "copyright", "public domain"],
            inLanguage: "en")
        return Entry(catalogID: slug, achievement: achievement)
    }

    static func finalProjectResult(_ url: String) -> [ResultDescription] {
        [ResultDescription(id: "\(url)#final-project", name: "Final project", resultType: "Status",
                           allowedValue: ["Completed"], requiredValue: "Completed"),
         ResultDescription(id: "\(url)#grade", name: "Course grade", resultType: "Percent")]
    }

    /// The seed partner microcredential; the university is a placeholder.
    static let partnerMicrocredential: Entry = {
        let university = Profile(id: "https://example.edu", name: "Example State University", url: "https://example.edu")
        let url = "https://example.edu/microcredentials/intro-to-oer"
        let achievement = Achievement(
            id: url, achievementType: "MicroCredential",
            name: "Introduction to Open Educational Resources",
            description: "A 9-week, asynchronous, non-credit professional education course (about five hours a week), offered with a university partner, remixing Creative Commons Certificate lessons on open licensing, copyright, open education, fair use and the public domain.",
            criteria: Criteria(id: url, narrative: """
                Complete all nine weekly modules and the course assignments:
                1. Explain open licensing and how Creative Commons licenses work.
                2. Distinguish copyright, fair use and the public domain when reusing material.
                3. Find, evaluate and adapt open educational resources.
                4. Publish an openly licensed learning resource of your own as the final assignment.
                """),
            creator: university,
            alignment: [Alignment(targetName: "Find and use CC-licensed resources.",
                                  targetUrl: "\(programURL)/achievements/cc-core#outcome-4",
                                  targetFramework: "Creative Commons Certificate learning outcomes",
                                  targetCode: "cc-core-4", targetType: "ceasn:Competency")],
            resultDescription: finalProjectResult(url),
            tag: ["open educational resources", "microcredential"],
            inLanguage: "en")
        return Entry(catalogID: "intro-to-oer", achievement: achievement)
    }()
}
