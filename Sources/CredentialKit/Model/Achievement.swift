/// An OB 3.0 `Achievement`: what the learner earned, with the criteria for earning it.
public struct Achievement: Codable, Sendable, Hashable {
    public var id: String
    public var type: OneOrMany<String> = ["Achievement"]
    /// A vocabulary term such as `Certificate`, `Course` or `MicroCredential`, or an `ext:` extension.
    public var achievementType: String?
    public var name: LocalizedText
    public var description: LocalizedText
    public var criteria: Criteria
    public var image: Image?
    public var creator: Profile?
    public var alignment: [Alignment]?
    public var resultDescription: [ResultDescription]?
    public var tag: [String]?
    /// Other achievements that are the same achievement in another language or version.
    public var related: [Related]?
    /// The language of `name`, `description` and `criteria`, as a BCP 47 tag.
    public var inLanguage: String?
    public var humanCode: String?
    public var fieldOfStudy: String?
    public var specialization: String?
    public var version: String?
    /// `EndorsementCredential`s of this achievement by others (a program endorsing a partner's
    /// microcredential), each a signed credential kept exactly as it was given.
    public var endorsement: [JSONValue]?
    /// Endorsements as compact VC-JWTs.
    public var endorsementJwt: [String]?

    public init(id: String, achievementType: String? = nil, name: LocalizedText, description: LocalizedText,
                criteria: Criteria, image: Image? = nil, creator: Profile? = nil, alignment: [Alignment]? = nil,
                resultDescription: [ResultDescription]? = nil, tag: [String]? = nil, inLanguage: String? = nil,
                humanCode: String? = nil, fieldOfStudy: String? = nil, specialization: String? = nil,
                version: String? = nil, related: [Related]? = nil) {
        self.id = id
        self.achievementType = achievementType
        self.name = name
        self.description = description
        self.criteria = criteria
        self.image = image
        self.creator = creator
        self.alignment = alignment
        self.resultDescription = resultDescription
        self.tag = tag
        self.related = related
        self.inLanguage = inLanguage
        self.humanCode = humanCode
        self.fieldOfStudy = fieldOfStudy
        self.specialization = specialization
        self.version = version
    }
}

/// OB 3.0 `Related`: another achievement that is this one in another language (`inLanguage`)
/// or another version (`version`), named by its `id`.
public struct Related: Codable, Sendable, Hashable {
    public var id: String
    public var type: OneOrMany<String> = ["Related"]
    /// The language of the related achievement, as a BCP 47 tag.
    public var inLanguage: String?
    /// The version of the related achievement.
    public var version: String?

    public init(id: String, inLanguage: String? = nil, version: String? = nil) {
        self.id = id
        self.inLanguage = inLanguage
        self.version = version
    }
}

/// How the achievement is earned: a narrative (Markdown allowed) and/or a URL.
public struct Criteria: Codable, Sendable, Hashable {
    public var id: String?
    public var narrative: String?

    public init(id: String? = nil, narrative: String? = nil) {
        self.id = id
        self.narrative = narrative
    }
}

/// A link from the achievement to a framework, competency or standard it aligns with.
public struct Alignment: Codable, Sendable, Hashable {
    public var type: OneOrMany<String> = ["Alignment"]
    public var targetName: String
    public var targetUrl: String
    public var targetDescription: String?
    public var targetFramework: String?
    public var targetCode: String?
    /// e.g. `ceasn:Competency`, `CFItem`, `ext:LearningOutcome`.
    public var targetType: String?

    public init(targetName: String, targetUrl: String, targetDescription: String? = nil,
                targetFramework: String? = nil, targetCode: String? = nil, targetType: String? = nil) {
        self.targetName = targetName
        self.targetUrl = targetUrl
        self.targetDescription = targetDescription
        self.targetFramework = targetFramework
        self.targetCode = targetCode
        self.targetType = targetType
    }
}

/// What kind of result a learner can get for the achievement (a grade, a percentage, a pass).
public struct ResultDescription: Codable, Sendable, Hashable {
    public var id: String
    public var type: OneOrMany<String> = ["ResultDescription"]
    public var name: String
    /// e.g. `LetterGrade`, `Percent`, `Status`, `Result`.
    public var resultType: String
    public var allowedValue: [String]?
    public var requiredValue: String?

    public init(id: String, name: String, resultType: String, allowedValue: [String]? = nil, requiredValue: String? = nil) {
        self.id = id
        self.name = name
        self.resultType = resultType
        self.allowedValue = allowedValue
        self.requiredValue = requiredValue
    }
}
