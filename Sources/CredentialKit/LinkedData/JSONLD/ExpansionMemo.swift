import Synchronization

/// Expansions of larger JSON objects met more than once, in the same context.
///
/// A batch signs thousands of credentials that share one achievement — most of each document —
/// and expanding it again for every learner is most of the RDFC signing time. Expansion of an
/// object is a pure function of the object, the active context (a context's `id` names its
/// content for the life of the process: every change makes a new one), the active property, the
/// base, how deep the object sits (for the nesting limit) and the processing options; errors are
/// never remembered. An object is remembered the second time it is met, so documents seen once
/// (a verifier's) cost only a hash.
final class ExpansionMemo: Sendable {
    static let shared = ExpansionMemo()
    /// Objects with fewer members are expanded every time (they are cheap, and mostly unique).
    static let minimumMembers = 8
    /// How many expansions are remembered before the memory starts again.
    static let capacity = 256

    struct Key: Hashable {
        var contextID: Int
        var activeProperty: String?
        var fromMap: Bool
        var baseURL: String?
        var depth: Int
        var safeMode: Bool
        var processingMode: String
        var maxNestingDepth: Int
        var element: JSONValue
    }

    private struct State {
        var expanded: [Key: JSONValue] = [:]
        /// Hashes of keys met once.
        var seen: Set<Int> = []
    }

    private let state = Mutex(State())

    /// The remembered expansion for `key`, or the one `expand` makes (remembered when met before).
    func expansion(for key: Key, expand: () throws -> JSONValue) throws -> JSONValue {
        let hash = key.hashValue
        let (known, metBefore) = state.withLock { state -> (JSONValue?, Bool) in
            if let known = state.expanded[key] { return (known, true) }
            return (nil, !state.seen.insert(hash).inserted)
        }
        if let known { return known }
        let expanded = try expand()
        if metBefore {
            state.withLock { state in
                if state.expanded.count >= Self.capacity { state.expanded.removeAll() }
                state.expanded[key] = expanded
            }
        }
        state.withLock { state in if state.seen.count >= 16 * Self.capacity { state.seen.removeAll() } }
        return expanded
    }
}
