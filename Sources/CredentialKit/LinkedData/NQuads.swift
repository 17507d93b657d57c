/// N-Quads: parsing any valid N-Quads document, and writing canonical N-Quads
/// (RDFC-1.0 Appendix A, which extends canonical N-Triples with a graph label).
///
/// Canonical form writes one statement per line, terms separated by one space,
/// `" .\n"` at the end; IRIs and non-control characters unescaped; `xsd:string`
/// literals without a datatype; `rdf:langString` literals with `@lang`.
package enum NQuads {
    /// Parses an N-Quads document into its quads, in document order (duplicates kept).
    ///
    /// - Parameter text: the document; comments, blank lines, and `CR`/`LF`/`CRLF` line ends are accepted.
    /// - Returns: the quads.
    /// - Throws: ``CredentialKitError`` with code `.invalidNQuads`, naming the line and column.
    package static func parse(_ text: String) throws -> RDFDataset {
        var parser = NQuadsParser(text)
        return try parser.parseDocument()
    }

    /// Serializes one quad as a canonical N-Quads line, ending with `"\n"`.
    ///
    /// Terms are written as they are, without checks: an IRI containing a space or `>`
    /// gives a line that does not read back. ``RDFCanonicalizer`` refuses such terms.
    package static func serialize(_ quad: RDFQuad) -> String {
        var out: [UInt8] = []
        NQuadsSerializer.append(quad, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Serializes quads as canonical N-Quads lines, in the order given.
    ///
    /// For the RDFC-1.0 canonical document (labels replaced and lines sorted), use
    /// ``RDFCanonicalizer`` instead.
    package static func serialize(_ dataset: RDFDataset) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(dataset.count * 128)
        for quad in dataset {
            NQuadsSerializer.append(quad, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension CredentialKitError.Code {
    /// Text that is not valid N-Quads.
    package static let invalidNQuads = Self("invalidNQuads")
}
