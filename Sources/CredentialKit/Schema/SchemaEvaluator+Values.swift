extension SchemaEvaluator {
    /// `type`, `enum` and `const`, which apply to every kind of value.
    func checkGeneric(_ keywords: JSONObject, _ instance: JSONValue, _ path: String, into result: inout SchemaEvaluation) {
        if let type = keywords["type"] {
            let allowed = type.asArray.compactMap(\.stringValue)
            if !allowed.contains(where: { SchemaText.isOfType(instance, $0) }) {
                result.fail(path, "type", "expected \(SchemaText.list(allowed.map(SchemaText.withArticle))), found \(SchemaText.kind(of: instance))")
            }
        }
        if let options = keywords["enum"]?.arrayValue, !options.contains(where: { $0.isSchemaEqual(to: instance) }) {
            result.fail(path, "enum", "expected one of \(SchemaText.list(options.map(SchemaText.brief), joiner: "or")), found \(SchemaText.brief(instance))")
        }
        if let constant = keywords["const"], !constant.isSchemaEqual(to: instance) {
            result.fail(path, "const", "expected \(SchemaText.brief(constant)), found \(SchemaText.brief(instance))")
        }
    }

    /// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` and `multipleOf`.
    func checkNumber(_ keywords: JSONObject, _ number: Double, _ path: String, into result: inout SchemaEvaluation) {
        if let bound = keywords["minimum"]?.doubleValue, number < bound {
            result.fail(path, "minimum", "expected at least \(SchemaText.number(bound)), found \(SchemaText.number(number))")
        }
        if let bound = keywords["maximum"]?.doubleValue, number > bound {
            result.fail(path, "maximum", "expected at most \(SchemaText.number(bound)), found \(SchemaText.number(number))")
        }
        if let bound = keywords["exclusiveMinimum"]?.doubleValue, number <= bound {
            result.fail(path, "exclusiveMinimum", "expected more than \(SchemaText.number(bound)), found \(SchemaText.number(number))")
        }
        if let bound = keywords["exclusiveMaximum"]?.doubleValue, number >= bound {
            result.fail(path, "exclusiveMaximum", "expected less than \(SchemaText.number(bound)), found \(SchemaText.number(number))")
        }
        if let divisor = keywords["multipleOf"]?.doubleValue, divisor > 0, !Self.isMultiple(number, of: divisor) {
            result.fail(path, "multipleOf", "expected a multiple of \(SchemaText.number(divisor)), found \(SchemaText.number(number))")
        }
    }

    /// True when `number / divisor` is an integer, allowing for binary rounding of decimal fractions.
    static func isMultiple(_ number: Double, of divisor: Double) -> Bool {
        let quotient = number / divisor
        // Overflow: an integer is still a multiple of 1/n, whatever its size.
        guard quotient.isFinite else { return SchemaText.isInteger(number) && SchemaText.isInteger(1 / divisor) }
        if quotient.magnitude >= 0x1p52 { return true }  // every double this large is an integer
        let truncated = Double(Int64(quotient))
        let nearest = min((quotient - truncated).magnitude, (quotient - truncated - 1).magnitude,
                          (quotient - truncated + 1).magnitude)
        return nearest <= 1e-9 * max(1, quotient.magnitude)
    }

    /// `minLength`, `maxLength` (in Unicode code points), `pattern` and, when asserted, `format`.
    func checkString(_ keywords: JSONObject, _ string: String, _ path: String, into result: inout SchemaEvaluation) {
        let minimum = keywords["minLength"]?.doubleValue
        let maximum = keywords["maxLength"]?.doubleValue
        if minimum != nil || maximum != nil {
            let length = Double(string.unicodeScalars.count)
            if let minimum, length < minimum {
                result.fail(path, "minLength", "expected at least \(SchemaText.count(minimum, "character")), found \(SchemaText.count(length, "character"))")
            }
            if let maximum, length > maximum {
                result.fail(path, "maxLength", "expected at most \(SchemaText.count(maximum, "character")), found \(SchemaText.count(length, "character"))")
            }
        }
        if let source = keywords["pattern"]?.stringValue, let pattern = index.patterns[source], !pattern.matches(string) {
            result.fail(path, "pattern", "\(SchemaText.brief(.string(string))) does not match the pattern \(source)")
        }
        if assertsFormat, let format = keywords["format"]?.stringValue, let problem = SchemaFormat.problem(with: string, format: format) {
            result.fail(path, "format", "\(SchemaText.brief(.string(string))) is not a valid \(format): \(problem)")
        }
    }
}
