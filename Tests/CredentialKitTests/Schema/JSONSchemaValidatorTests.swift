import Testing
@testable import CredentialKit

/// The validator's own behaviour beyond the conformance suite: messages, paths,
/// loops, bad schemas, the registry and format assertion.
@Suite("JSON Schema validator")
struct JSONSchemaValidatorTests {
    private func violations(_ schema: JSONValue, _ instance: JSONValue, registry: [String: JSONValue] = [:],
                            assertsFormat: Bool = false) throws -> [SchemaViolation] {
        try JSONSchemaValidator(schema: schema, registry: registry, assertsFormat: assertsFormat).validate(instance)
    }

    @Test("Messages name the expectation and the finding in plain words")
    func messages() throws {
        #expect(try violations(["type": "string"], 3) == [SchemaViolation(instancePath: "", keyword: "type", message: "expected a string, found a number")])
        #expect(try violations(["type": ["object", "null", "integer"]], "x").first?.message == "expected an object, null or an integer, found a string")
        #expect(try violations(["required": ["name"]], [:]).first?.message == "missing required member \"name\"")
        #expect(try violations(["maxLength": 2], "abc").first?.message == "expected at most 2 characters, found 3 characters")
        #expect(try violations(["minimum": 1.5], 1).first?.message == "expected at least 1.5, found 1")
        #expect(try violations(["const": "Profile"], "Person").first?.message == "expected \"Profile\", found \"Person\"")
        #expect(try violations(["enum": ["ltr", "rtl"]], "up").first?.message == "expected one of \"ltr\" or \"rtl\", found \"up\"")
        #expect(try violations(["contains": ["const": "Profile"]], ["Person"]).first?.message == "expected an item \"Profile\", found none")
        #expect(try violations(["uniqueItems": true], [1, 2, 1]).first?.message == "items 0 and 2 are equal, but items must be unique")
    }

    @Test("Paths are JSON Pointers to the failing value, escaping ~ and /")
    func paths() throws {
        let schema: JSONValue = ["properties": ["a/b": ["items": ["properties": ["c~d": ["type": "string"]]]]]]
        let found = try violations(schema, ["a/b": [["c~d": "ok"], ["c~d": false]]])
        #expect(found.map(\.instancePath) == ["/a~1b/1/c~0d"])
        #expect(found.first?.description == "/a~1b/1/c~0d: expected a string, found a boolean (type)")
        #expect(try violations(false, 1).first?.description == "(root): no value is allowed here (the schema is false) (false)")
    }

    @Test("Every violation is reported, not just the first")
    func allViolations() throws {
        let schema: JSONValue = ["properties": ["a": ["type": "string"], "b": ["minimum": 0]], "required": ["c", "d"]]
        let found = try violations(schema, ["a": 1, "b": -1])
        #expect(Set(found.map(\.keyword)) == ["type", "minimum", "required"])
        #expect(found.count == 4)
    }

    @Test("A failed anyOf names each form, unless only one form fits the value")
    func anyOfReporting() throws {
        let text: JSONValue = ["anyOf": [["type": "string"], ["type": "object", "required": ["@value"]]]]
        let wrongKind = try violations(text, 42)
        #expect(wrongKind.map(\.keyword) == ["anyOf"])
        #expect(wrongKind.first?.message == "matches none of the 2 allowed forms (0: expected a string, found a number; 1: expected an object, found a number)")
        let oneFits = try violations(text, ["@language": "en"])
        #expect(oneFits == [SchemaViolation(instancePath: "", keyword: "required", message: "missing required member \"@value\"")])
    }

    @Test("A schema that refers to itself forever ends with a violation", arguments: [
        ["$ref": "#"],
        ["$defs": ["a": ["$ref": "#/$defs/b"], "b": ["$ref": "#/$defs/a"]], "$ref": "#/$defs/a"],
        ["anyOf": [["$ref": "#"], ["$ref": "#"]]],
        ["$defs": ["x": ["$dynamicAnchor": "x", "$dynamicRef": "#x"]], "$ref": "#/$defs/x"],
    ] as [JSONValue])
    func referenceLoops(schema: JSONValue) throws {
        let found = try violations(schema, ["a": 1])
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.keyword.hasPrefix("$") || $0.keyword == "anyOf" })
    }

    @Test("Recursive schemas follow deep values (128 levels, the parser's limit)")
    func deepRecursion() throws {
        var instance: JSONValue = 1
        for _ in 0..<128 { instance = [instance] }
        let schema: JSONValue = ["type": ["array", "integer"], "items": ["$ref": "#"]]
        #expect(try violations(schema, instance) == [])
        var bad: JSONValue = "leaf"
        for _ in 0..<128 { bad = [bad] }
        let found = try violations(schema, bad)
        #expect(found.count == 1)
        #expect(found.first?.instancePath == String(repeating: "/0", count: 128))
    }

    @Test("Unusable schemas are rejected when the validator is made", arguments: [
        42, "schema", ["properties": ["a": 7]], ["pattern": "(unclosed"], ["$ref": "#/$defs/missing"],
        ["$ref": "https://example.org/elsewhere.json"], ["items": ["$anchor": "x"], "$ref": "#y"],
    ] as [JSONValue])
    func invalidSchemas(schema: JSONValue) {
        #expect(throws: CredentialKitError(.invalidSchema, "")) { try JSONSchemaValidator(schema: schema) }
    }

    @Test("The registry serves other schemas by URI, and relative references resolve against $id")
    func registry() throws {
        let name: JSONValue = ["$id": "https://example.org/schemas/name.json", "type": "string", "minLength": 1]
        let schema: JSONValue = ["$id": "https://example.org/schemas/person.json", "properties": ["name": ["$ref": "name.json"]]]
        let registry = ["https://example.org/schemas/name.json": name]
        #expect(try violations(schema, ["name": "Ada"], registry: registry) == [])
        #expect(try violations(schema, ["name": ""], registry: registry).map(\.instancePath) == ["/name"])
        #expect(throws: CredentialKitError(.invalidSchema, "")) { try JSONSchemaValidator(schema: schema) }
    }

    @Test("2019-09 reads items as a tuple with additionalItems; 2020-12 uses prefixItems")
    func drafts() throws {
        let tuple2019: JSONValue = ["$schema": "https://json-schema.org/draft/2019-09/schema",
                                    "items": [["type": "string"]], "additionalItems": false]
        #expect(try violations(tuple2019, ["a"]) == [])
        #expect(try violations(tuple2019, ["a", 1]).map(\.instancePath) == ["/1"])
        let tuple2020: JSONValue = ["prefixItems": [["type": "string"]], "items": false]
        #expect(try violations(tuple2020, ["a", 1]).map(\.instancePath) == ["/1"])
        #expect(try violations(tuple2020, [1]).map(\.instancePath) == ["/0"])
    }

    @Test("Strings compare by code points: é precomposed is not e plus a combining accent")
    func codePointEquality() throws {
        #expect(try violations(["const": "\u{E9}"], "e\u{301}").count == 1)
        #expect(try violations(["enum": ["\u{E9}"]], "\u{E9}") == [])
        #expect(try violations(["uniqueItems": true], ["\u{E9}", "e\u{301}"]) == [])
        #expect(try violations(["maxLength": 1], "e\u{301}").count == 1)
        #expect(try violations(["maxLength": 1], "💩") == [])
    }

    @Test("format is an annotation unless asserted", arguments: [
        ("date-time", "2025-06-30T12:00:00Z", true), ("date-time", "2025-06-30T12:00:00.5+05:30", true),
        ("date-time", "2025-06-30 12:00:00Z", false), ("date-time", "2025-02-29T00:00:00Z", false),
        ("date-time", "2024-02-29T12:30:60Z", false), ("date-time", "2016-12-31T23:59:60Z", true),
        ("date", "2024-02-29", true), ("date", "2024-2-29", false), ("time", "08:30:00-01:00", true),
        ("uri", "https://example.org/a?b#c", true), ("uri", "did:web:example.org#key-1", true),
        ("uri", "/relative/path", false), ("uri", "https://exa mple.org", false), ("email", "not an e-mail", true),
    ])
    func formats(format: String, value: String, valid: Bool) throws {
        let schema: JSONValue = ["format": .string(format)]
        #expect(try violations(schema, .string(value)) == [])
        let asserted = try violations(schema, .string(value), assertsFormat: true)
        #expect(asserted.isEmpty == valid, "\(format) \(value): \(asserted)")
        #expect(asserted.allSatisfy { $0.keyword == "format" })
    }

    @Test("The one-pass URI check passes only what the full URI parse passes", arguments: [
        "https://example.org/a?b#c", "did:web:example.org#key-1", "urn:uuid:3f0c2a9e-8d4b-4c6e-9a1f-2b7d5e8c1a40",
        "https://user@example.org:8443/p", "https://example.org:84a3/", "https://example.org:/", "https://u:p@h:1/x",
        "a/b:c", ":nothing", "1http://x", "h+t-t.p://x", "https://x/%2F", "https://x/%2", "https://x/%zz", "https://[::1]:80/",
        "https://exa mple.org", "https://example.org/é", "mailto:a@b.org", "x:", "https://h?q=1:2", "https://h#f:g",
        "https://h@i@j:5/", "https://h:5@i/", "file:///etc/passwd", "https://example.org/a\u{7f}",
    ])
    func plainURICheck(text: String) {
        let explained = SchemaFormat.explainedURIProblem(text)
        if SchemaFormat.isPlainAbsoluteURI(text.utf8) {
            #expect(explained == nil, "\(text): the one-pass check passed it, the full parse says \(explained ?? "")")
        }
        #expect((SchemaFormat.problem(with: text, format: "uri") == nil) == (explained == nil))
    }

    @Test("Everyday URIs take the one-pass check")
    func everydayURIsArePlain() {
        for text in ["https://example.org/a?b#c", "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6Mk",
                     "urn:uuid:3f0c2a9e-8d4b-4c6e-9a1f-2b7d5e8c1a40", "https://localhost:8080/status/1.json#94567"] {
            #expect(SchemaFormat.isPlainAbsoluteURI(text.utf8), "\(text)")
        }
    }

    @Test("multipleOf allows for binary rounding of decimal divisors but not real remainders")
    func multipleOf() throws {
        #expect(try violations(["multipleOf": 0.01], 19.99) == [])
        #expect(try violations(["multipleOf": 0.0001], 0.0075) == [])
        #expect(try violations(["multipleOf": 0.01], 19.995).count == 1)
        #expect(try violations(["multipleOf": 3], 10).count == 1)
        #expect(try violations(["multipleOf": 0.3], 1e308).count == 1)
        #expect(try violations(["multipleOf": 0.5], 1e308) == [])
    }

    @Test("One validator serves many tasks at once with the same answers")
    func concurrentUse() async throws {
        let validator = try JSONSchemaValidator(schema: [
            "patternProperties": ["^x-": ["pattern": "^[a-z]+$"]], "properties": ["n": ["multipleOf": 3]],
        ])
        let bad: JSONValue = ["x-a": "abc", "x-b": "ABC", "n": 4]
        let expected = validator.validate(bad)
        #expect(expected.count == 2)
        let answers = await withTaskGroup(of: [SchemaViolation].self) { group in
            for _ in 0..<8 { group.addTask { (0..<50).map { _ in validator.validate(bad) }.last ?? [] } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.count == 8)
        #expect(answers.allSatisfy { $0 == expected })
    }

    @Test("RFC 3986 §5.4 reference resolution examples", arguments: [
        ("g:h", "g:h"), ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"), (";x", "http://a/b/c/;x"), ("", "http://a/b/c/d;p?q"),
        (".", "http://a/b/c/"), ("./", "http://a/b/c/"), ("..", "http://a/b/"), ("../g", "http://a/b/g"),
        ("../..", "http://a/"), ("../../g", "http://a/g"), ("../../../g", "http://a/g"), ("/./g", "http://a/g"),
        ("/../g", "http://a/g"), ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."),
        ("./../g", "http://a/b/g"), ("./g/.", "http://a/b/c/g/"), ("g/./h", "http://a/b/c/g/h"), ("g/../h", "http://a/b/c/h"),
        ("g;x=1/./y", "http://a/b/c/g;x=1/y"), ("g;x=1/../y", "http://a/b/c/y"), ("g?y/./x", "http://a/b/c/g?y/./x"),
        ("g#s/../x", "http://a/b/c/g#s/../x"), ("http:g", "http:g"),
    ])
    func uriResolution(reference: String, expected: String) {
        #expect(URIReference(reference).resolved(against: URIReference("http://a/b/c/d;p?q")).text == expected)
    }
}
