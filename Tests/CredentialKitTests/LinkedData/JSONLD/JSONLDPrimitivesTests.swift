import Foundation
import Testing
@testable import CredentialKit

@Suite("JSON-LD primitives")
struct JSONLDPrimitivesTests {
    /// RFC 3986 § 5.4.1 and § 5.4.2 examples, against the base `http://a/b/c/d;p?q`.
    @Test("Relative references resolve as in RFC 3986 § 5.4", arguments: [
        ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"), (";x", "http://a/b/c/;x"), ("", "http://a/b/c/d;p?q"),
        (".", "http://a/b/c/"), ("./", "http://a/b/c/"), ("..", "http://a/b/"), ("../g", "http://a/b/g"),
        ("../..", "http://a/"), ("../../g", "http://a/g"), ("../../../g", "http://a/g"), ("/./g", "http://a/g"),
        ("/../g", "http://a/g"), ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."),
        ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"), ("g/../h", "http://a/b/c/h"),
        ("g;x=1/./y", "http://a/b/c/g;x=1/y"), ("g;x=1/../y", "http://a/b/c/y"), ("g?y/./x", "http://a/b/c/g?y/./x"),
    ])
    func resolution(reference: String, expected: String) {
        #expect(IRI.resolve(reference, against: "http://a/b/c/d;p?q") == expected)
    }

    @Test("Without a base a reference stays as it is")
    func noBase() {
        #expect(IRI.resolve("g/h", against: nil) == "g/h")
    }

    @Test("Absolute IRIs, keyword forms and well-formedness are told apart")
    func classification() {
        #expect(IRI.isAbsolute("https://example.com/x"))
        #expect(IRI.isAbsolute("urn:uuid:1234"))
        #expect(!IRI.isAbsolute("relative/path"))
        #expect(!IRI.isAbsolute("1http://x"))
        #expect(!IRI.isAbsolute(":x"))
        #expect(IRI.hasKeywordForm("@ignoreMe"))
        #expect(!IRI.hasKeywordForm("@"))
        #expect(!IRI.hasKeywordForm("@foo.bar"))
        #expect(IRI.isWellFormed("https://example.com/a#b"))
        #expect(!IRI.isWellFormed("https://example.com/a b"))
        #expect(!IRI.isWellFormed("https://example.com/a##b"))
        #expect(!IRI.isWellFormed("https://example.com/<a>"))
        #expect(RDFSerializer.isWellFormedLanguage("en-US"))
        #expect(!RDFSerializer.isWellFormedLanguage("en US"))
        #expect(!RDFSerializer.isWellFormedLanguage("toolongtag-x"))
    }

    @Test("xsd:double and xsd:integer canonical forms", arguments: [
        (1.1, "1.1E0"), (1.0, "1.0E0"), (-5.3e-3, "-5.3E-3"), (1.5e21, "1.5E21"), (0.0, "0.0E0"), (123.456, "1.23456E2"),
    ])
    func doubles(value: Double, expected: String) {
        #expect(XSDLexical.double(value) == expected)
    }

    @Test("Integers print in full, as ECMAScript does")
    func integers() {
        #expect(XSDLexical.integer(42) == "42")
        #expect(XSDLexical.integer(-7) == "-7")
        #expect(XSDLexical.integer(-0.0) == "0")
        #expect(XSDLexical.integer(1e20) == "100000000000000000000")
        #expect(XSDLexical.integer(1.2345678901234568e20) == "123456789012345680000")
    }

    @Test("Numbers become typed literals: integer, double, boolean")
    func numericLiterals() throws {
        let document: JSONValue = [
            "@context": ["@vocab": "https://example.com/"], "@id": "https://example.com/s",
            "i": 5, "d": 5.5, "b": true, "big": 1e21,
        ]
        let objects = try JSONLDProcessor().toRDF(document).reduce(into: [String: RDFTerm]()) { result, quad in
            if case .iri(let predicate) = quad.predicate { result[predicate] = quad.object }
        }
        let xsd = "http://www.w3.org/2001/XMLSchema#"
        #expect(objects["https://example.com/i"] == .literal(RDFLiteral("5", datatype: xsd + "integer")))
        #expect(objects["https://example.com/d"] == .literal(RDFLiteral("5.5E0", datatype: xsd + "double")))
        #expect(objects["https://example.com/b"] == .literal(RDFLiteral("true", datatype: xsd + "boolean")))
        #expect(objects["https://example.com/big"] == .literal(RDFLiteral("1.0E21", datatype: xsd + "double")))
    }

    @Test("Concurrent conversions share the context cache safely and agree", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func concurrentUse() async throws {
        let document = try JSONParser.parse(Shared.text("vectors/1edtech-ob30-eddsa-rdfc-2022/unsignedCredential.json"))
        let reference = nQuadsLines(try JSONLDProcessor().toRDF(document))
        try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask { nQuadsLines(try JSONLDProcessor().toRDF(document)) }
            }
            for try await lines in group { #expect(lines == reference) }
        }
    }
}
