import Foundation
import Testing
@testable import CredentialKit

/// Runs the JSON Schema Test Suite (github.com/json-schema-org/JSON-Schema-Test-Suite)
/// for drafts 2020-12 and 2019-09, with `remotes/` served through the registry.
@Suite("JSON Schema conformance")
struct JSONSchemaConformanceTests {
    /// The lowest share of all cases (declined ones count as not passed) that must pass.
    static let requiredPassRate = 0.99

    /// Cases not expected to pass, by file (`"anchor.json"`), group (`"file.json: group"`)
    /// or case (`"file.json: group: case"`), with the reason.
    static let declined: [String: String] = [
        "defs.json: validate definition against metaschema":
            "refers to the official metaschema, which the suite's remotes/ do not include and Laurel does not embed",
        "ref.json: remote ref, containing refs itself":
            "refers to the official metaschema, which the suite's remotes/ do not include and Laurel does not embed",
        "vocabulary.json: schema that uses custom metaschema with with no validation vocabulary":
            "$vocabulary is not honoured: every keyword of the draft always applies",
    ]

    struct Tally {
        var passed = 0, total = 0, declined = 0
        var failures: [String] = []
        /// Cases the quick check answered, and those where its answer was not the evaluator's.
        var quickAnswered = 0
        var disagreements: [String] = []
    }

    @Test("draft 2020-12", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func draft2020() throws {
        try run(draft: "draft2020-12")
    }

    @Test("draft 2019-09", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func draft2019() throws {
        try run(draft: "draft2019-09")
    }

    /// The optional `format` tests for the formats the validator asserts, with assertion on.
    @Test("format assertion: date-time, date, time, uri (optional tests)",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)),
          arguments: ["draft2020-12", "draft2019-09"])
    func formatAssertion(draft: String) throws {
        let suite = try #require(Shared.directory("conformance/json-schema-test-suite"))
        var tally = Tally()
        for format in ["date-time", "date", "time", "uri"] {
            let file = "optional/format/\(format).json"
            let groups = try JSONParser.parse(Data(contentsOf: suite.appendingPathComponent("tests/\(draft)/\(file)")))
            for group in groups.arrayValue ?? [] {
                try runGroup(group, file: file, registry: [:], assertsFormat: true, into: &tally)
            }
        }
        print("JSON Schema \(draft) format assertion: \(tally.passed)/\(tally.total) passed (\(tally.declined) declined)")
        for failure in tally.failures { print("  not passed: \(failure)") }
        for disagreement in tally.disagreements { print("  quick check disagrees: \(disagreement)") }
        #expect(tally.disagreements.isEmpty, "the quick check must answer as the full evaluator does")
        #expect(tally.total > 50)
        #expect(tally.failures.isEmpty)
    }

    private func run(draft: String) throws {
        let suite = try #require(Shared.directory("conformance/json-schema-test-suite"))
        // Other drafts' remotes are never referred to here; leaving them out halves the set-up time.
        let otherDrafts = ["draft3/", "draft4/", "draft6/", "draft7/", draft == "draft2020-12" ? "draft2019-09/" : "draft2020-12/"]
        let registry = try Self.remotes(in: suite.appendingPathComponent("remotes"))
            .filter { uri, _ in !otherDrafts.contains { uri.hasPrefix("http://localhost:1234/" + $0) } }
        let directory = suite.appendingPathComponent("tests/\(draft)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        var tally = Tally()
        for file in files {
            let groups = try JSONParser.parse(Data(contentsOf: directory.appendingPathComponent(file)))
            for group in groups.arrayValue ?? [] {
                try runGroup(group, file: file, registry: registry, into: &tally)
            }
        }
        print("JSON Schema \(draft): \(tally.passed)/\(tally.total) passed (\(tally.declined) declined)")
        for failure in tally.failures.prefix(40) { print("  not passed: \(failure)") }
        print("  the quick check answered \(tally.quickAnswered) of \(tally.total) cases")
        for disagreement in tally.disagreements.prefix(40) { print("  quick check disagrees: \(disagreement)") }
        #expect(tally.disagreements.isEmpty, "the quick check must answer as the full evaluator does")
        #expect(tally.quickAnswered > tally.total / 2, "the quick check should answer most cases")
        #expect(tally.total > 1000, "the suite looks incomplete")
        #expect(Double(tally.passed) >= Self.requiredPassRate * Double(tally.total),
                "\(draft): \(tally.passed)/\(tally.total) is below the committed pass rate")
    }

    private func runGroup(_ group: JSONValue, file: String, registry: [String: JSONValue], assertsFormat: Bool = false,
                          into tally: inout Tally) throws {
        let name = try #require(group["description"]?.stringValue)
        let schema = try #require(group["schema"])
        let validator = Result { try JSONSchemaValidator(schema: schema, registry: registry, assertsFormat: assertsFormat) }
        for test in group["tests"]?.arrayValue ?? [] {
            let caseName = test["description"]?.stringValue ?? "?"
            let key = "\(file): \(name): \(caseName)"
            tally.total += 1
            if case .success(let validator) = validator, let quick = validator.quickAnswer(test["data"] ?? .null) {
                tally.quickAnswered += 1
                if quick != validator.explain(test["data"] ?? .null).isEmpty {
                    tally.disagreements.append("\(key) — quick check says \(quick ? "valid" : "invalid")")
                }
            }
            if Self.declined[file] != nil || Self.declined["\(file): \(name)"] != nil || Self.declined[key] != nil {
                tally.declined += 1
                continue
            }
            let expected = test["valid"]?.boolValue
            switch validator {
            case .success(let validator):
                let violations = validator.validate(test["data"] ?? .null)
                if violations.isEmpty == expected {
                    tally.passed += 1
                } else {
                    tally.failures.append("\(key) — expected \(expected == true ? "valid" : "invalid")\(violations.first.map { ", got \($0)" } ?? "")")
                }
            case .failure(let error):
                tally.failures.append("\(key) — schema rejected: \(error)")
            }
        }
    }

    /// Every file under `remotes/`, keyed by its URL at `http://localhost:1234/`.
    static func remotes(in directory: URL) throws -> [String: JSONValue] {
        var registry: [String: JSONValue] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".json") else { continue }
            registry["http://localhost:1234/" + relative] =
                try JSONParser.parse(Data(contentsOf: directory.appendingPathComponent(relative)))
        }
        return registry
    }
}
