/// The state of one context definition's term creation: the local context and which terms are done.
struct TermCreation {
    let localContext: JSONObject
    let baseURL: String?
    let protected: Bool
    let overrideProtected: Bool
    let remoteContexts: [String]
    let depth: Int
    let budget: ContextWorkBudget
    /// true once a term is defined; false while its definition is in progress (to detect cycles).
    var defined: [String: Bool] = [:]

    init(
        localContext: JSONObject, baseURL: String?, protected: Bool, overrideProtected: Bool, remoteContexts: [String], depth: Int,
        budget: ContextWorkBudget
    ) {
        self.localContext = localContext
        self.baseURL = baseURL
        self.protected = protected
        self.overrideProtected = overrideProtected
        self.remoteContexts = remoteContexts
        self.depth = depth
        self.budget = budget
    }
}

/// Create Term Definition (JSON-LD 1.1 API § 4.2.2).
extension JSONLDProcessor {
    private static let containerKeywords: Set<String> = ["@graph", "@id", "@index", "@language", "@list", "@set", "@type"]
    private static let termDefinitionKeys: Set<String> = [
        "@id", "@reverse", "@container", "@context", "@direction", "@index", "@language", "@nest", "@prefix",
        "@protected", "@type",
    ]

    /// Defines `term` from the local context of `creation` in `active`.
    func createTermDefinition(_ active: inout ActiveContext, term: String, creation: inout TermCreation) throws {
        // Steps 1–3.
        if let state = creation.defined[term] {
            if state { return }
            throw CredentialKitError.jsonLD("cyclic IRI mapping", "the definition of \"\(term)\" depends on itself")
        }
        if term.isEmpty {
            throw CredentialKitError.jsonLD("invalid term definition", "a term must not be the empty string")
        }
        creation.defined[term] = false
        try creation.budget.spendTermDefinition(term)
        var value = creation.localContext[term] ?? .null
        // Step 4–5: keywords.
        if term == "@type" {
            guard !active.isJSONLD10, case .object(let object) = value, !object.isEmpty,
                object.keys.allSatisfy({ $0 == "@container" || $0 == "@protected" }),
                object["@container"] == nil || object["@container"] == .string("@set")
            else {
                throw CredentialKitError.jsonLD("keyword redefinition", "@type may only be given @container: @set and @protected")
            }
        } else if IRI.isKeyword(term) {
            throw CredentialKitError.jsonLD("keyword redefinition", "the keyword \(term) cannot be redefined")
        } else if IRI.hasKeywordForm(term) {
            creation.defined[term] = true
            return
        }
        // Steps 6–9.
        let previous = active.terms.removeValue(forKey: term)
        var simpleTerm = false
        switch value {
        case .null:
            value = .object(["@id": .null])
        case .string:
            value = .object(["@id": value])
            simpleTerm = true
        case .object:
            break
        default:
            throw CredentialKitError.jsonLD(
                "invalid term definition", "the definition of \"\(term)\" must be null, a string or an object, not \(value.kindName)")
        }
        guard case .object(let entries) = value else { return }
        // Steps 10–11.
        var definition = TermDefinition()
        definition.isProtected = creation.protected
        if let protectedValue = entries["@protected"] {
            if active.isJSONLD10 {
                throw CredentialKitError.jsonLD("invalid term definition", "@protected in \"\(term)\" needs json-ld-1.1")
            }
            guard case .bool(let flag) = protectedValue else {
                throw CredentialKitError.jsonLD("invalid @protected value", "@protected of \"\(term)\" must be true or false")
            }
            definition.isProtected = flag
        }
        // Step 12: type mapping.
        if let typeValue = entries["@type"] {
            guard case .string(let type) = typeValue else {
                throw CredentialKitError.jsonLD("invalid type mapping", "@type of \"\(term)\" must be a string")
            }
            let expanded = try expandIRI(&active, type, vocab: true, creation: &creation)
            if (expanded == "@json" || expanded == "@none") && active.isJSONLD10 {
                throw CredentialKitError.jsonLD("invalid type mapping", "@type \(type) of \"\(term)\" needs json-ld-1.1")
            }
            guard let expanded, ["@id", "@json", "@none", "@vocab"].contains(expanded) || IRI.isAbsolute(expanded) else {
                throw CredentialKitError.jsonLD("invalid type mapping", "@type \"\(type)\" of \"\(term)\" is not an IRI")
            }
            definition.typeMapping = expanded
        }
        // Step 13: reverse properties (their container, index and context are then handled as for others).
        if let reverseValue = entries["@reverse"] {
            guard try defineReverse(&active, term: term, reverseValue, entries: entries, definition: &definition, creation: &creation) else {
                return
            }
        } else if let idValue = entries["@id"], idValue != .string(term) {
            switch idValue {
            case .null:
                break
            case .string(let id):
                if !IRI.isKeyword(id) && IRI.hasKeywordForm(id) {
                    creation.defined[term] = true
                    return
                }
                guard let expanded = try expandIRI(&active, id, vocab: true, creation: &creation),
                    IRI.isKeyword(expanded) || IRI.isAbsolute(expanded) || IRI.isBlankNode(expanded)
                else {
                    throw CredentialKitError.jsonLD("invalid IRI mapping", "@id \"\(id)\" of \"\(term)\" is not an IRI, blank node or keyword")
                }
                if expanded == "@context" {
                    throw CredentialKitError.jsonLD("invalid keyword alias", "\"\(term)\" cannot be an alias of @context")
                }
                definition.iri = expanded
                let innerColon = term.utf8.dropFirst().dropLast().contains(UInt8(ascii: ":"))
                if innerColon || term.utf8.contains(UInt8(ascii: "/")) {
                    creation.defined[term] = true
                    let termExpansion = try expandIRI(&active, term, vocab: true, creation: &creation)
                    if termExpansion != expanded {
                        throw CredentialKitError.jsonLD(
                            "invalid IRI mapping", "the term \"\(term)\" looks like an IRI that differs from its @id \"\(expanded)\"")
                    }
                }
                if !term.utf8.contains(UInt8(ascii: ":")) && !term.utf8.contains(UInt8(ascii: "/")) && simpleTerm
                    && (IRI.endsWithGenDelim(expanded) || IRI.isBlankNode(expanded))
                {
                    definition.isPrefix = true
                }
            default:
                throw CredentialKitError.jsonLD("invalid IRI mapping", "@id of \"\(term)\" must be a string or null")
            }
        } else if let colon = term.utf8.dropFirst().firstIndex(of: UInt8(ascii: ":")) {
            let prefix = String(term[..<colon])
            let suffix = term[term.index(after: colon)...]
            if creation.localContext[prefix] != nil {
                try createTermDefinition(&active, term: prefix, creation: &creation)
            }
            if let prefixDefinition = active.terms[prefix], let prefixIRI = prefixDefinition.iri {
                definition.iri = prefixIRI + suffix
            } else {
                definition.iri = term
            }
        } else if term.utf8.contains(UInt8(ascii: "/")) {
            guard let expanded = expandIRI(active, term, vocab: true).flatMap({ IRI.isAbsolute($0) ? $0 : nil }) else {
                throw CredentialKitError.jsonLD("invalid IRI mapping", "the term \"\(term)\" is a relative IRI with no vocabulary to resolve it")
            }
            definition.iri = expanded
        } else if term == "@type" {
            definition.iri = "@type"
        } else if let vocabulary = active.vocab {
            definition.iri = vocabulary + term
        } else {
            throw CredentialKitError.jsonLD("invalid IRI mapping", "the term \"\(term)\" has no @id and there is no @vocab")
        }
        // Step 19: container.
        if let containerValue = entries["@container"], !(definition.isReverse && containerValue == .null) {
            definition.container = try containerMapping(containerValue, term: term, mode10: active.isJSONLD10)
            if definition.container.contains("@type") {
                if definition.typeMapping == nil { definition.typeMapping = "@id" }
                guard definition.typeMapping == "@id" || definition.typeMapping == "@vocab" else {
                    throw CredentialKitError.jsonLD("invalid type mapping", "a @type container on \"\(term)\" needs @type @id or @vocab")
                }
            }
        }
        // Step 20: index.
        if let indexValue = entries["@index"] {
            guard !active.isJSONLD10, definition.container.contains("@index"), case .string(let index) = indexValue,
                !IRI.isKeyword(index), let expanded = expandIRI(active, index, vocab: true), IRI.isAbsolute(expanded)
            else {
                throw CredentialKitError.jsonLD("invalid term definition", "@index of \"\(term)\" must name a property and needs an @index container")
            }
            definition.index = index
        }
        // Step 21: scoped context, validated now and applied during expansion.
        if let scoped = entries["@context"] {
            if active.isJSONLD10 {
                throw CredentialKitError.jsonLD("invalid term definition", "a scoped @context on \"\(term)\" needs json-ld-1.1")
            }
            var flags = ContextFlags()
            flags.remoteContexts = creation.remoteContexts
            flags.overrideProtected = true
            flags.validateScoped = false
            flags.depth = creation.depth + 1
            flags.budget = creation.budget
            do {
                _ = try processContext(active, scoped, baseURL: creation.baseURL, flags: flags)
            } catch let error as CredentialKitError where error.code == .invalidJSONLD {
                if error.jsonLDErrorCode == "context overflow" { throw error }
                throw CredentialKitError.jsonLD("invalid scoped context", "the @context of \"\(term)\" is invalid (\(error.reason))")
            }
            definition.scopedContext = ScopedContext(id: ActiveContext.newID(), value: scoped)
            definition.baseURL = creation.baseURL
        }
        // Steps 22–23: language and direction.
        if entries["@type"] == nil {
            if let languageValue = entries["@language"] {
                switch languageValue {
                case .null: definition.language = .null
                case .string(let language): definition.language = .string(language.lowercased())
                default: throw CredentialKitError.jsonLD("invalid language mapping", "@language of \"\(term)\" must be a string or null")
                }
            }
            if let directionValue = entries["@direction"] {
                guard directionValue == .null || directionValue == "ltr" || directionValue == "rtl" else {
                    throw CredentialKitError.jsonLD("invalid base direction", "@direction of \"\(term)\" must be null, \"ltr\" or \"rtl\"")
                }
                definition.direction = directionValue
            }
        }
        // Step 24: nest.
        if let nestValue = entries["@nest"] {
            if active.isJSONLD10 {
                throw CredentialKitError.jsonLD("invalid term definition", "@nest on \"\(term)\" needs json-ld-1.1")
            }
            guard case .string(let nest) = nestValue, !IRI.isKeyword(nest) || nest == "@nest" else {
                throw CredentialKitError.jsonLD("invalid @nest value", "@nest of \"\(term)\" must be a term, not a keyword")
            }
            definition.nest = nest
        }
        // Step 25: prefix flag.
        if let prefixValue = entries["@prefix"] {
            if active.isJSONLD10 || term.utf8.contains(UInt8(ascii: ":")) || term.utf8.contains(UInt8(ascii: "/")) {
                throw CredentialKitError.jsonLD("invalid term definition", "@prefix is not allowed on \"\(term)\"")
            }
            guard case .bool(let flag) = prefixValue else {
                throw CredentialKitError.jsonLD("invalid @prefix value", "@prefix of \"\(term)\" must be true or false")
            }
            definition.isPrefix = flag
            if flag, let iri = definition.iri, IRI.isKeyword(iri) {
                throw CredentialKitError.jsonLD("invalid term definition", "the keyword alias \"\(term)\" cannot be a prefix")
            }
        }
        // Step 26.
        if let unknown = entries.keys.first(where: { !Self.termDefinitionKeys.contains($0) }) {
            throw CredentialKitError.jsonLD("invalid term definition", "the definition of \"\(term)\" has an unknown entry \(unknown)")
        }
        try finish(&active, term: term, definition: definition, previous: previous, creation: &creation)
    }

    /// Step 13: the IRI mapping of a reverse property; false when the term is to be ignored.
    private func defineReverse(
        _ active: inout ActiveContext, term: String, _ reverseValue: JSONValue, entries: JSONObject,
        definition: inout TermDefinition, creation: inout TermCreation
    ) throws -> Bool {
        if entries["@id"] != nil || entries["@nest"] != nil {
            throw CredentialKitError.jsonLD("invalid reverse property", "\"\(term)\" has @reverse together with @id or @nest")
        }
        guard case .string(let reverse) = reverseValue else {
            throw CredentialKitError.jsonLD("invalid IRI mapping", "@reverse of \"\(term)\" must be a string")
        }
        if IRI.hasKeywordForm(reverse) {
            creation.defined[term] = true
            return false
        }
        guard let expanded = try expandIRI(&active, reverse, vocab: true, creation: &creation),
            IRI.isAbsolute(expanded) || IRI.isBlankNode(expanded)
        else {
            throw CredentialKitError.jsonLD("invalid IRI mapping", "@reverse \"\(reverse)\" of \"\(term)\" is not an IRI")
        }
        definition.iri = expanded
        if let containerValue = entries["@container"], containerValue != .null,
            containerValue != .string("@set"), containerValue != .string("@index")
        {
            throw CredentialKitError.jsonLD("invalid reverse property", "the @container of reverse property \"\(term)\" must be @set, @index or null")
        }
        definition.isReverse = true
        return true
    }

    /// Step 19.1–19.3: validates a container mapping.
    private func containerMapping(_ value: JSONValue, term: String, mode10: Bool) throws -> Set<String> {
        let invalid = CredentialKitError.jsonLD("invalid container mapping", "the @container of \"\(term)\" is not a valid combination")
        var items: [String] = []
        for item in value.asArray {
            guard case .string(let keyword) = item, Self.containerKeywords.contains(keyword) else { throw invalid }
            items.append(keyword)
        }
        let set = Set(items)
        if mode10 {
            guard case .string = value, !["@graph", "@id", "@type"].contains(items.first ?? "") else { throw invalid }
        }
        guard !set.isEmpty, set.count == items.count else { throw invalid }
        if set.count == 1 { return set }
        if set.contains("@graph") {
            let rest = set.subtracting(["@graph", "@set"])
            guard rest.isEmpty || rest == ["@id"] || rest == ["@index"] else { throw invalid }
            return set
        }
        guard set.contains("@set"), set.isSubset(of: ["@set", "@index", "@id", "@type", "@language"]),
            set.count == 2
        else { throw invalid }
        return set
    }

    /// Steps 27–28: protected-term checks, then stores the definition.
    private func finish(
        _ active: inout ActiveContext, term: String, definition: TermDefinition, previous: TermDefinition?,
        creation: inout TermCreation
    ) throws {
        var definition = definition
        if !creation.overrideProtected, let previous, previous.isProtected {
            guard definition.matchesIgnoringProtection(previous) else {
                throw CredentialKitError.jsonLD("protected term redefinition", "the protected term \"\(term)\" cannot be redefined")
            }
            definition = previous
        }
        active.terms[term] = definition
        creation.defined[term] = true
    }
}
