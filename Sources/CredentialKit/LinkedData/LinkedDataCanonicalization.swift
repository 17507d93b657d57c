/// RDFC-1.0 canonical N-Quads of a JSON-LD document, as the `*-rdfc-*` cryptosuites and
/// `Ed25519Signature2020` hash it.
///
/// Expansion runs in Data Integrity's safe mode with the pinned contexts only: a term no
/// context defines is an error rather than data silently left out of what is signed.
enum LinkedDataCanonicalization {
    static let processor = JSONLDProcessor(options: .init(safeMode: true))
    /// Without safe mode, as JSON-LD processors read documents by default: what no context
    /// defines is left out. Used only to learn whether a signature covers the rest.
    static let laxProcessor = JSONLDProcessor(options: .init(safeMode: false))

    static func canonicalNQuads(of document: JSONObject, safeMode: Bool = true) throws -> [UInt8] {
        let dataset = try (safeMode ? processor : laxProcessor).toRDF(.object(document))
        return Array(try RDFCanonicalizer().canonicalize(dataset).nquads.utf8)
    }
}
