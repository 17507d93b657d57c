import Testing
@testable import CredentialKit

@Suite("N-Quads")
struct NQuadsTests {
    private let s = RDFTerm.iri("http://example.org/s")
    private let p = RDFTerm.iri("http://example.org/p")

    @Test("Parses IRIs, blank nodes, literals with datatype and language, and graph labels")
    func parsesEveryTermKind() throws {
        let text = """
            # a comment line
            <http://example.org/s> <http://example.org/p> _:b0 <http://example.org/g> .
            _:b0 <http://example.org/p> "plain" .\r
            _:b0 <http://example.org/p> "5"^^<http://www.w3.org/2001/XMLSchema#integer> _:g1 . # trailing comment
            \t_:b0   <http://example.org/p>\t"chat"@fr-BE .

            """
        let quads = try NQuads.parse(text)
        #expect(quads == [
            RDFQuad(subject: s, predicate: p, object: .blankNode("b0"), graph: .iri("http://example.org/g")),
            RDFQuad(subject: .blankNode("b0"), predicate: p, object: .literal(RDFLiteral("plain"))),
            RDFQuad(subject: .blankNode("b0"), predicate: p,
                    object: .literal(RDFLiteral("5", datatype: "http://www.w3.org/2001/XMLSchema#integer")),
                    graph: .blankNode("g1")),
            RDFQuad(subject: .blankNode("b0"), predicate: p, object: .literal(RDFLiteral("chat", language: "fr-BE"))),
        ])
    }

    @Test("Decodes ECHAR and UCHAR escapes in literals and IRIs")
    func decodesEscapes() throws {
        let quads = try NQuads.parse(#"<http://example.org/\u0073> <http://example.org/p> "\t\b\n\r\f\"\'\\ \u00E9 \U0001F303" ."#)
        #expect(quads.count == 1)
        #expect(quads.first?.subject == .iri("http://example.org/s"))
        #expect(quads.first?.object == .literal(RDFLiteral("\t\u{8}\n\r\u{C}\"'\\ é 🌃")))
    }

    @Test("A blank node label followed directly by '.' ends before the '.'")
    func blankNodeLabelBeforeDot() throws {
        let quads = try NQuads.parse("<http://example.org/s> <http://example.org/p> _:a.b.\n")
        #expect(quads.first?.object == .blankNode("a.b"))
    }

    @Test("Serializes in canonical form: escapes, xsd:string without datatype, language tags")
    func serializesCanonically() {
        let literal = RDFLiteral("q\" b\\ \u{8}\t\n\u{C}\r \u{0}\u{1F}\u{7F}\u{0B} é\u{FFFE}\u{FFFF}\u{FFFD} 🌃")
        let line = NQuads.serialize(RDFQuad(subject: s, predicate: p, object: .literal(literal)))
        #expect(line == #"<http://example.org/s> <http://example.org/p> "q\" b\\ \b\t\n\f\r \u0000\u001F\u007F\u000B é\uFFFE\uFFFF"# + "\u{FFFD} 🌃\" .\n")

        let typed = RDFQuad(subject: .blankNode("x"), predicate: p,
                            object: .literal(RDFLiteral("1", datatype: "http://www.w3.org/2001/XMLSchema#integer")),
                            graph: .blankNode("g"))
        #expect(NQuads.serialize(typed) == "_:x <http://example.org/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> _:g .\n")

        let explicitString = RDFQuad(subject: s, predicate: p, object: .literal(RDFLiteral("a", datatype: RDFLiteral.xsdString)))
        #expect(NQuads.serialize(explicitString) == "<http://example.org/s> <http://example.org/p> \"a\" .\n")

        let tagged = RDFQuad(subject: s, predicate: p, object: .literal(RDFLiteral("a", language: "en")), graph: .iri("http://example.org/g"))
        #expect(NQuads.serialize(tagged) == "<http://example.org/s> <http://example.org/p> \"a\"@en <http://example.org/g> .\n")
    }

    @Test("Serializing a dataset concatenates its lines in order")
    func serializesDataset() {
        let a = RDFQuad(subject: s, predicate: p, object: .iri("http://example.org/b"))
        let b = RDFQuad(subject: s, predicate: p, object: .iri("http://example.org/a"))
        #expect(NQuads.serialize([a, b]) == NQuads.serialize(a) + NQuads.serialize(b))
        #expect(NQuads.serialize([] as RDFDataset) == "")
    }

    @Test("Parse then serialize round-trips canonical text, and serialize then parse round-trips quads")
    func roundTrips() throws {
        let canonical = """
            <http://example.org/s> <http://example.org/p> "a\\"b\\\\c\\n\\u0001" .
            _:b1 <http://example.org/p> "x"@en-GB _:g .
            _:b1 <http://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/g> .
            _:b1 <http://example.org/p> <urn:ex:∞> .

            """
        let quads = try NQuads.parse(canonical)
        #expect(quads.count == 4)
        #expect(NQuads.serialize(quads) == canonical)

        let awkward = [RDFQuad(subject: s, predicate: p, object: .literal(RDFLiteral("\u{0}\u{7F}\u{FFFF}\"\\\r\n 🌃", language: "x-y")))]
        #expect(try NQuads.parse(NQuads.serialize(awkward)) == awkward)
    }

    @Test("Non-canonical input is rewritten canonically", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func rewritesConformanceEscapes() throws {
        let input = try Shared.text("conformance/rdf-canon/tests/rdfc10/test060-in.nq")
        let expected = try Shared.text("conformance/rdf-canon/tests/rdfc10/test060-rdfc10.nq")
        #expect(Array(NQuads.serialize(try NQuads.parse(input)).utf8) == Array(expected.utf8))
    }

    @Test("Malformed documents are rejected with the line number", arguments: [
        ("<http://example.org/s> <http://example.org/p> \"x\"", "line 1"),
        ("<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n<http://example.org/s> \"x\" \"y\" .", "line 2"),
        ("\"x\" <http://example.org/p> <http://example.org/o> .", "subject"),
        ("<s> <http://example.org/p> <http://example.org/o> .", "absolute"),
        ("<http://example.org/s s> <http://example.org/p> <http://example.org/o> .", "not allowed"),
        ("<http://example.org/s> <http://example.org/p> \"unterminated .", "closing"),
        ("<http://example.org/s> <http://example.org/p> \"a\nb\" .", "span lines"),
        ("<http://example.org/s> <http://example.org/p> \"\\q\" .", "escape"),
        ("<http://example.org/s> <http://example.org/p> \"\\uD800\" .", "scalar"),
        ("<http://example.org/s> <http://example.org/p> \"\\u12G4\" .", "hex"),
        ("<http://example.org/s> <http://example.org/p> \"x\"@ .", "language"),
        ("<http://example.org/s> <http://example.org/p> \"x\"^<http://example.org/d> .", "^^"),
        ("_:.a <http://example.org/p> <http://example.org/o> .", "blank node"),
        ("<http://example.org/s> <http://example.org/p> <http://example.org/o> . <http://example.org/s>", "end of the line"),
        ("<<( <http://example.org/s> <http://example.org/p> <http://example.org/o> )>> <http://example.org/p> <http://example.org/o> .", "line 1"),
    ])
    func rejectsMalformed(text: String, mention: String) {
        do {
            let quads = try NQuads.parse(text)
            Issue.record("parsed \(quads) from malformed input")
        } catch let error as CredentialKitError {
            #expect(error.code == .invalidNQuads)
            #expect(error.reason.contains(mention), "\(error.reason)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("An empty document, or only comments, has no quads")
    func emptyDocuments() throws {
        #expect(try NQuads.parse("").isEmpty)
        #expect(try NQuads.parse("# nothing\n\n   \r\n# more").isEmpty)
    }

    @Test("IRI, scheme and language tag character classes match the N-Quads grammar")
    func syntaxClasses() {
        let forbidden = Set<UInt8>(Array(0x00...0x20) + Array("<>\"{}|^`\\".utf8))
        for byte in UInt8.min...UInt8.max {
            #expect(NQuadsSyntax.isForbiddenInIRI(byte) == forbidden.contains(byte), "byte \(byte)")
        }
        #expect(NQuadsSyntax.isWritableAbsoluteIRI("https://example.org/a?b=c#d"))
        #expect(NQuadsSyntax.isWritableAbsoluteIRI("urn:ex:∞"))
        #expect(NQuadsSyntax.isWritableAbsoluteIRI("did:example:123"))
        #expect(!NQuadsSyntax.isWritableAbsoluteIRI("relative/path"))
        #expect(!NQuadsSyntax.isWritableAbsoluteIRI(":no-scheme"))
        #expect(!NQuadsSyntax.isWritableAbsoluteIRI("1http://example.org"))
        #expect(!NQuadsSyntax.isWritableAbsoluteIRI("http://example.org/a b"))
        #expect(!NQuadsSyntax.isWritableAbsoluteIRI(""))
        for tag in ["en", "en-GB", "zh-Hant-TW", "x-private1", "de-1996"] {
            #expect(NQuadsSyntax.isLanguageTag(tag), "\(tag)")
        }
        for tag in ["", "-en", "en-", "en--GB", "1en", "en GB", "en_GB", "é"] {
            #expect(!NQuadsSyntax.isLanguageTag(tag), "\(tag)")
        }
    }
}
