/// Supplies remote JSON-LD documents (contexts) by URL.
///
/// Laurel never fetches contexts over the network: the default loader is
/// ``PinnedContexts``, which serves embedded copies and refuses any other URL.
package protocol DocumentLoader: Sendable {
    /// The parsed document at `url`; throws `.contextNotPinned` naming the URL when it is unknown.
    func loadDocument(_ url: String) throws -> JSONValue
}
