extension SchemaEvaluator {
    /// `prefixItems`/`items` (2020-12) or `items`/`additionalItems` (2019-09), `contains`,
    /// `minItems`, `maxItems` and `uniqueItems`.
    mutating func applyArray(
        _ keywords: JSONObject, _ location: SchemaLocation, _ items: [JSONValue], _ path: String,
        into result: inout SchemaEvaluation
    ) {
        let (tuple, rest) = itemSchemas(keywords, location.draft)
        for (offset, schema) in tuple.enumerated() where offset < items.count {
            applyItem(schema, location, items, offset, path, into: &result)
        }
        if let rest {
            for offset in tuple.count..<max(tuple.count, items.count) {
                applyItem(rest, location, items, offset, path, into: &result)
            }
        }
        applyContains(keywords, location, items, path, into: &result)
        if let minimum = keywords["minItems"]?.doubleValue, Double(items.count) < minimum {
            result.fail(path, "minItems", "expected at least \(SchemaText.count(minimum, "item")), found \(items.count)")
        }
        if let maximum = keywords["maxItems"]?.doubleValue, Double(items.count) > maximum {
            result.fail(path, "maxItems", "expected at most \(SchemaText.count(maximum, "item")), found \(items.count)")
        }
        if keywords["uniqueItems"]?.boolValue == true, let (first, second) = Self.firstDuplicate(in: items) {
            result.fail(path, "uniqueItems", "items \(first) and \(second) are equal, but items must be unique")
        }
    }

    /// The positions of the first two equal items, hashing first and confirming by code points.
    static func firstDuplicate(in items: [JSONValue]) -> (Int, Int)? {
        var buckets: [JSONValue: [Int]] = [:]
        for (offset, item) in items.enumerated() {
            if let earlier = buckets[item]?.first(where: { items[$0].isSchemaEqual(to: item) }) {
                return (earlier, offset)
            }
            buckets[item, default: []].append(offset)
        }
        return nil
    }

    /// The schemas for leading items by position, and the schema for the items after them.
    private func itemSchemas(_ keywords: JSONObject, _ draft: SchemaDraft) -> (tuple: [JSONValue], rest: JSONValue?) {
        switch draft {
        case .draft2020_12:
            return (keywords["prefixItems"]?.arrayValue ?? [], keywords["items"])
        case .draft2019_09:
            if case .array(let tuple) = keywords["items"] { return (tuple, keywords["additionalItems"]) }
            return ([], keywords["items"])
        }
    }

    private mutating func applyItem(
        _ schema: JSONValue, _ location: SchemaLocation, _ items: [JSONValue], _ offset: Int, _ path: String,
        into result: inout SchemaEvaluation
    ) {
        let item = evaluate(child: schema, of: location, items[offset], at: "\(path)/\(offset)")
        result.violations += item.violations
        if index.usesUnevaluated { result.evaluatedItems.insert(offset) }
    }

    /// `contains` with `minContains` and `maxContains`; in 2020-12 the matching items count as evaluated.
    private mutating func applyContains(
        _ keywords: JSONObject, _ location: SchemaLocation, _ items: [JSONValue], _ path: String,
        into result: inout SchemaEvaluation
    ) {
        guard let contains = keywords["contains"] else { return }
        var matches: [Int] = []
        for (offset, item) in items.enumerated() where evaluate(child: contains, of: location, item, at: "\(path)/\(offset)").isValid {
            matches.append(offset)
        }
        let minimum = keywords["minContains"]?.doubleValue ?? 1
        if Double(matches.count) < minimum {
            result.fail(path, "contains", minimum == 1
                ? "expected \(Self.describeItem(contains)), found none"
                : "expected at least \(SchemaText.count(minimum, "item")) matching the contains schema, found \(matches.count)")
        }
        if let maximum = keywords["maxContains"]?.doubleValue, Double(matches.count) > maximum {
            result.fail(path, "maxContains", "expected at most \(SchemaText.count(maximum, "item")) matching the contains schema, found \(matches.count)")
        }
        if location.draft == .draft2020_12 { result.evaluatedItems.formUnion(matches) }
    }

    /// What a `contains` schema asks for: `an item "Profile"`, or `an item matching the contains schema`.
    private static func describeItem(_ schema: JSONValue) -> String {
        if let constant = schema["const"] { return "an item \(SchemaText.brief(constant))" }
        if let options = schema["enum"]?.arrayValue {
            return "an item \(SchemaText.list(options.map(SchemaText.brief)))"
        }
        return "an item matching the contains schema"
    }

    /// `unevaluatedItems`: every item no other keyword here (or in a passing subschema) evaluated.
    mutating func applyUnevaluatedItems(
        _ keywords: JSONObject, _ location: SchemaLocation, _ items: [JSONValue], _ path: String,
        into result: inout SchemaEvaluation
    ) {
        guard let schema = keywords["unevaluatedItems"] else { return }
        for offset in items.indices where !result.evaluatedItems.contains(offset) {
            if schema == false {
                result.fail("\(path)/\(offset)", "unevaluatedItems", "item \(offset) is not allowed here")
            } else {
                result.violations += evaluate(child: schema, of: location, items[offset], at: "\(path)/\(offset)").violations
            }
        }
        if result.isValid { result.evaluatedItems.formUnion(items.indices) }
    }
}
