/// What evaluating one schema against one instance location found: the violations,
/// and the members and items it evaluated (the annotations that
/// `unevaluatedProperties` and `unevaluatedItems` read).
struct SchemaEvaluation {
    var violations: [SchemaViolation] = []
    /// Names of object members evaluated by a successful keyword at this location.
    var evaluatedProperties: Set<String> = []
    /// Indices of array items evaluated by a successful keyword at this location.
    var evaluatedItems: Set<Int> = []

    var isValid: Bool { violations.isEmpty }

    /// Adds a violation at `path`.
    mutating func fail(_ path: String, _ keyword: String, _ message: String) {
        violations.append(SchemaViolation(instancePath: path, keyword: keyword, message: message))
    }

    /// Takes in a subschema's result at the same location: all its violations, and
    /// its annotations only when it passed (a failed subschema's annotations are dropped).
    mutating func absorb(_ other: SchemaEvaluation) {
        violations += other.violations
        absorbAnnotations(of: other)
    }

    /// Takes in a subschema's annotations if it passed, but not its violations.
    mutating func absorbAnnotations(of other: SchemaEvaluation) {
        guard other.isValid else { return }
        evaluatedProperties.formUnion(other.evaluatedProperties)
        evaluatedItems.formUnion(other.evaluatedItems)
    }
}
