/// RDFC-1.0 canonical N-Quads of a JSON-LD document, as the `*-rdfc-*` cryptosuites and
/// `Ed25519Signature2020` hash it.
///
/// Expansion runs in Data Integrity's safe mode with the pinned contexts only: a term no
/// context defines is an error rather than data silently left out of what is signed.
enum LinkedDataCanonicalization {
    static let processor = JSONLDProcessor(options: .init(safeMode: true))

    static func canonicalNQuads(of document: JSONObject) throws -> [UInt8] {
        let dataset = try processor.toRDF(.object(document))
        return Array(try RDFCanonicalizer().canonicalize(dataset).nquads.utf8)
    }
}
