/// Writes RDF terms and quads in canonical N-Quads form (RDFC-1.0 Appendix A) as UTF-8 bytes.
///
/// The byte-level writers are shared with ``RDFCanonicalizer``, which serializes
/// quads with substituted blank node labels many times while hashing.
enum NQuadsSerializer {
    /// Appends one quad as a canonical line, ending with `LF`.
    static func append(_ quad: RDFQuad, to out: inout [UInt8]) {
        appendTerm(quad.subject, to: &out)
        out.append(space)
        appendTerm(quad.predicate, to: &out)
        out.append(space)
        appendTerm(quad.object, to: &out)
        out.append(space)
        if let graph = quad.graph {
            appendTerm(graph, to: &out)
            out.append(space)
        }
        appendLineEnd(to: &out)
    }

    /// Appends a term: `<iri>`, `_:label`, or a literal.
    static func appendTerm(_ term: RDFTerm, to out: inout [UInt8]) {
        switch term {
        case .iri(let iri): appendIRI(iri, to: &out)
        case .blankNode(let label): appendBlankNode(label, to: &out)
        case .literal(let literal): appendLiteral(literal, to: &out)
        }
    }

    /// Appends `<iri>`; IRIs are written as they are, since canonical form uses no `UCHAR` in them.
    static func appendIRI(_ iri: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "<"))
        out.append(contentsOf: iri.utf8)
        out.append(UInt8(ascii: ">"))
    }

    /// Appends `_:label`.
    static func appendBlankNode(_ label: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "_"))
        out.append(UInt8(ascii: ":"))
        out.append(contentsOf: label.utf8)
    }

    /// Appends `"…"`, then `@lang` for `rdf:langString` or `^^<datatype>` unless the datatype is `xsd:string`.
    static func appendLiteral(_ literal: RDFLiteral, to out: inout [UInt8]) {
        out.append(quote)
        appendEscaped(literal.lexicalForm, to: &out)
        out.append(quote)
        if let language = literal.language, literal.datatype == RDFLiteral.rdfLangString {
            out.append(UInt8(ascii: "@"))
            out.append(contentsOf: language.utf8)
        } else if literal.datatype != RDFLiteral.xsdString {
            out.append(UInt8(ascii: "^"))
            out.append(UInt8(ascii: "^"))
            appendIRI(literal.datatype, to: &out)
        }
    }

    /// Appends `.` and `LF`, which end a canonical statement after the last term's trailing space.
    static func appendLineEnd(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "\n"))
    }

    /// Appends the body of a `STRING_LITERAL_QUOTE` in canonical form.
    ///
    /// `BS HT LF FF CR " \` use `ECHAR`; the other C0 controls, `DEL`, and the
    /// non-characters U+FFFE and U+FFFF (outside XML 1.1 `Char`) use `\uXXXX`
    /// with upper-case hex; everything else is written unescaped.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendEscaped(utf8: $0, to: &out) }
    }

    private static func appendEscaped(utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        // Most literals need no escapes: copy them whole. (0xEF may start U+FFFE or U+FFFF.)
        if !utf8.contains(where: { $0 < 0x20 || $0 == quote || $0 == backslash || $0 == 0x7F || $0 == 0xEF }) {
            out.append(contentsOf: utf8)
            return
        }
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            switch byte {
            case 0x08: out.append(backslash); out.append(UInt8(ascii: "b"))
            case 0x09: out.append(backslash); out.append(UInt8(ascii: "t"))
            case 0x0A: out.append(backslash); out.append(UInt8(ascii: "n"))
            case 0x0C: out.append(backslash); out.append(UInt8(ascii: "f"))
            case 0x0D: out.append(backslash); out.append(UInt8(ascii: "r"))
            case quote: out.append(backslash); out.append(quote)
            case backslash: out.append(backslash); out.append(backslash)
            case 0x00...0x1F, 0x7F: appendUCHAR(UInt16(byte), to: &out)
            case 0xEF where index + 2 < utf8.count && utf8[index + 1] == 0xBF && (utf8[index + 2] == 0xBE || utf8[index + 2] == 0xBF):
                // U+FFFE or U+FFFF, encoded EF BF BE / EF BF BF.
                appendUCHAR(utf8[index + 2] == 0xBE ? 0xFFFE : 0xFFFF, to: &out)
                index += 2
            default: out.append(byte)
            }
            index += 1
        }
    }

    /// Appends `\uXXXX` with upper-case hex digits.
    private static func appendUCHAR(_ value: UInt16, to out: inout [UInt8]) {
        let digits: StaticString = "0123456789ABCDEF"
        out.append(backslash)
        out.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(digits.utf8Start[Int((value >> UInt16(shift)) & 0xF)])
        }
    }

    private static let space = UInt8(ascii: " ")
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
}
