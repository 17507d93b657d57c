/// Walks one instance through a schema, keyword by keyword, for ``JSONSchemaValidator``.
///
/// It keeps the dynamic scope (the schema resources entered so far, outermost first)
/// for `$dynamicRef` and `$recursiveRef`, and a depth count so a schema that refers
/// to itself without consuming input ends with a violation instead of a crash.
struct SchemaEvaluator {
    let index: SchemaIndex
    let assertsFormat: Bool
    let maxDepth: Int
    /// Base URIs of the schema resources entered, outermost first.
    var dynamicScope: [String] = []
    var depth = 0
    /// The references being evaluated, to catch a loop on its first turn.
    var activeReferences: Set<ReferenceVisit> = []

    /// Evaluates `location.schema` against `instance`, found at `path`.
    mutating func evaluate(_ location: SchemaLocation, _ instance: JSONValue, at path: String) -> SchemaEvaluation {
        var result = SchemaEvaluation()
        switch location.schema {
        case .bool(true):
            return result
        case .bool(false):
            result.fail(path, "false", "no value is allowed here (the schema is false)")
            return result
        case .object(let keywords):
            guard depth < maxDepth else {
                result.fail(path, "$ref", "schemas nest more than \(maxDepth) levels deep here; the schema probably refers to itself without end")
                return result
            }
            depth += 1
            let entersResource = dynamicScope.last != location.base
            if entersResource { dynamicScope.append(location.base) }
            defer {
                if entersResource { dynamicScope.removeLast() }
                depth -= 1
            }
            evaluateKeywords(keywords, location, instance, path, into: &result)
            return result
        default:
            // The index rejects such schemas; a pointer `$ref` into a non-schema lands here.
            result.fail(path, "$ref", "the referenced schema is not an object or a boolean")
            return result
        }
    }

    /// Evaluates `child` (a subschema of `parent`) against `instance` at `path`.
    mutating func evaluate(child: JSONValue, of parent: SchemaLocation, _ instance: JSONValue, at path: String) -> SchemaEvaluation {
        let location = SchemaLocation(schema: child, base: SchemaIndex.base(of: child, within: parent.base),
                                      draft: index.draft(of: child, within: parent.draft))
        return evaluate(location, instance, at: path)
    }

    private mutating func evaluateKeywords(
        _ keywords: JSONObject, _ location: SchemaLocation, _ instance: JSONValue, _ path: String,
        into result: inout SchemaEvaluation
    ) {
        applyReferences(keywords, location, instance, path, into: &result)
        checkGeneric(keywords, instance, path, into: &result)
        switch instance {
        case .number(let number): checkNumber(keywords, number, path, into: &result)
        case .string(let string): checkString(keywords, string, path, into: &result)
        case .array(let items): applyArray(keywords, location, items, path, into: &result)
        case .object(let object): applyObject(keywords, location, object, path, into: &result)
        default: break
        }
        applyCombinators(keywords, location, instance, path, into: &result)
        // Last, so they see the annotations of every other keyword here.
        if case .array(let items) = instance {
            applyUnevaluatedItems(keywords, location, items, path, into: &result)
        }
        if case .object(let object) = instance {
            applyUnevaluatedProperties(keywords, location, object, path, into: &result)
        }
    }
}

/// A reference being followed: its absolute target, the resource the target sits in, and
/// the instance location. Meeting the same visit again while it is under way is a loop.
struct ReferenceVisit: Hashable {
    let target: String
    let scope: String
    let instancePath: String
}
