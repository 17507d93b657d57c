/// Steps 13–14 of the Expansion Algorithm: each entry of a map, keywords first-class, then `@nest`.
extension JSONLDProcessor {
    /// Expands every entry of `element` into `state.result`.
    func expandEntries(_ element: JSONObject, state: inout ObjectExpansion, path: JSONPath) throws {
        let active = state.active
        var nests: [String] = []
        for (key, value) in element where key != "@context" {
            let entryPath = path.appending(key)
            guard let property = expandIRI(active, key, vocab: true), property.utf8.contains(UInt8(ascii: ":")) || IRI.isKeyword(property) else {
                if options.safeMode {
                    throw CredentialKitError(
                        .undefinedTerm,
                        "the property \"\(key)\" at \(entryPath) is not defined by any context; safe mode refuses to drop it")
                }
                continue
            }
            if IRI.isKeyword(property) {
                if property == "@nest" {
                    if !nests.contains(key) { nests.append(key) }
                    continue
                }
                try expandKeywordEntry(property, key: key, value, state: &state, path: entryPath)
            } else {
                try expandPropertyEntry(property, key: key, value, state: &state, path: entryPath)
            }
        }
        // Step 14: nested properties.
        for nestKey in nests {
            for (offset, nested) in (element[nestKey] ?? .null).asArray.enumerated() {
                guard case .object(let nestedObject) = nested,
                    !nestedObject.keys.contains(where: { expandIRI(active, $0, vocab: true) == "@value" })
                else {
                    throw CredentialKitError.jsonLD("invalid @nest value", "the value of \(nestKey) at \(path) must be node properties")
                }
                // Steps 3 and 8 again: the nesting key's own scoped context applies inside it.
                var nestedState = state
                nestedState.activeProperty = nestKey
                if let definition = active.terms[nestKey], let scoped = definition.scopedContext {
                    nestedState.active = try applyScopedContext(active, scoped, baseURL: definition.baseURL, overrideProtected: true)
                }
                try expandEntries(nestedObject, state: &nestedState, path: path.appending(nestKey).appending(offset))
                state.result = nestedState.result
            }
        }
    }

    /// Step 13.4: an entry whose key expands to a keyword.
    private func expandKeywordEntry(
        _ keyword: String, key: String, _ value: JSONValue, state: inout ObjectExpansion, path: JSONPath
    ) throws {
        let active = state.active
        if state.activeProperty == "@reverse" {
            throw CredentialKitError.jsonLD("invalid reverse property map", "the keyword \(key) at \(path) cannot appear in a @reverse map")
        }
        if state.result[keyword] != nil && (active.isJSONLD10 || (keyword != "@included" && keyword != "@type")) {
            throw CredentialKitError.jsonLD("colliding keywords", "two entries at \(path) both expand to \(keyword)")
        }
        var expanded: JSONValue
        switch keyword {
        case "@id":
            guard case .string(let id) = value else {
                throw CredentialKitError.jsonLD("invalid @id value", "@id at \(path) must be a string")
            }
            guard let iri = expandIRI(active, id, documentRelative: true) else {
                state.result["@id"] = .null
                return
            }
            try checkAbsolute(iri, original: id, role: "@id", path: path)
            expanded = .string(iri)
        case "@type":
            expanded = try expandTypes(value, state: state, path: path)
            if let existing = state.result["@type"] {
                expanded = .array(existing.asArray + expanded.asArray)
            }
        case "@graph":
            let graph = try expandElement(active, activeProperty: "@graph", value, baseURL: state.baseURL, path: path)
            expanded = .array(graph.asArray)
        case "@included":
            if active.isJSONLD10 { return }
            let included = try expandElement(active, activeProperty: nil, value, baseURL: state.baseURL, path: path).asArray
            guard included.allSatisfy(\.isNodeObject) else {
                throw CredentialKitError.jsonLD("invalid @included value", "@included at \(path) must hold node objects")
            }
            expanded = .array((state.result["@included"]?.asArray ?? []) + included)
        case "@value":
            if state.inputType == "@json" {
                if active.isJSONLD10 {
                    throw CredentialKitError.jsonLD("invalid value object value", "@json values need json-ld-1.1 (at \(path))")
                }
                expanded = value
            } else {
                switch value {
                case .array, .object:
                    throw CredentialKitError.jsonLD("invalid value object value", "@value at \(path) must be a string, number, boolean or null")
                case .null:
                    state.result["@value"] = .null
                    return
                default:
                    expanded = value
                }
            }
        case "@language":
            guard case .string(let language) = value else {
                throw CredentialKitError.jsonLD("invalid language-tagged string", "@language at \(path) must be a string")
            }
            expanded = .string(language.lowercased())
        case "@direction":
            if active.isJSONLD10 { return }
            guard value == "ltr" || value == "rtl" else {
                throw CredentialKitError.jsonLD("invalid base direction", "@direction at \(path) must be \"ltr\" or \"rtl\"")
            }
            expanded = value
        case "@index":
            guard case .string = value else {
                throw CredentialKitError.jsonLD("invalid @index value", "@index at \(path) must be a string")
            }
            expanded = value
        case "@list":
            if state.activeProperty == nil || state.activeProperty == "@graph" { return }
            let list = try expandElement(active, activeProperty: state.activeProperty, value, baseURL: state.baseURL, path: path)
            expanded = .array(list.asArray)
        case "@set":
            expanded = try expandElement(active, activeProperty: state.activeProperty, value, baseURL: state.baseURL, path: path)
        case "@reverse":
            try expandReverseKeyword(value, state: &state, path: path)
            return
        default:
            // Other keywords (@context is skipped by the caller; @base, @vocab … have no meaning here).
            return
        }
        if expanded == .null && !(keyword == "@value" && state.inputType == "@json") { return }
        state.result[keyword] = expanded
    }

    /// Step 13.4.4: the values of `@type`, expanded in the type-scoped context.
    private func expandTypes(_ value: JSONValue, state: ObjectExpansion, path: JSONPath) throws -> JSONValue {
        func expandOne(_ type: String) throws -> JSONValue {
            let iri = expandIRI(state.typeScopedContext, type, documentRelative: true, vocab: true) ?? type
            try checkAbsolute(iri, original: type, role: "type", path: path)
            return .string(iri)
        }
        switch value {
        case .string(let type):
            return try expandOne(type)
        case .array(let items):
            return .array(try items.map { item in
                guard case .string(let type) = item else {
                    throw CredentialKitError.jsonLD("invalid type value", "@type at \(path) must be a string or an array of strings")
                }
                return try expandOne(type)
            })
        default:
            throw CredentialKitError.jsonLD("invalid type value", "@type at \(path) must be a string or an array of strings")
        }
    }

    /// Step 13.4.13: a `@reverse` map.
    private func expandReverseKeyword(_ value: JSONValue, state: inout ObjectExpansion, path: JSONPath) throws {
        guard case .object = value else {
            throw CredentialKitError.jsonLD("invalid @reverse value", "@reverse at \(path) must be a map")
        }
        let expanded = try expandElement(state.active, activeProperty: "@reverse", value, baseURL: state.baseURL, path: path)
        guard case .object(let reversed) = expanded else { return }
        if case .object(let doubleReversed) = reversed["@reverse"] {
            for (property, items) in doubleReversed {
                state.result.appendValues(items, to: property)
            }
        }
        var reverseMap = state.result["@reverse"]?.objectValue ?? JSONObject()
        var touched = false
        for (property, items) in reversed where property != "@reverse" {
            for item in items.asArray {
                if item.isValueObject || item.isListObject {
                    throw CredentialKitError.jsonLD("invalid reverse property value", "the reverse property \(property) at \(path) cannot hold a value or list")
                }
                reverseMap.appendValues(item, to: property)
                touched = true
            }
        }
        if touched { state.result["@reverse"] = .object(reverseMap) }
    }

    /// Steps 13.5–13.14: an entry whose key expands to a property IRI.
    private func expandPropertyEntry(
        _ property: String, key: String, _ value: JSONValue, state: inout ObjectExpansion, path: JSONPath
    ) throws {
        let active = state.active
        let definition = active.terms[key]
        let container = definition?.container ?? []
        var expanded: JSONValue
        if definition?.typeMapping == "@json" {
            expanded = .object(["@value": value, "@type": "@json"])
        } else if container.contains("@language"), case .object(let languageMap) = value {
            expanded = try expandLanguageMap(languageMap, definition: definition, active: active, path: path)
        } else if !container.isDisjoint(with: ["@index", "@type", "@id"]), case .object(let map) = value {
            expanded = try expandIndexMap(map, key: key, container: container, definition: definition, state: state, path: path)
        } else {
            expanded = try expandElement(active, activeProperty: key, value, baseURL: state.baseURL, path: path)
        }
        if expanded == .null { return }
        if container.contains("@list") && !expanded.isListObject {
            expanded = .object(["@list": .array(expanded.asArray)])
        }
        if container.contains("@graph") && !container.contains("@id") && !container.contains("@index") {
            expanded = .array(expanded.asArray.map { .object(["@graph": .array($0.asArray)]) })
        }
        if definition?.isReverse == true {
            var reverseMap = state.result["@reverse"]?.objectValue ?? JSONObject()
            for item in expanded.asArray {
                if item.isValueObject || item.isListObject {
                    throw CredentialKitError.jsonLD("invalid reverse property value", "the reverse property \(key) at \(path) cannot hold a value or list")
                }
                reverseMap.appendValues(item, to: property)
            }
            state.result["@reverse"] = .object(reverseMap)
        } else {
            state.result.appendValues(expanded, to: property)
        }
    }

    /// Step 13.7: a language map.
    private func expandLanguageMap(
        _ map: JSONObject, definition: TermDefinition?, active: ActiveContext, path: JSONPath
    ) throws -> JSONValue {
        var result: [JSONValue] = []
        var direction = active.defaultDirection.map(JSONValue.string) ?? .null
        if let mapped = definition?.direction { direction = mapped }
        for (language, languageValue) in map {
            for item in languageValue.asArray {
                switch item {
                case .null:
                    continue
                case .string:
                    var valueObject: JSONObject = ["@value": item]
                    if language != "@none" && expandIRI(active, language, vocab: true) != "@none" {
                        valueObject["@language"] = .string(language.lowercased())
                    }
                    if direction != .null { valueObject["@direction"] = direction }
                    result.append(.object(valueObject))
                default:
                    throw CredentialKitError.jsonLD("invalid language map value", "the language map at \(path) must hold strings")
                }
            }
        }
        return .array(result)
    }

    /// Step 13.8: an index, id or type map.
    private func expandIndexMap(
        _ map: JSONObject, key: String, container: Set<String>, definition: TermDefinition?, state: ObjectExpansion,
        path: JSONPath
    ) throws -> JSONValue {
        let active = state.active
        let indexKey = definition?.index ?? "@index"
        var result: [JSONValue] = []
        for (index, indexValue) in map {
            var mapContext = active
            if container.contains("@id") || container.contains("@type") {
                mapContext = active.previous?.context ?? active
            }
            if container.contains("@type"), let indexDefinition = mapContext.terms[index], let scoped = indexDefinition.scopedContext {
                mapContext = try applyScopedContext(mapContext, scoped, baseURL: indexDefinition.baseURL)
            }
            let expandedIndex = expandIRI(active, index, vocab: true)
            let items = try expandElement(
                mapContext, activeProperty: key, .array(indexValue.asArray), baseURL: state.baseURL, fromMap: true,
                path: path.appending(index))
            for var item in items.asArray {
                if container.contains("@graph") && !item.isGraphObject {
                    item = .object(["@graph": .array(item.asArray)])
                }
                guard case .object(var object) = item else { continue }
                if container.contains("@index") && indexKey != "@index" && expandedIndex != "@none" {
                    let reExpanded = try expandValue(active, activeProperty: indexKey, .string(index), path: path)
                    let expandedIndexKey = expandIRI(active, indexKey, vocab: true) ?? indexKey
                    object[expandedIndexKey] = .array([reExpanded] + (object[expandedIndexKey]?.asArray ?? []))
                    if object["@value"] != nil {
                        throw CredentialKitError.jsonLD("invalid value object", "a value in the index map at \(path) cannot take the property index \(indexKey)")
                    }
                } else if container.contains("@index") && object["@index"] == nil && expandedIndex != "@none" {
                    object["@index"] = .string(index)
                } else if container.contains("@id") && object["@id"] == nil && expandedIndex != "@none" {
                    object["@id"] = .string(expandIRI(active, index, documentRelative: true) ?? index)
                } else if container.contains("@type") && expandedIndex != "@none" {
                    object["@type"] = .array([.string(expandedIndex ?? index)] + (object["@type"]?.asArray ?? []))
                }
                result.append(.object(object))
            }
        }
        return .array(result)
    }
}

extension JSONValue {
    var isValueObject: Bool { objectValue?["@value"] != nil }
    var isListObject: Bool { objectValue?["@list"] != nil }

    /// A map that is not a value, list or set object.
    var isNodeObject: Bool {
        guard let object = objectValue else { return false }
        return object["@value"] == nil && object["@list"] == nil && object["@set"] == nil
    }

    /// A map with `@graph` and at most `@id` and `@index` besides.
    var isGraphObject: Bool {
        guard let object = objectValue, object["@graph"] != nil else { return false }
        return object.keys.allSatisfy { $0 == "@graph" || $0 == "@id" || $0 == "@index" }
    }
}
