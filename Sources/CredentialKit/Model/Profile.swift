/// An OB 3.0 `Profile`: who issues a credential.
public struct Profile: Codable, Sendable, Hashable {
    public var id: String
    public var type: OneOrMany<String> = ["Profile"]
    public var name: LocalizedText
    public var url: String?
    public var email: String?
    public var description: LocalizedText?
    public var image: Image?
    /// `EndorsementCredential`s of this issuer by others, each kept exactly as it was given.
    public var endorsement: [JSONValue]?
    /// Endorsements as compact VC-JWTs.
    public var endorsementJwt: [String]?

    public init(id: String, name: LocalizedText, url: String? = nil, email: String? = nil,
                description: LocalizedText? = nil, image: Image? = nil) {
        self.id = id
        self.name = name
        self.url = url
        self.email = email
        self.description = description
        self.image = image
    }

    /// Reads `issuer` as VCDM allows it: a profile object or just its id.
    public init(from decoder: any Decoder) throws {
        if let id = try? decoder.singleValueContainer().decode(String.self) {
            self.init(id: id, name: "")
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id),
                  name: try container.decodeIfPresent(LocalizedText.self, forKey: .name) ?? "",
                  url: try container.decodeIfPresent(String.self, forKey: .url),
                  email: try container.decodeIfPresent(String.self, forKey: .email),
                  description: try container.decodeIfPresent(LocalizedText.self, forKey: .description),
                  image: try container.decodeIfPresent(Image.self, forKey: .image))
        type = try container.decodeIfPresent(OneOrMany<String>.self, forKey: .type) ?? ["Profile"]
        endorsement = try container.decodeIfPresent([JSONValue].self, forKey: .endorsement)
        endorsementJwt = try container.decodeIfPresent([String].self, forKey: .endorsementJwt)
    }

    enum CodingKeys: String, CodingKey {
        case id, type, name, url, email, description, image, endorsement, endorsementJwt
    }
}

/// An OB 3.0 `Image`: a URL or data URI, with an optional caption.
public struct Image: Codable, Sendable, Hashable {
    public var id: String
    public var type: String = "Image"
    public var caption: LocalizedText?

    public init(id: String, caption: LocalizedText? = nil) {
        self.id = id
        self.caption = caption
    }
}
