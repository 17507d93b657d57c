/// Validates JSON values against a JSON Schema, draft 2020-12 or 2019-09.
///
/// The draft comes from the root's `$schema` (2020-12 when absent). References resolve
/// through `$id`, `$anchor`, JSON Pointer fragments and the `registry` only; nothing is
/// ever fetched from the network. `format` is an annotation unless `assertsFormat` is
/// set, when `date-time`, `date`, `time` and `uri` are checked.
///
/// ```swift
/// let validator = try JSONSchemaValidator(schema: schema)
/// for violation in validator.validate(credential) { print(violation) }
/// ```
package struct JSONSchemaValidator: Sendable {
    /// The base URI of a root schema without an absolute `$id`.
    static let defaultBase = "urn:laurel:schema:root"
    /// How many schemas may nest (through references and applicators) before evaluation stops
    /// with a violation: room for instances nested 128 deep (the parser's default limit) under a
    /// recursive schema, while a schema that refers to itself forever ends long before the stack does.
    package static let maxDepth = 400

    private let root: SchemaLocation
    private let index: SchemaIndex
    private let assertsFormat: Bool
    /// The yes-or-no walk asked first; nil for schemas it leaves to the evaluator.
    private let quickCheck: SchemaQuickCheck?

    /// Prepares a validator.
    ///
    /// - Parameters:
    ///   - schema: The root schema, an object or a boolean.
    ///   - registry: Other schemas by URI (their `$id` also counts), for `$ref`s that leave the root.
    ///   - assertsFormat: Whether `format` is checked for `date-time`, `date`, `time` and `uri`.
    /// - Throws: ``CredentialKitError`` `.invalidSchema` when a schema is not an object or a
    ///   boolean, a `pattern` does not compile, or a `$ref` in the root schema names no schema in the root or registry.
    package init(schema: JSONValue, registry: [String: JSONValue] = [:], assertsFormat: Bool = false) throws {
        var index = SchemaIndex()
        let defaultDraft = Self.draft(of: schema, registry: registry)
        for (uri, remote) in registry.sorted(by: { $0.key < $1.key }) {
            let base = SchemaIndex.base(of: remote, within: uri)
            try index.add(SchemaLocation(schema: remote, base: base, draft: index.draft(of: remote, within: defaultDraft)),
                          registeredAs: URIReference(uri).withoutFragment.text, checkingReferences: false)
        }
        let root = SchemaLocation(schema: schema, base: SchemaIndex.base(of: schema, within: Self.defaultBase),
                                  draft: index.draft(of: schema, within: defaultDraft))
        try index.add(root, registeredAs: root.base, checkingReferences: true)
        try index.resolveReferences()
        self.root = root
        self.index = index
        self.assertsFormat = assertsFormat
        quickCheck = SchemaQuickCheck(root: root, index: index, assertsFormat: assertsFormat, maxDepth: Self.maxDepth)
    }

    /// The draft the root declares, directly or through a registered metaschema; 2020-12 otherwise.
    private static func draft(of schema: JSONValue, registry: [String: JSONValue]) -> SchemaDraft {
        guard let uri = schema["$schema"]?.stringValue else { return .draft2020_12 }
        if let known = SchemaDraft(metaschema: uri) { return known }
        return registry[uri]?["$schema"]?.stringValue.flatMap(SchemaDraft.init(metaschema:)) ?? .draft2020_12
    }

    /// Every way `instance` fails the schema; empty when it is valid.
    package func validate(_ instance: JSONValue) -> [SchemaViolation] {
        if quickAnswer(instance) == true { return [] }
        return explain(instance)
    }

    /// The quick check's answer alone: nil when there is none (the schema or the walk is beyond it).
    package func quickAnswer(_ instance: JSONValue) -> Bool? {
        quickCheck?.isValid(instance)
    }

    /// Every violation, found by the full evaluator without asking the quick check first.
    package func explain(_ instance: JSONValue) -> [SchemaViolation] {
        var evaluator = SchemaEvaluator(index: index, assertsFormat: assertsFormat, maxDepth: Self.maxDepth)
        return evaluator.evaluate(root, instance, at: "").violations
    }

    /// True when `instance` satisfies the schema.
    package func isValid(_ instance: JSONValue) -> Bool {
        quickAnswer(instance) ?? explain(instance).isEmpty
    }
}
