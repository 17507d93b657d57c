/// A coding key built at run time: an object member name or an array index.
struct JSONCodingKey: CodingKey, Sendable {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }

    /// The key of the `super` encoder or decoder that Codable asks for by default.
    static let `super` = JSONCodingKey(stringValue: "super")
}

/// Coding paths written for people, such as `credentialSubject.achievement[0].name`.
enum JSONCodingPath {
    /// The path as dotted member names with bracketed array indices, or "the top-level value" when empty.
    static func describe(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue, key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text.isEmpty ? "the top-level value" : text
    }
}
