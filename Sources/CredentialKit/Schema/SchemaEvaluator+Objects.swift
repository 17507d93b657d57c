extension SchemaEvaluator {
    /// `properties`, `patternProperties`, `additionalProperties`, `propertyNames`, `required`,
    /// `dependentRequired`, `dependentSchemas`, `minProperties` and `maxProperties`.
    mutating func applyObject(
        _ keywords: JSONObject, _ location: SchemaLocation, _ object: JSONObject, _ path: String,
        into result: inout SchemaEvaluation
    ) {
        let properties = keywords["properties"]?.objectValue ?? [:]
        let patternSources = keywords["patternProperties"]?.objectValue ?? [:]
        let additional = keywords["additionalProperties"]
        for (name, value) in object {
            let memberPath = path + "/" + JSONPointer.escape(name)
            var matched = false
            if let schema = properties[name] {
                matched = true
                applyMember(schema, location, value, memberPath, name, into: &result)
            }
            for (source, schema) in patternSources where index.patterns[source]?.matches(name) == true {
                matched = true
                applyMember(schema, location, value, memberPath, name, into: &result)
            }
            if !matched, let additional {
                if additional == false {
                    result.fail(memberPath, "additionalProperties", "member \"\(name)\" is not allowed here")
                } else {
                    applyMember(additional, location, value, memberPath, name, into: &result)
                }
            }
        }
        if let names = keywords["propertyNames"] {
            for (name, _) in object {
                for violation in evaluate(child: names, of: location, .string(name), at: path).violations {
                    result.fail(path, violation.keyword, "member name \"\(name)\": \(violation.message)")
                }
            }
        }
        for required in keywords["required"]?.arrayValue ?? [] {
            if let name = required.stringValue, object[name] == nil {
                result.fail(path, "required", "missing required member \"\(name)\"")
            }
        }
        for (trigger, dependents) in keywords["dependentRequired"]?.objectValue ?? [:] where object[trigger] != nil {
            for dependent in dependents.arrayValue ?? [] {
                if let name = dependent.stringValue, object[name] == nil {
                    result.fail(path, "dependentRequired", "missing member \"\(name)\", required when \"\(trigger)\" is present")
                }
            }
        }
        for (trigger, schema) in keywords["dependentSchemas"]?.objectValue ?? [:] where object[trigger] != nil {
            result.absorb(evaluate(child: schema, of: location, .object(object), at: path))
        }
        if let minimum = keywords["minProperties"]?.doubleValue, Double(object.count) < minimum {
            result.fail(path, "minProperties", "expected at least \(SchemaText.count(minimum, "member")), found \(object.count)")
        }
        if let maximum = keywords["maxProperties"]?.doubleValue, Double(object.count) > maximum {
            result.fail(path, "maxProperties", "expected at most \(SchemaText.count(maximum, "member")), found \(object.count)")
        }
    }

    private mutating func applyMember(
        _ schema: JSONValue, _ location: SchemaLocation, _ value: JSONValue, _ memberPath: String, _ name: String,
        into result: inout SchemaEvaluation
    ) {
        result.violations += evaluate(child: schema, of: location, value, at: memberPath).violations
        if index.usesUnevaluated { result.evaluatedProperties.insert(name) }
    }

    /// `unevaluatedProperties`: every member no other keyword here (or in a passing subschema) evaluated.
    mutating func applyUnevaluatedProperties(
        _ keywords: JSONObject, _ location: SchemaLocation, _ object: JSONObject, _ path: String,
        into result: inout SchemaEvaluation
    ) {
        guard let schema = keywords["unevaluatedProperties"] else { return }
        var covered: [String] = []
        for (name, value) in object where !result.evaluatedProperties.contains(name) {
            let memberPath = path + "/" + JSONPointer.escape(name)
            if schema == false {
                result.fail(memberPath, "unevaluatedProperties", "member \"\(name)\" is not allowed here")
            } else {
                result.violations += evaluate(child: schema, of: location, value, at: memberPath).violations
                covered.append(name)
            }
        }
        if result.isValid { result.evaluatedProperties.formUnion(covered) }
    }
}
