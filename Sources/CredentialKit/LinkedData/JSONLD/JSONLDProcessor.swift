/// JSON-LD 1.1 expansion and deserialization to RDF, as Data Integrity's RDFC cryptosuites need them.
///
/// ```swift
/// let dataset = try JSONLDProcessor().toRDF(credential)   // contexts from PinnedContexts only
/// ```
/// Implements the JSON-LD 1.1 Processing Algorithms and API (W3C REC 16 July 2020):
/// Context Processing, Create Term Definition, IRI Expansion, Expansion, Value
/// Expansion, Node Map Generation and Deserialize JSON-LD to RDF. Compaction,
/// flattening and framing are not provided.
package struct JSONLDProcessor: Sendable {
    /// Processing options (the relevant members of the API's `JsonLdOptions`, plus safety limits).
    package struct Options: Sendable {
        /// The base IRI of the document; nil for none (the Data Integrity default).
        package var base: String?
        /// `json-ld-1.1` by default; `json-ld-1.0` applies the 1.0 restrictions.
        package var processingMode: JSONLDProcessingMode
        /// Data Integrity's safe mode: a term expansion would drop, or an `@id`/`@type`
        /// that stays a relative IRI, is an `.undefinedTerm` error instead of silently lost data;
        /// an ill-formed IRI or language tag that RDF conversion would leave out is an `.invalidJSONLD` error.
        package var safeMode: Bool
        /// `i18n-datatype` or `compound-literal` to keep `@direction` in RDF; nil drops it.
        package var rdfDirection: String?
        /// Keep triples whose predicate is a blank node.
        package var produceGeneralizedRdf: Bool
        /// A context applied before the document's own (the API's `expandContext`).
        package var expandContext: JSONValue?
        /// The most remote contexts one context may pull in, directly or through others.
        package var maxRemoteContexts: Int
        /// The deepest nesting of contexts inside contexts (scoped contexts, imports, references).
        package var maxContextDepth: Int
        /// The deepest nesting of JSON arrays and objects expansion descends into.
        package var maxNestingDepth: Int

        package init(
            base: String? = nil, processingMode: JSONLDProcessingMode = .jsonLD11, safeMode: Bool = false,
            rdfDirection: String? = nil, produceGeneralizedRdf: Bool = false, expandContext: JSONValue? = nil,
            maxRemoteContexts: Int = 32, maxContextDepth: Int = 32, maxNestingDepth: Int = 256
        ) {
            self.base = base
            self.processingMode = processingMode
            self.safeMode = safeMode
            self.rdfDirection = rdfDirection
            self.produceGeneralizedRdf = produceGeneralizedRdf
            self.expandContext = expandContext
            self.maxRemoteContexts = maxRemoteContexts
            self.maxContextDepth = maxContextDepth
            self.maxNestingDepth = maxNestingDepth
        }
    }

    let documentLoader: any DocumentLoader
    let options: Options
    let cache: ContextCache

    /// A processor loading contexts from `documentLoader` (by default the pinned copies only).
    package init(documentLoader: some DocumentLoader = PinnedContexts.shared, options: Options = .init()) {
        self.documentLoader = documentLoader
        self.options = options
        // Pinned documents never change, so their processed forms can be shared process-wide.
        self.cache = documentLoader is PinnedContexts ? .pinned : ContextCache()
    }

    /// The expanded form of `document` (JSON-LD 1.1 API § 9.1, `expand()`): always an array.
    package func expand(_ document: JSONValue) throws -> JSONValue {
        var activeContext = cache.initialContext(base: options.base, processingMode: options.processingMode)
        if let expandContext = options.expandContext {
            let local = expandContext["@context"] ?? expandContext
            activeContext = try processContext(activeContext, local, baseURL: options.base)
        }
        var expanded = try expandElement(activeContext, activeProperty: nil, document, baseURL: options.base, path: .root)
        if case .object(let object) = expanded, object.count == 1, let graph = object["@graph"] {
            expanded = graph
        }
        switch expanded {
        case .null: return .array([])
        case .array: return expanded
        default: return .array([expanded])
        }
    }

    /// The RDF dataset `document` denotes (JSON-LD 1.1 API § 9.1, `toRdf()`).
    package func toRDF(_ document: JSONValue) throws -> RDFDataset {
        if let direction = options.rdfDirection, direction != "i18n-datatype", direction != "compound-literal" {
            throw CredentialKitError.jsonLD(
                "invalid rdfDirection", "rdfDirection must be i18n-datatype or compound-literal, not \"\(direction)\"")
        }
        let expanded = try expand(document)
        var issuer = BlankNodeIssuer()
        var nodeMap = NodeMap()
        try nodeMap.add(expanded, issuer: &issuer)
        return try RDFSerializer(
            rdfDirection: options.rdfDirection, produceGeneralizedRdf: options.produceGeneralizedRdf, safeMode: options.safeMode
        ).dataset(from: nodeMap, issuer: &issuer)
    }
}
