import Foundation

/// An Open Badges 3.0 `OpenBadgeCredential` on the W3C VC Data Model 2.0, without its proof.
///
/// Reading also accepts VCDM 1.1-era OB 3.0 credentials: `issuanceDate` and
/// `expirationDate` are read into ``validFrom`` and ``validUntil`` when those are absent.
/// Members Laurel does not model are kept in the JSON the credential was read from; the
/// verifier always checks proofs over that JSON, never over this re-encoded value.
public struct OpenBadgeCredential: Codable, Sendable, Hashable {
    public var context: [String]
    public var id: String
    public var type: OneOrMany<String>
    public var issuer: Profile
    public var validFrom: Date?
    public var validUntil: Date?
    public var awardedDate: Date?
    public var name: LocalizedText
    public var description: LocalizedText?
    public var image: Image?
    public var credentialSubject: AchievementSubject
    public var evidence: [Evidence]?
    public var credentialStatus: OneOrMany<JSONValue>?
    public var credentialSchema: [CredentialSchema]?

    /// The contexts of an OB 3.0 credential on VCDM 2.0, in order.
    public static let contexts = [
        JSONLDContexts.credentialsV2,
        JSONLDContexts.openBadgesV3p0_3,
    ]

    public init(id: String, issuer: Profile, validFrom: Date, validUntil: Date? = nil, name: LocalizedText,
                description: LocalizedText? = nil, image: Image? = nil, credentialSubject: AchievementSubject,
                evidence: [Evidence]? = nil, credentialStatus: [JSONValue]? = nil,
                credentialSchema: [CredentialSchema]? = [.openBadges3]) {
        // The 1EdTech schema validator type is defined by the OB extensions context.
        let needsExtensions = credentialSchema?.contains { $0.type == CredentialSchema.openBadges3.type } ?? false
        context = Self.contexts + (needsExtensions ? [JSONLDContexts.openBadgesExtensions] : [])
        self.id = id
        type = ["VerifiableCredential", "OpenBadgeCredential"]
        self.issuer = issuer
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.name = name
        self.description = description
        self.image = image
        self.credentialSubject = credentialSubject
        self.evidence = evidence
        self.credentialStatus = credentialStatus.map { OneOrMany($0) }
        self.credentialSchema = credentialSchema
    }

    enum CodingKeys: String, CodingKey {
        case context = "@context", id, type, issuer, validFrom, validUntil, awardedDate, name, description, image
        case credentialSubject, evidence, credentialStatus, credentialSchema
        case issuanceDate, expirationDate
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        context = try c.decode(OneOrMany<String>.self, forKey: .context).values
        id = try c.decode(String.self, forKey: .id)
        type = try c.decode(OneOrMany<String>.self, forKey: .type)
        issuer = try c.decode(Profile.self, forKey: .issuer)
        validFrom = try c.decodeIfPresent(Date.self, forKey: .validFrom)
            ?? c.decodeIfPresent(Date.self, forKey: .issuanceDate)
        validUntil = try c.decodeIfPresent(Date.self, forKey: .validUntil)
            ?? c.decodeIfPresent(Date.self, forKey: .expirationDate)
        awardedDate = try c.decodeIfPresent(Date.self, forKey: .awardedDate)
        name = try c.decodeIfPresent(LocalizedText.self, forKey: .name) ?? ""
        description = try c.decodeIfPresent(LocalizedText.self, forKey: .description)
        image = try c.decodeIfPresent(Image.self, forKey: .image)
        credentialSubject = try c.decode(OneOrMany<AchievementSubject>.self, forKey: .credentialSubject).values.first
            ?? { throw DecodingError.dataCorruptedError(forKey: .credentialSubject, in: c, debugDescription: "credentialSubject is an empty array") }()
        evidence = try c.decodeIfPresent(OneOrMany<Evidence>.self, forKey: .evidence)?.values
        credentialStatus = try c.decodeIfPresent(OneOrMany<JSONValue>.self, forKey: .credentialStatus)
        credentialSchema = try c.decodeIfPresent(OneOrMany<CredentialSchema>.self, forKey: .credentialSchema)?.values
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(context, forKey: .context)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(issuer, forKey: .issuer)
        try c.encodeIfPresent(validFrom, forKey: .validFrom)
        try c.encodeIfPresent(validUntil, forKey: .validUntil)
        try c.encodeIfPresent(awardedDate, forKey: .awardedDate)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(description, forKey: .description)
        try c.encodeIfPresent(image, forKey: .image)
        try c.encode(credentialSubject, forKey: .credentialSubject)
        try c.encodeIfPresent(evidence, forKey: .evidence)
        try c.encodeIfPresent(credentialStatus?.values, forKey: .credentialStatus)
        try c.encodeIfPresent(credentialSchema, forKey: .credentialSchema)
    }

    /// The credential as JSON, members in the order OB 3.0 examples use.
    public func json() throws -> JSONValue {
        try JSONValueEncoder().encode(self)
    }

    /// Reads the modelled members of a credential's JSON.
    public init(json: JSONValue) throws {
        self = try JSONValueDecoder().decode(OpenBadgeCredential.self, from: json)
    }
}

/// A `credentialSchema` entry: a JSON Schema the credential claims to conform to.
public struct CredentialSchema: Codable, Sendable, Hashable {
    public var id: String
    public var type: String

    public init(id: String, type: String = "1EdTechJsonSchemaValidator2019") {
        self.id = id
        self.type = type
    }

    /// The 1EdTech JSON Schema for OB 3.0 achievement credentials.
    public static let openBadges3 = CredentialSchema(
        id: "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json")
}

/// The JSON-LD context URLs Laurel writes and recognises.
public enum JSONLDContexts {
    public static let credentialsV2 = "https://www.w3.org/ns/credentials/v2"
    public static let credentialsV1 = "https://www.w3.org/2018/credentials/v1"
    public static let openBadgesV3p0_3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    /// Every published OB 3.0 context version.
    public static let openBadgesV3 = [
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    /// Defines `1EdTechJsonSchemaValidator2019`, `1EdTechRevocationList` and `1EdTechCredentialRefresh`.
    public static let openBadgesExtensions = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
    public static let bitstringStatusList = "https://www.w3.org/ns/credentials/status/v1"
    public static let dataIntegrityV2 = "https://w3id.org/security/data-integrity/v2"
}
