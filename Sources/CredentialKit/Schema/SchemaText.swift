/// Plain-words pieces for ``SchemaViolation`` messages.
enum SchemaText {
    /// True when `value` is of the JSON Schema type `type` (`integer` includes `1.0`).
    static func isOfType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string),
             ("array", .array), ("object", .object):
            true
        case ("integer", .number(let number)):
            isInteger(number)
        default:
            false
        }
    }

    /// True for a finite double with no fractional part, checked on its bits.
    static func isInteger(_ number: Double) -> Bool {
        number.isFinite && (number == 0 || Int(number.exponent) >= number.significandWidth)
    }

    /// The kind of `value` with an article: `a string`, `an object`, `null`.
    static func kind(of value: JSONValue) -> String {
        value.kindName
    }

    /// A type name with its article: `an integer`, `a string`, `null`.
    static func withArticle(_ type: String) -> String {
        switch type {
        case "null": "null"
        case "array", "object", "integer": "an " + type
        default: "a " + type
        }
    }

    /// `a`, `a or b`, `a, b or c`.
    static func list(_ items: [String], joiner: String = "or") -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "nothing" }
        return items.dropLast().joined(separator: ", ") + " \(joiner) " + last
    }

    /// A number as people write it: `3`, not `3.0`.
    static func number(_ value: Double) -> String {
        isInteger(value) && value.magnitude < 1e15 ? String(Int64(value)) : String(value)
    }

    /// `1 character`, `3 items`.
    static func count(_ value: Double, _ noun: String) -> String {
        "\(number(value)) \(noun)\(value == 1 ? "" : "s")"
    }

    /// A short rendering of a value for messages: its JSON text, cut at 60 characters.
    static func brief(_ value: JSONValue) -> String {
        let text = value.serialized()
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
