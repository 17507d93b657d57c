/// An OB 3.0 `AchievementSubject`: the learner and what they achieved.
///
/// The learner is named by an `id` (a DID or URL) and/or an `identifier` — typically a
/// salted hash of their e-mail address, so the credential does not reveal it.
public struct AchievementSubject: Codable, Sendable, Hashable {
    public var id: String?
    public var type: OneOrMany<String> = ["AchievementSubject"]
    public var identifier: [IdentityObject]?
    public var achievement: Achievement
    public var result: [AchievementResult]?
    public var activityStartDate: String?
    public var activityEndDate: String?
    public var creditsEarned: Double?
    public var narrative: String?

    public init(id: String? = nil, identifier: [IdentityObject]? = nil, achievement: Achievement,
                result: [AchievementResult]? = nil, narrative: String? = nil) {
        self.id = id
        self.identifier = identifier
        self.achievement = achievement
        self.result = result
        self.narrative = narrative
    }
}

/// A way to identify the learner: a plain or hashed value of a stated kind (e-mail, student id…).
public struct IdentityObject: Codable, Sendable, Hashable {
    public var type: String = "IdentityObject"
    public var hashed: Bool
    public var identityHash: String
    /// e.g. `emailAddress`, `studentId`, `name`.
    public var identityType: String
    public var salt: String?

    public init(hashed: Bool, identityHash: String, identityType: String, salt: String?) {
        self.hashed = hashed
        self.identityHash = identityHash
        self.identityType = identityType
        self.salt = salt
    }

    /// The OB hashed e-mail identifier: `sha256$` + hex(SHA-256(normalised e-mail ‖ salt)).
    ///
    /// - Parameters:
    ///   - email: the learner's address; normalised with ``normalizedEmail(_:)``.
    ///   - salt: a random salt, so the hash cannot be reversed by guessing addresses.
    public static func hashedEmail(_ email: String, salt: String) -> IdentityObject {
        let digest = Digest.sha256.hash(normalizedEmail(email) + salt)
        return IdentityObject(hashed: true, identityHash: "sha256$" + Hex.encode(digest),
                              identityType: "emailAddress", salt: salt)
    }

    /// An e-mail address as Laurel compares them: trimmed and lower-cased.
    public static func normalizedEmail(_ email: String) -> String {
        email.trimmingWhitespace().lowercased()
    }

    /// Whether this identifier names `email` (a hashed or plain e-mail identifier).
    public func matches(email: String) -> Bool {
        guard identityType == "emailAddress" else { return false }
        if !hashed { return Self.normalizedEmail(identityHash) == Self.normalizedEmail(email) }
        return Self.hashedEmail(email, salt: salt ?? "").identityHash.lowercased() == identityHash.lowercased()
    }
}

/// OB 3.0 `Result`: a result the learner obtained, described by one of the achievement's ``ResultDescription``s.
public struct AchievementResult: Codable, Sendable, Hashable {
    public var type: OneOrMany<String> = ["Result"]
    /// The `id` of the ``ResultDescription`` this result is for.
    public var resultDescription: String?
    public var value: String?
    /// e.g. `Completed`, `Enrolled`.
    public var status: String?

    public init(resultDescription: String? = nil, value: String? = nil, status: String? = nil) {
        self.resultDescription = resultDescription
        self.value = value
        self.status = status
    }
}

/// Evidence of the learner's work: a URL and/or a narrative.
public struct Evidence: Codable, Sendable, Hashable {
    public var id: String?
    public var type: OneOrMany<String> = ["Evidence"]
    public var narrative: String?
    public var name: String?
    public var description: String?
    public var genre: String?

    public init(id: String? = nil, narrative: String? = nil, name: String? = nil, description: String? = nil,
                genre: String? = nil) {
        self.id = id
        self.narrative = narrative
        self.name = name
        self.description = description
        self.genre = genre
    }
}
