/// The Expansion Algorithm (JSON-LD 1.1 API § 5.1.2).
extension JSONLDProcessor {
    /// Expands `element`, found under `activeProperty`, in `active`.
    func expandElement(
        _ active: ActiveContext, activeProperty: String?, _ element: JSONValue, baseURL: String?,
        fromMap: Bool = false, path: JSONPath
    ) throws -> JSONValue {
        guard path.depth <= options.maxNestingDepth else {
            throw CredentialKitError.jsonLD("nesting too deep", "the document nests deeper than \(options.maxNestingDepth) levels at \(path)")
        }
        let propertyDefinition = activeProperty.flatMap { active.terms[$0] }
        switch element {
        case .null:
            return .null
        case .array(let items):
            var result: [JSONValue] = []
            let isList = propertyDefinition?.container.contains("@list") == true
            for (offset, item) in items.enumerated() {
                var expanded = try expandElement(
                    active, activeProperty: activeProperty, item, baseURL: baseURL, fromMap: fromMap, path: path.appending(offset))
                if isList, case .array = expanded { expanded = .object(["@list": expanded]) }
                switch expanded {
                case .array(let values): result.append(contentsOf: values)
                case .null: break
                default: result.append(expanded)
                }
            }
            return .array(result)
        case .object(let object):
            guard object.count >= ExpansionMemo.minimumMembers else {
                return try expandObject(
                    active, activeProperty: activeProperty, propertyDefinition: propertyDefinition, object, baseURL: baseURL,
                    fromMap: fromMap, path: path)
            }
            let key = ExpansionMemo.Key(
                contextID: active.id, activeProperty: activeProperty, fromMap: fromMap, baseURL: baseURL, depth: path.depth,
                safeMode: options.safeMode, processingMode: options.processingMode.rawValue,
                maxNestingDepth: options.maxNestingDepth, element: element)
            return try ExpansionMemo.shared.expansion(for: key) {
                try expandObject(
                    active, activeProperty: activeProperty, propertyDefinition: propertyDefinition, object, baseURL: baseURL,
                    fromMap: fromMap, path: path)
            }
        default:
            // Step 4: scalars.
            if activeProperty == nil || activeProperty == "@graph" { return .null }
            if let definition = propertyDefinition, let scoped = definition.scopedContext {
                let context = try applyScopedContext(active, scoped, baseURL: definition.baseURL)
                return try expandValue(context, activeProperty: activeProperty, element, path: path)
            }
            return try expandValue(active, definition: propertyDefinition, element, path: path)
        }
    }

    /// Steps 6–20: expands a map.
    private func expandObject(
        _ active: ActiveContext, activeProperty: String?, propertyDefinition: TermDefinition?, _ element: JSONObject,
        baseURL: String?, fromMap: Bool, path: JSONPath
    ) throws -> JSONValue {
        var active = active
        // Step 7: a non-propagated context ends at the next node object.
        if let previous = active.previous, !fromMap {
            var keepsContext = false
            for key in element.keys {
                let expanded = expandIRI(active, key, vocab: true)
                if expanded == "@value" || (expanded == "@id" && element.count == 1) {
                    keepsContext = true
                    break
                }
            }
            if !keepsContext { active = previous.context }
        }
        // Steps 8–9.
        if let definition = propertyDefinition, let scoped = definition.scopedContext {
            active = try applyScopedContext(active, scoped, baseURL: definition.baseURL, overrideProtected: true)
        }
        if let local = element["@context"] {
            active = try processContext(active, local, baseURL: baseURL)
        }
        // Steps 10–11: type-scoped contexts.
        let typeScopedContext = active
        var typeKeys: [String] = []
        for key in element.keys where expandIRI(active, key, vocab: true) == "@type" {
            typeKeys.append(key)
        }
        typeKeys.sort()
        for key in typeKeys {
            let types = (element[key] ?? .null).asArray.compactMap(\.stringValue).sorted()
            for type in types {
                if let definition = typeScopedContext.terms[type], let scoped = definition.scopedContext {
                    active = try applyScopedContext(active, scoped, baseURL: definition.baseURL, propagate: false)
                }
            }
        }
        // Step 12: input type.
        var inputType: String?
        if let firstTypeKey = typeKeys.first, let last = (element[firstTypeKey] ?? .null).asArray.last?.stringValue {
            inputType = expandIRI(active, last, vocab: true)
        }
        var state = ObjectExpansion(
            active: active, typeScopedContext: typeScopedContext, activeProperty: activeProperty, inputType: inputType,
            baseURL: baseURL)
        try expandEntries(element, state: &state, path: path)
        return try finishObject(state.result, activeProperty: activeProperty, active: active)
    }

    /// Steps 15–20: validates and simplifies the expanded map.
    private func finishObject(_ result: JSONObject, activeProperty: String?, active: ActiveContext) throws -> JSONValue {
        var result = result
        if let value = result["@value"] {
            let allowed: Set<String> = ["@direction", "@index", "@language", "@type", "@value"]
            if result.keys.contains(where: { !allowed.contains($0) })
                || (result["@type"] != nil && (result["@language"] != nil || result["@direction"] != nil))
            {
                throw CredentialKitError.jsonLD("invalid value object", "a value object has entries \(result.keys.joined(separator: ", "))")
            }
            if result["@type"] == .string("@json") {
                // A JSON literal may hold any value.
            } else if value == .null || value == .array([]) {
                return .null
            } else if result["@language"] != nil, value.stringValue == nil {
                throw CredentialKitError.jsonLD("invalid language-tagged value", "a value with @language must be a string")
            } else if let type = result["@type"] {
                guard case .string(let iri) = type, IRI.isWellFormed(iri) else {
                    throw CredentialKitError.jsonLD("invalid typed value", "the @type of a value must be one IRI")
                }
            }
        } else if let type = result["@type"] {
            if case .array = type {} else { result["@type"] = .array([type]) }
        } else if result["@set"] != nil || result["@list"] != nil {
            let others = result.keys.filter { $0 != "@set" && $0 != "@list" }
            guard result.count <= 2, others.allSatisfy({ $0 == "@index" }), others.count == result.count - 1 else {
                throw CredentialKitError.jsonLD("invalid set or list object", "a @set or @list object may only also have @index")
            }
            if let set = result["@set"] { return set }
        }
        if result.count == 1 && result["@language"] != nil { return .null }
        if activeProperty == nil || activeProperty == "@graph" {
            if result.isEmpty || result["@value"] != nil || result["@list"] != nil { return .null }
            if result.count == 1 && result["@id"] != nil { return .null }
        }
        return .object(result)
    }
}

/// The working state of expanding one map: its contexts, input type, and the result so far.
struct ObjectExpansion {
    var active: ActiveContext
    let typeScopedContext: ActiveContext
    var activeProperty: String?
    let inputType: String?
    let baseURL: String?
    var result = JSONObject()

    init(active: ActiveContext, typeScopedContext: ActiveContext, activeProperty: String?, inputType: String?, baseURL: String?) {
        self.active = active
        self.typeScopedContext = typeScopedContext
        self.activeProperty = activeProperty
        self.inputType = inputType
        self.baseURL = baseURL
    }
}

extension JSONObject {
    /// Appends `value` (or each item of an array) to the array at `key` (the spec's "add value … as array").
    mutating func appendValues(_ value: JSONValue, to key: String) {
        var existing = self[key]?.asArray ?? []
        switch value {
        case .array(let items): existing.append(contentsOf: items)
        default: existing.append(value)
        }
        self[key] = .array(existing)
    }
}
