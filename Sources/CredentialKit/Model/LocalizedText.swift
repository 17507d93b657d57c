/// Text in one or more languages, as VC Data Model 2.0 allows for `name` and `description`.
///
/// A single text without a language is written as a plain JSON string (what every OB 3.0
/// consumer reads); text in several languages is written as an array of language value
/// objects, `{"@value": "…", "@language": "fr"}`, with an optional `@direction` for
/// right-to-left scripts.
public struct LocalizedText: Codable, Sendable, Hashable, ExpressibleByStringLiteral {
    public struct Entry: Codable, Sendable, Hashable {
        public var value: String
        public var language: String?
        public var direction: String?

        public init(_ value: String, language: String? = nil, direction: String? = nil) {
            self.value = value
            self.language = language
            self.direction = direction
        }

        enum CodingKeys: String, CodingKey {
            case value = "@value", language = "@language", direction = "@direction"
        }
    }

    public var entries: [Entry]

    public init(_ text: String) { entries = [Entry(text)] }
    public init(entries: [Entry]) { self.entries = entries }
    public init(stringLiteral value: String) { self.init(value) }

    /// The text in `language` if present, else the first entry's text.
    public func text(preferring language: String? = nil) -> String {
        if let language, let match = entries.first(where: { $0.language?.lowercased() == language.lowercased() }) {
            return match.value
        }
        return entries.first?.value ?? ""
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let plain = try? container.decode(String.self) {
            entries = [Entry(plain)]
        } else if let many = try? container.decode([Entry].self) {
            entries = many
        } else {
            entries = [try container.decode(Entry.self)]
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if entries.count == 1, entries[0].language == nil, entries[0].direction == nil {
            try container.encode(entries[0].value)
        } else if entries.count == 1 {
            try container.encode(entries[0])
        } else {
            try container.encode(entries)
        }
    }
}
