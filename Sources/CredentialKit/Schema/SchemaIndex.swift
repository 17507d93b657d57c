/// Where a subschema sits: the schema, the base URI in effect inside it, and its draft.
struct SchemaLocation: Sendable {
    let schema: JSONValue
    let base: String
    let draft: SchemaDraft
}

/// Every schema resource, anchor and pattern of a root schema and its registry, found once.
///
/// Built by walking the subschema keywords (never `enum`, `const` or unknown keywords'
/// values), resolving each `$id` against the base around it, as JSON Schema 2019-09
/// and 2020-12 §8.2 define.
struct SchemaIndex: Sendable {
    /// Schema resources by absolute URI without fragment.
    private(set) var resources: [String: SchemaLocation] = [:]
    /// `$anchor` and `$dynamicAnchor` targets by `resourceURI#name`.
    private(set) var anchors: [String: SchemaLocation] = [:]
    /// The `resourceURI#name` keys of `$dynamicAnchor`s.
    private(set) var dynamicAnchors: Set<String> = []
    /// Compiled regular expressions by source text.
    private(set) var patterns: [String: SchemaPattern] = [:]
    /// Whether any schema here has `unevaluatedProperties` or `unevaluatedItems`: only then do
    /// evaluations collect which members and items they covered.
    private(set) var usesUnevaluated = false
    /// Every reference (`$ref`, `$dynamicRef`, `$recursiveRef`) met in the walk.
    private var metReferences: Set<ReferenceKey> = []
    /// The met references, resolved by ``resolveReferences()``.
    private var references: [ReferenceKey: ResolvedReference] = [:]
    /// The references of schemas added with `checkingReferences`, which must name something.
    private var checkedReferences: [ReferenceKey] = []
    /// Whether the walk under way records its references as checked.
    private var checksReferences = false

    /// A reference as written, with the base URI it is resolved against.
    struct ReferenceKey: Hashable, Sendable {
        let reference: String
        let base: String
    }

    /// A reference resolved: its absolute URI and the subschema it names, if any.
    struct ResolvedReference: Sendable {
        let absolute: URIReference
        let target: SchemaLocation?
    }

    /// Indexes `location` and everything beneath it. With `checkingReferences`,
    /// ``resolveReferences()`` requires its `$ref`s to name known schemas (registry
    /// schemas may legitimately refer to schemas never used, so they are not checked).
    mutating func add(_ location: SchemaLocation, registeredAs alias: String, checkingReferences: Bool) throws {
        resources[alias] = location
        checksReferences = checkingReferences
        try walk(location, pointer: "")
    }

    /// Resolves every reference met, once, so evaluation only looks them up.
    /// - Throws: ``CredentialKitError`` `.invalidSchema` naming the first checked `$ref` that names nothing.
    mutating func resolveReferences() throws {
        for key in metReferences {
            let absolute = URIReference(key.reference).resolved(against: URIReference(key.base))
            references[key] = ResolvedReference(absolute: absolute, target: locate(absolute))
        }
        for key in checkedReferences where references[key]?.target == nil {
            throw CredentialKitError(.invalidSchema,
                "the reference \"\(key.reference)\" (resolved against \(key.base)) names no known schema; schemas are never fetched, so pass it in the registry")
        }
    }

    /// The base URI inside `schema` when the base around it is `base`: its `$id` resolved, if any.
    static func base(of schema: JSONValue, within base: String) -> String {
        guard let id = schema["$id"]?.stringValue else { return base }
        return URIReference(id).resolved(against: URIReference(base)).withoutFragment.text
    }

    /// The draft inside `schema` when the draft around it is `draft`.
    func draft(of schema: JSONValue, within draft: SchemaDraft) -> SchemaDraft {
        guard let uri = schema["$schema"]?.stringValue else { return draft }
        if let known = SchemaDraft(metaschema: uri) { return known }
        // A custom metaschema: follow its own $schema once.
        if let meta = resources[uri]?.schema["$schema"]?.stringValue, let known = SchemaDraft(metaschema: meta) {
            return known
        }
        return draft
    }

    private mutating func walk(_ location: SchemaLocation, pointer: String) throws {
        let schema = location.schema
        if case .bool = schema { return }
        guard case .object(let keywords) = schema else {
            throw CredentialKitError(.invalidSchema, "the schema at \(location.base)#\(pointer) is not an object or a boolean")
        }
        let base = location.base
        if keywords["$id"]?.stringValue != nil { resources[base] = location }
        if keywords["unevaluatedProperties"] != nil || keywords["unevaluatedItems"] != nil { usesUnevaluated = true }
        if let anchor = keywords["$anchor"]?.stringValue { anchors[base + "#" + anchor] = location }
        if location.draft == .draft2020_12, let anchor = keywords["$dynamicAnchor"]?.stringValue {
            anchors[base + "#" + anchor] = location
            dynamicAnchors.insert(base + "#" + anchor)
        }
        for keyword in ["$ref", "$dynamicRef", "$recursiveRef"] {
            guard let reference = keywords[keyword]?.stringValue else { continue }
            let key = ReferenceKey(reference: reference, base: base)
            metReferences.insert(key)
            if checksReferences && keyword == "$ref" { checkedReferences.append(key) }
        }
        if let pattern = keywords["pattern"]?.stringValue, patterns[pattern] == nil {
            patterns[pattern] = try SchemaPattern(pattern, at: "\(base)#\(pointer)/pattern")
        }
        if let patternProperties = keywords["patternProperties"]?.objectValue {
            for (pattern, _) in patternProperties where patterns[pattern] == nil {
                patterns[pattern] = try SchemaPattern(pattern, at: "\(base)#\(pointer)/patternProperties")
            }
        }
        for (keyword, value) in keywords {
            switch Self.subschemaShape(of: keyword, in: location.draft) {
            case .single:
                try walkChild(value, from: location, pointer: pointer + "/" + JSONPointer.escape(keyword))
            case .array:
                for (offset, child) in (value.arrayValue ?? []).enumerated() {
                    try walkChild(child, from: location, pointer: "\(pointer)/\(keyword)/\(offset)")
                }
            case .map:
                for (name, child) in value.objectValue ?? [:] {
                    try walkChild(child, from: location,
                                  pointer: "\(pointer)/\(JSONPointer.escape(keyword))/\(JSONPointer.escape(name))")
                }
            case .singleOrArray:
                if case .array(let children) = value {
                    for (offset, child) in children.enumerated() {
                        try walkChild(child, from: location, pointer: "\(pointer)/\(keyword)/\(offset)")
                    }
                } else {
                    try walkChild(value, from: location, pointer: pointer + "/" + keyword)
                }
            case nil:
                break
            }
        }
    }

    private mutating func walkChild(_ child: JSONValue, from parent: SchemaLocation, pointer: String) throws {
        let base = Self.base(of: child, within: parent.base)
        let location = SchemaLocation(schema: child, base: base, draft: draft(of: child, within: parent.draft))
        try walk(location, pointer: base == parent.base ? pointer : "")
    }

    /// How a keyword holds subschemas.
    enum SubschemaShape {
        case single, array, map, singleOrArray
    }

    /// The shape of `keyword`'s subschemas in `draft`, or nil when its value holds none.
    static func subschemaShape(of keyword: String, in draft: SchemaDraft) -> SubschemaShape? {
        switch keyword {
        case "additionalProperties", "propertyNames", "contains", "not", "if", "then", "else",
             "unevaluatedProperties", "unevaluatedItems", "contentSchema":
            .single
        case "allOf", "anyOf", "oneOf":
            .array
        case "$defs", "definitions", "properties", "patternProperties", "dependentSchemas":
            .map
        case "prefixItems":
            draft == .draft2020_12 ? .array : nil
        case "items":
            draft == .draft2020_12 ? .single : .singleOrArray
        case "additionalItems":
            draft == .draft2019_09 ? .single : nil
        default:
            nil
        }
    }

    /// `reference` resolved against `base`: from the walk's cache when the schema wrote it, else now.
    func resolve(_ reference: String, from base: String) -> ResolvedReference {
        if let known = references[ReferenceKey(reference: reference, base: base)] { return known }
        let absolute = URIReference(reference).resolved(against: URIReference(base))
        return ResolvedReference(absolute: absolute, target: locate(absolute))
    }

    /// The subschema an absolute URI names; nil if it names nothing known.
    func locate(_ absolute: URIReference) -> SchemaLocation? {
        let resourceURI = absolute.withoutFragment.text
        guard let fragment = JSONPointer.percentDecoded(absolute.fragment ?? "") else { return nil }
        if fragment.isEmpty { return resources[resourceURI] }
        if !fragment.hasPrefix("/") { return anchors[resourceURI + "#" + fragment] }
        guard let root = resources[resourceURI], let tokens = JSONPointer.tokens(fragment) else { return nil }
        var location = root
        for token in tokens {
            let child: JSONValue?
            switch location.schema {
            case .object(let object): child = object[token]
            case .array(let array): child = Int(token).flatMap { array.indices.contains($0) ? array[$0] : nil }
            default: child = nil
            }
            guard let child else { return nil }
            location = SchemaLocation(schema: child, base: Self.base(of: child, within: location.base),
                                      draft: draft(of: child, within: location.draft))
        }
        return location
    }
}
