/// RDFC-1.0 canonical N-Quads of a JSON-LD document, as the `*-rdfc-*` cryptosuites hash it.
enum LinkedDataCanonicalization {
    static func canonicalNQuads(of document: JSONObject) throws -> [UInt8] {
        throw CredentialKitError(.unsupportedProof, "RDF canonicalization is not available yet")
    }
}
