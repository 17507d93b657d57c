/// Value Expansion (JSON-LD 1.1 API § 5.3.2).
extension JSONLDProcessor {
    /// Expands a scalar under `activeProperty` to a value object, or to a node reference for `@id`/`@vocab` coercion.
    func expandValue(_ active: ActiveContext, activeProperty: String?, _ value: JSONValue, path: JSONPath) throws -> JSONValue {
        try expandValue(active, definition: activeProperty.flatMap { active.terms[$0] }, value, path: path)
    }

    /// ``expandValue(_:activeProperty:_:path:)`` with the active property's definition in `active` already looked up.
    func expandValue(_ active: ActiveContext, definition: TermDefinition?, _ value: JSONValue, path: JSONPath) throws -> JSONValue {
        let typeMapping = definition?.typeMapping
        if case .string(let string) = value, typeMapping == "@id" || typeMapping == "@vocab" {
            guard let expanded = expandIRI(active, string, documentRelative: true, vocab: typeMapping == "@vocab") else {
                return .object(["@id": .null])
            }
            try checkAbsolute(expanded, original: string, role: "IRI value", path: path)
            return .object(["@id": .string(expanded)])
        }
        var result: JSONObject = ["@value": value]
        if let typeMapping, typeMapping != "@id", typeMapping != "@vocab", typeMapping != "@none" {
            result["@type"] = .string(typeMapping)
        } else if case .string = value {
            let language = definition?.language ?? active.defaultLanguage.map(JSONValue.string) ?? .null
            let direction = definition?.direction ?? active.defaultDirection.map(JSONValue.string) ?? .null
            if language != .null { result["@language"] = language }
            if direction != .null { result["@direction"] = direction }
        }
        return .object(result)
    }

    /// In safe mode, rejects an IRI that stayed relative (it would be silently lost in RDF).
    func checkAbsolute(_ iri: String, original: String, role: String, path: JSONPath) throws {
        guard options.safeMode, !IRI.isAbsolute(iri), !IRI.isBlankNode(iri) else { return }
        throw CredentialKitError(
            .undefinedTerm,
            "the \(role) \"\(original)\" at \(path) is not defined by any context and is not an absolute IRI; safe mode refuses to drop it")
    }
}
