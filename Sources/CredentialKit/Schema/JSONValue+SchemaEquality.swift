extension JSONValue {
    /// Equality as JSON Schema defines it for `enum`, `const` and `uniqueItems`: numbers by
    /// value, strings by Unicode code points (not by canonical equivalence, as Swift's `==`
    /// compares them), arrays item by item, objects member by member regardless of order.
    func isSchemaEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.string(let left), .string(let right)):
            return left.unicodeScalars.elementsEqual(right.unicodeScalars)
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.isSchemaEqual(to: $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count && left.allSatisfy { key, value in
                right[key].map { value.isSchemaEqual(to: $0) } ?? false
            }
        default:
            return self == other
        }
    }
}
