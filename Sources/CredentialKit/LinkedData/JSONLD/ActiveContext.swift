import Synchronization

/// The processing mode: JSON-LD 1.1 (default) or the stricter JSON-LD 1.0.
package enum JSONLDProcessingMode: String, Sendable {
    case jsonLD10 = "json-ld-1.0"
    case jsonLD11 = "json-ld-1.1"
}

/// A scoped context (`@context` inside a term definition), with an identity for caching its processing.
struct ScopedContext: Sendable {
    /// Unique per created term definition, so a processed scoped context can be cached without hashing its JSON.
    let id: Int
    let value: JSONValue
}

/// One term definition of an active context (JSON-LD 1.1 API § 4.1).
struct TermDefinition: Sendable {
    /// The IRI mapping (an IRI, blank node identifier or keyword); nil when the term is decoupled (`"@id": null`).
    var iri: String?
    var isPrefix = false
    var isProtected = false
    var isReverse = false
    var baseURL: String?
    var scopedContext: ScopedContext?
    /// The container mapping; empty when there is none.
    var container: Set<String> = []
    /// nil when not set; `.null` or a string when set.
    var direction: JSONValue?
    var index: String?
    /// nil when not set; `.null` or a string when set.
    var language: JSONValue?
    var nest: String?
    var typeMapping: String?

    /// True when both definitions agree on everything but the protected flag (§ 4.2.2 step 27.1).
    func matchesIgnoringProtection(_ other: TermDefinition) -> Bool {
        iri == other.iri && isPrefix == other.isPrefix && isReverse == other.isReverse
            && scopedContext?.value == other.scopedContext?.value && container == other.container
            && direction == other.direction && index == other.index && language == other.language
            && nest == other.nest && typeMapping == other.typeMapping
    }
}

/// An active context (JSON-LD 1.1 API § 4.1): term definitions and defaults in force at a point of a document.
struct ActiveContext: Sendable {
    /// Identifies this exact context for the processed-context cache; renewed whenever processing yields a new context.
    var id: Int
    var terms: [String: TermDefinition] = [:]
    var base: String?
    var originalBase: String?
    var vocab: String?
    var defaultLanguage: String?
    var defaultDirection: String?
    /// The context to revert to for new node objects, set by non-propagated (type-scoped) contexts.
    var previous: PreviousContext?
    var processingMode: JSONLDProcessingMode

    init(base: String?, processingMode: JSONLDProcessingMode) {
        id = ActiveContext.newID()
        self.base = base
        originalBase = base
        self.processingMode = processingMode
    }

    var isJSONLD10: Bool { processingMode == .jsonLD10 }

    var hasProtectedTerms: Bool { terms.values.contains { $0.isProtected } }

    private static let counter = Atomic<Int>(0)

    /// A process-wide unique identifier for contexts and scoped contexts.
    static func newID() -> Int {
        counter.add(1, ordering: .relaxed).newValue
    }
}

/// A boxed active context, so ``ActiveContext`` can refer to its previous context.
final class PreviousContext: Sendable {
    let context: ActiveContext
    init(_ context: ActiveContext) { self.context = context }
}
