/// Context Processing (JSON-LD 1.1 API § 4.1.2): applies a local context to an active context.
extension JSONLDProcessor {
    /// Flags and bookkeeping threaded through one context-processing call.
    struct ContextFlags {
        var remoteContexts: [String] = []
        var overrideProtected = false
        var propagate = true
        var validateScoped = true
        var depth = 0
        /// Shared by the nested calls of one top-level call; created there.
        var budget: ContextWorkBudget?
    }

    /// The most term definitions one top-level context-processing call may create (credentials v2 with OB 3.0.3 needs about 300).
    static let maxTermDefinitionsPerContext = 20_000

    /// Applies `local` to `active` (§ 4.1.2), resolving context URLs against `baseURL`.
    func processContext(
        _ active: ActiveContext, _ local: JSONValue, baseURL: String?, flags: ContextFlags = .init()
    ) throws -> ActiveContext {
        guard flags.depth <= options.maxContextDepth else {
            throw CredentialKitError.jsonLD(
                "context overflow",
                "contexts nest deeper than \(options.maxContextDepth) levels (scoped contexts or context references within contexts); the context is cyclic or too deep")
        }
        var flags = flags
        if flags.budget == nil { flags.budget = ContextWorkBudget(Self.maxTermDefinitionsPerContext) }
        // Steps 1–3.
        var result = active
        if case .object(let object) = local, let propagateValue = object["@propagate"] {
            guard case .bool(let propagate) = propagateValue else {
                throw CredentialKitError.jsonLD("invalid @propagate value", "@propagate must be true or false")
            }
            flags.propagate = propagate
        }
        if !flags.propagate && result.previous == nil {
            result.previous = PreviousContext(active)
            result.id = ActiveContext.newID()
        }
        // Steps 4–5.
        for context in local.asArray {
            switch context {
            case .null:
                if !flags.overrideProtected && result.hasProtectedTerms {
                    throw CredentialKitError.jsonLD(
                        "invalid context nullification", "a null context would remove protected term definitions")
                }
                let previous = result
                result = ActiveContext(base: active.originalBase, processingMode: active.processingMode)
                if !flags.propagate { result.previous = PreviousContext(previous) }
            case .string(let reference):
                result = try processRemoteContext(result, reference: reference, baseURL: baseURL, flags: flags)
            case .object(let definition):
                try applyContextDefinition(definition, to: &result, baseURL: baseURL, flags: flags)
            default:
                throw CredentialKitError.jsonLD(
                    "invalid local context", "a context must be null, a string (IRI) or an object, not \(context.kindName)")
            }
        }
        return result
    }

    /// Step 5.2: dereferences a context IRI and applies the `@context` of the document found there.
    private func processRemoteContext(
        _ result: ActiveContext, reference: String, baseURL: String?, flags: ContextFlags
    ) throws -> ActiveContext {
        let url = IRI.resolve(reference, against: baseURL)
        guard IRI.isAbsolute(url) else {
            throw CredentialKitError.jsonLD(
                "loading document failed", "the context reference \"\(reference)\" is relative and there is no base IRI")
        }
        if !flags.validateScoped && flags.remoteContexts.contains(url) { return result }
        guard flags.remoteContexts.count < options.maxRemoteContexts else {
            throw CredentialKitError.jsonLD(
                "context overflow", "more than \(options.maxRemoteContexts) remote contexts while loading \(url)")
        }
        let cacheKey = ContextCache.Key(
            parent: result.id, source: .url(url), overrideProtected: flags.overrideProtected, propagate: true,
            validateScoped: flags.validateScoped)
        let cacheable = flags.remoteContexts.isEmpty
        if cacheable, let cached = cache.lookup(cacheKey) { return cached }

        let document = try loadContextDocument(url)
        guard let loaded = document["@context"] else {
            throw CredentialKitError.jsonLD("invalid remote context", "the document at \(url) has no top-level @context")
        }
        var inner = ContextFlags()
        inner.remoteContexts = flags.remoteContexts + [url]
        inner.validateScoped = flags.validateScoped
        inner.depth = flags.depth + 1
        inner.budget = flags.budget
        var processed = try processContext(result, loaded, baseURL: url, flags: inner)
        processed.id = ActiveContext.newID()
        if cacheable { cache.store(processed, for: cacheKey) }
        return processed
    }

    /// Loads a context document; loader failures other than Laurel's own errors become `loading remote context failed`.
    private func loadContextDocument(_ url: String) throws -> JSONValue {
        do {
            return try documentLoader.loadDocument(url)
        } catch let error as CredentialKitError {
            throw error
        } catch {
            throw CredentialKitError.jsonLD("loading remote context failed", "the context \(url) could not be loaded: \(error)")
        }
    }

    /// Steps 5.5–5.13: applies one context definition (a map) to `result`.
    private func applyContextDefinition(
        _ definition: JSONObject, to result: inout ActiveContext, baseURL: String?, flags: ContextFlags
    ) throws {
        var context = definition
        if let version = context["@version"] {
            guard version == .number(1.1) else {
                throw CredentialKitError.jsonLD("invalid @version value", "@version must be the number 1.1")
            }
            if result.isJSONLD10 {
                throw CredentialKitError.jsonLD("processing mode conflict", "@version 1.1 in json-ld-1.0 processing mode")
            }
        }
        if let importValue = context["@import"] {
            context = try importContext(importValue, into: context, baseURL: baseURL, mode10: result.isJSONLD10, depth: flags.depth)
        }
        if let baseValue = context["@base"], flags.remoteContexts.isEmpty {
            switch baseValue {
            case .null:
                result.base = nil
            case .string(let value) where IRI.isAbsolute(value):
                result.base = value
            case .string(let value) where result.base != nil:
                result.base = IRI.resolve(value, against: result.base)
            default:
                throw CredentialKitError.jsonLD("invalid base IRI", "@base must be null or an IRI, not \(baseValue.kindName)")
            }
        }
        if let vocabValue = context["@vocab"] {
            switch vocabValue {
            case .null:
                result.vocab = nil
            case .string(let value):
                guard IRI.isAbsolute(value) || IRI.isBlankNode(value) || !result.isJSONLD10 else {
                    throw CredentialKitError.jsonLD("invalid vocab mapping", "@vocab \"\(value)\" is not an IRI")
                }
                result.vocab = expandIRI(result, value, documentRelative: true, vocab: true)
            default:
                throw CredentialKitError.jsonLD("invalid vocab mapping", "@vocab must be null or a string, not \(vocabValue.kindName)")
            }
        }
        if let languageValue = context["@language"] {
            switch languageValue {
            case .null: result.defaultLanguage = nil
            case .string(let value): result.defaultLanguage = value.lowercased()
            default:
                throw CredentialKitError.jsonLD("invalid default language", "@language must be null or a string, not \(languageValue.kindName)")
            }
        }
        if let directionValue = context["@direction"] {
            if result.isJSONLD10 {
                throw CredentialKitError.jsonLD("invalid context entry", "@direction is not allowed in json-ld-1.0 processing mode")
            }
            switch directionValue {
            case .null: result.defaultDirection = nil
            case .string(let value) where value == "ltr" || value == "rtl": result.defaultDirection = value
            default:
                throw CredentialKitError.jsonLD("invalid base direction", "@direction must be null, \"ltr\" or \"rtl\"")
            }
        }
        if let propagateValue = context["@propagate"] {
            if result.isJSONLD10 {
                throw CredentialKitError.jsonLD("invalid context entry", "@propagate is not allowed in json-ld-1.0 processing mode")
            }
            guard case .bool = propagateValue else {
                throw CredentialKitError.jsonLD("invalid @propagate value", "@propagate must be true or false")
            }
        }
        let protected: Bool
        switch context["@protected"] {
        case nil: protected = false
        case .bool(let value): protected = value
        default: throw CredentialKitError.jsonLD("invalid @protected value", "@protected must be true or false")
        }
        var creation = TermCreation(
            localContext: context, baseURL: baseURL, protected: protected,
            overrideProtected: flags.overrideProtected, remoteContexts: flags.remoteContexts, depth: flags.depth,
            budget: flags.budget ?? ContextWorkBudget(Self.maxTermDefinitionsPerContext))
        for key in context.keys where !Self.contextKeywords.contains(key) {
            try createTermDefinition(&result, term: key, creation: &creation)
        }
        result.id = ActiveContext.newID()
    }

    private static let contextKeywords: Set<String> = [
        "@base", "@direction", "@import", "@language", "@propagate", "@protected", "@version", "@vocab",
    ]

    /// Step 5.6: merges the context found at `@import` under the entries of `context`.
    private func importContext(
        _ importValue: JSONValue, into context: JSONObject, baseURL: String?, mode10: Bool, depth: Int
    ) throws -> JSONObject {
        if mode10 {
            throw CredentialKitError.jsonLD("invalid context entry", "@import is not allowed in json-ld-1.0 processing mode")
        }
        guard case .string(let reference) = importValue else {
            throw CredentialKitError.jsonLD("invalid @import value", "@import must be a string (an IRI)")
        }
        let url = IRI.resolve(reference, against: baseURL)
        guard IRI.isAbsolute(url) else {
            throw CredentialKitError.jsonLD("loading document failed", "the @import reference \"\(reference)\" is relative and there is no base IRI")
        }
        let document = try loadContextDocument(url)
        guard case .object(var imported) = document["@context"] else {
            throw CredentialKitError.jsonLD("invalid remote context", "the document at \(url) has no @context map to import")
        }
        if imported["@import"] != nil {
            throw CredentialKitError.jsonLD("invalid context entry", "the context imported from \(url) itself has @import")
        }
        for (key, value) in context where key != "@import" {
            imported[key] = value
        }
        return imported
    }

    /// Applies the scoped context of `definition` (property- or type-scoped), using the processed-context cache.
    func applyScopedContext(
        _ active: ActiveContext, _ scoped: ScopedContext, baseURL: String?, overrideProtected: Bool = false, propagate: Bool = true
    ) throws -> ActiveContext {
        let key = ContextCache.Key(
            parent: active.id, source: .scoped(scoped.id), overrideProtected: overrideProtected, propagate: propagate,
            validateScoped: true)
        if let cached = cache.lookup(key) { return cached }
        var flags = ContextFlags()
        flags.overrideProtected = overrideProtected
        flags.propagate = propagate
        var processed = try processContext(active, scoped.value, baseURL: baseURL, flags: flags)
        if processed.id == active.id { processed.id = ActiveContext.newID() }
        cache.store(processed, for: key)
        return processed
    }
}

/// How many more term definitions the current context processing may create, so that
/// contexts whose scoped contexts fan out (each validated where it is defined) end with an error.
final class ContextWorkBudget {
    private(set) var remaining: Int

    init(_ limit: Int) { remaining = limit }

    /// Uses up one term definition; throws a context overflow when none are left.
    func spendTermDefinition(_ term: String) throws {
        remaining -= 1
        if remaining < 0 {
            throw CredentialKitError.jsonLD(
                "context overflow",
                "processing the context needed more than \(JSONLDProcessor.maxTermDefinitionsPerContext) term definitions (at \"\(term)\"); its scoped contexts fan out too far")
        }
    }
}
