extension SchemaEvaluator {
    /// `allOf`, `anyOf`, `oneOf`, `not` and `if`/`then`/`else`.
    mutating func applyCombinators(
        _ keywords: JSONObject, _ location: SchemaLocation, _ instance: JSONValue, _ path: String,
        into result: inout SchemaEvaluation
    ) {
        for schema in keywords["allOf"]?.arrayValue ?? [] {
            result.absorb(evaluate(child: schema, of: location, instance, at: path))
        }
        if let alternatives = keywords["anyOf"]?.arrayValue {
            // Every alternative is evaluated: unevaluated* needs the annotations of all that pass.
            let outcomes = alternatives.map { evaluate(child: $0, of: location, instance, at: path) }
            if outcomes.contains(where: \.isValid) {
                outcomes.forEach { result.absorbAnnotations(of: $0) }
            } else {
                reportNoMatch("anyOf", outcomes, path, into: &result)
            }
        }
        if let alternatives = keywords["oneOf"]?.arrayValue {
            let outcomes = alternatives.map { evaluate(child: $0, of: location, instance, at: path) }
            let passing = outcomes.indices.filter { outcomes[$0].isValid }
            if passing.count == 1 {
                result.absorbAnnotations(of: outcomes[passing[0]])
            } else if passing.isEmpty {
                reportNoMatch("oneOf", outcomes, path, into: &result)
            } else {
                result.fail(path, "oneOf", "matches forms \(SchemaText.list(passing.map(String.init), joiner: "and")) of oneOf, but must match exactly one")
            }
        }
        if let negated = keywords["not"], evaluate(child: negated, of: location, instance, at: path).isValid {
            result.fail(path, "not", "matches the schema under \"not\", which it must not")
        }
        if let condition = keywords["if"] {
            let test = evaluate(child: condition, of: location, instance, at: path)
            result.absorbAnnotations(of: test)
            if let branch = test.isValid ? keywords["then"] : keywords["else"] {
                result.absorb(evaluate(child: branch, of: location, instance, at: path))
            }
        }
    }

    /// Reports an instance that matches none of the alternatives of `keyword`.
    ///
    /// When all alternatives but one reject the instance outright (wrong type, or not the
    /// constant or enumerated value they stand for), the instance was evidently meant to
    /// take the form of that one, and its own violations are the useful ones: a bad
    /// `proofValue` is reported at `/proof/proofValue`, not as "matches none of 2 forms".
    private func reportNoMatch(_ keyword: String, _ outcomes: [SchemaEvaluation], _ path: String,
                               into result: inout SchemaEvaluation) {
        let plausible = outcomes.filter { outcome in
            !outcome.violations.contains { $0.instancePath == path && ["type", "const", "enum"].contains($0.keyword) }
        }
        if plausible.count == 1 {
            result.violations += plausible[0].violations
        } else {
            result.fail(path, keyword, "matches none of the \(outcomes.count) allowed forms (\(Self.summary(outcomes)))")
        }
    }

    /// The first violation of each failed alternative, numbered from 0: `0: expected a string, found a number; 1: ...`.
    private static func summary(_ outcomes: [SchemaEvaluation]) -> String {
        outcomes.enumerated().compactMap { offset, outcome in
            outcome.violations.first.map { violation in
                let place = violation.instancePath.isEmpty ? "" : " at \(violation.instancePath)"
                return "\(offset): \(violation.message)\(place)"
            }
        }.joined(separator: "; ")
    }
}
