import Synchronization

/// One embedded context document: the URL it is published at and its exact text.
struct PinnedDocument: Sendable {
    let url: String
    let text: String
}

/// The JSON-LD contexts Laurel trusts, embedded in the product (never fetched).
///
/// Serves the W3C Verifiable Credentials v1/v2 and examples contexts, Data Integrity v1/v2,
/// Multikey, Bitstring Status List, Ed25519Signature2020 and the Open Badges 3.0 contexts.
/// Any other URL fails with `.contextNotPinned`. Each document is parsed once, on first use.
package struct PinnedContexts: DocumentLoader {
    /// The loader every ``JSONLDProcessor`` uses by default.
    package static let shared = PinnedContexts()

    /// Every URL served, in a stable order.
    package static let urls: [String] = documents.map(\.url)

    static let documents: [PinnedDocument] = [
        credentialsV2, credentialsV1, credentialsExamplesV2, dataIntegrityV1, dataIntegrityV2, multikeyV1,
        bitstringStatusListV1, ed25519Signature2020V1, openBadgesV3p0, openBadgesV3p0_1, openBadgesV3p0_2,
        openBadgesV3p0_3, openBadgesExtensionsV3p0,
    ]

    private static let textByURL: [String: String] = Dictionary(
        documents.map { ($0.url, $0.text) }, uniquingKeysWith: { first, _ in first })

    private static let parsed = Mutex<[String: JSONValue]>([:])

    /// The embedded text of the context at `url`, if pinned.
    static func text(for url: String) -> String? { textByURL[url] }

    /// The parsed context at `url`; throws `.contextNotPinned` naming the URL when it is not pinned.
    package func loadDocument(_ url: String) throws -> JSONValue {
        if let cached = Self.parsed.withLock({ $0[url] }) { return cached }
        guard let text = Self.textByURL[url] else {
            throw CredentialKitError(
                .contextNotPinned,
                "the JSON-LD context \(url) is not one of Laurel's pinned contexts, and contexts are never fetched from the network")
        }
        let document = try JSONParser.parse(text)
        Self.parsed.withLock { $0[url] = document }
        return document
    }
}
