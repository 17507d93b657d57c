/// A JSON-LD "one or many" value: read from a single value or an array, written as an array.
///
/// OB 3.0 and VCDM write `type`, `evidence` and similar members either way; Laurel
/// accepts both and writes the array form the OB 3.0 examples use.
public struct OneOrMany<Element: Codable & Sendable & Hashable>: Codable, Sendable, Hashable, ExpressibleByArrayLiteral {
    public var values: [Element]

    public init(_ values: [Element]) { self.values = values }
    public init(arrayLiteral elements: Element...) { values = elements }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let many = try? container.decode([Element].self) {
            values = many
        } else {
            values = [try container.decode(Element.self)]
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }

    public func contains(_ element: Element) -> Bool { values.contains(element) }
}
