import Synchronization

/// A thread-safe cache of processed contexts, so large contexts are processed once, not per document.
///
/// A processed context is keyed by the identity of the active context it was applied to,
/// plus the context URL (or scoped context identity) and the processing flags. Because
/// cached results keep their identity, a chain like `[credentials/v2, ob/v3p0]` hits the
/// cache at every step. Only safe when the documents behind the URLs never change,
/// which is why the shared cache is used for ``PinnedContexts`` only.
final class ContextCache: Sendable {
    struct Key: Hashable, Sendable {
        var parent: Int
        var source: Source
        var overrideProtected: Bool
        var propagate: Bool
        var validateScoped: Bool
    }

    enum Source: Hashable, Sendable {
        case url(String)
        case scoped(Int)
    }

    private struct InitialKey: Hashable {
        var base: String?
        var processingMode: JSONLDProcessingMode
    }

    private let entries = Mutex<[Key: ActiveContext]>([:])
    private let initialContexts = Mutex<[InitialKey: ActiveContext]>([:])
    private let capacity: Int

    /// A cache holding at most `capacity` processed contexts; when full it starts over.
    init(capacity: Int = 256) { self.capacity = capacity }

    /// The cache shared by every processor that loads from ``PinnedContexts``.
    static let pinned = ContextCache()

    func lookup(_ key: Key) -> ActiveContext? {
        entries.withLock { $0[key] }
    }

    func store(_ context: ActiveContext, for key: Key) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = context
        }
    }

    /// A canonical initial context per base and mode, so cache keys derived from it repeat across documents.
    func initialContext(base: String?, processingMode: JSONLDProcessingMode) -> ActiveContext {
        let key = InitialKey(base: base, processingMode: processingMode)
        return initialContexts.withLock { contexts in
            if let existing = contexts[key] { return existing }
            if contexts.count >= capacity { contexts.removeAll() }
            let context = ActiveContext(base: base, processingMode: processingMode)
            contexts[key] = context
            return context
        }
    }
}
