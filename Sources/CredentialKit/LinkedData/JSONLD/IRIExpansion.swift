/// IRI Expansion (JSON-LD 1.1 API § 4.3.2).
extension JSONLDProcessor {
    /// Expands a term, compact IRI, keyword or relative IRI to an absolute IRI, blank node identifier or keyword.
    ///
    /// Returns nil when the value maps to nothing (a keyword-like string, or a term decoupled with `"@id": null`);
    /// a relative IRI that cannot be resolved comes back unchanged.
    func expandIRI(_ active: ActiveContext, _ value: String, documentRelative: Bool = false, vocab: Bool = false) -> String? {
        if value.utf8.first == UInt8(ascii: "@") {
            if IRI.isKeyword(value) { return value }
            if IRI.hasKeywordForm(value) { return nil }
        }
        if let definition = active.terms[value] {
            if let iri = definition.iri, IRI.isKeyword(iri) { return iri }
            if vocab { return definition.iri }
        }
        if let colon = IRI.prefixColon(value) {
            let prefix = String(value[..<colon])
            let suffix = value[value.index(after: colon)...]
            if prefix == "_" || suffix.hasPrefix("//") { return value }
            if let definition = active.terms[prefix], let iri = definition.iri, definition.isPrefix {
                return iri + suffix
            }
            if IRI.isAbsolute(value) { return value }
        }
        if vocab, let vocabulary = active.vocab { return vocabulary + value }
        if documentRelative { return IRI.resolve(value, against: active.base) }
        return value
    }

    /// IRI expansion while a context definition is being processed: first defines, on demand,
    /// the terms of the local context that `value` depends on (steps 3 and 6.3).
    func expandIRI(
        _ active: inout ActiveContext, _ value: String, documentRelative: Bool = false, vocab: Bool = false,
        creation: inout TermCreation
    ) throws -> String? {
        if IRI.isKeyword(value) { return value }
        if creation.localContext[value] != nil && creation.defined[value] != true {
            try createTermDefinition(&active, term: value, creation: &creation)
        }
        if let colon = IRI.prefixColon(value) {
            let prefix = String(value[..<colon])
            let isBlankOrAbsolute = prefix == "_" || value[value.index(after: colon)...].hasPrefix("//")
            if !isBlankOrAbsolute && creation.localContext[prefix] != nil && creation.defined[prefix] != true {
                try createTermDefinition(&active, term: prefix, creation: &creation)
            }
        }
        return expandIRI(active, value, documentRelative: documentRelative, vocab: vocab)
    }
}
