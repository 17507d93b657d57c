import Foundation
import Testing
@testable import CredentialKit

/// Runs every test of the W3C RDFC-1.0 test suite (`conformance/rdf-canon/tests/manifest.jsonld`).
@Suite("RDFC-1.0 conformance", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
struct RDFCConformanceTests {
    /// One manifest entry.
    struct Entry {
        enum Kind { case eval, map, negative }
        let id: String
        let name: String
        let kind: Kind
        let action: String
        let result: String?
        let hashAlgorithm: Digest
    }

    static let suite = "conformance/rdf-canon/tests/"

    static func entries() throws -> [Entry] {
        let manifest = try JSONParser.parse(try Shared.data(suite + "manifest.jsonld"))
        guard let list = manifest["entries"]?.arrayValue else { throw ManifestError("the manifest has no entries array") }
        return try list.map { entry in
            guard let id = entry["id"]?.stringValue, let type = entry["type"]?.stringValue,
                  let action = entry["action"]?.stringValue
            else { throw ManifestError("entry without id, type or action: \(entry)") }
            let kind: Entry.Kind
            switch type {
            case "rdfc:RDFC10EvalTest": kind = .eval
            case "rdfc:RDFC10MapTest": kind = .map
            case "rdfc:RDFC10NegativeEvalTest": kind = .negative
            default: throw ManifestError("\(id) has unknown type \(type)")
            }
            let hashAlgorithm: Digest
            switch entry["hashAlgorithm"]?.stringValue {
            case nil, "SHA256": hashAlgorithm = .sha256
            case "SHA384": hashAlgorithm = .sha384
            case let other?: throw ManifestError("\(id) has unknown hash algorithm \(other)")
            }
            return Entry(id: id, name: entry["name"]?.stringValue ?? id, kind: kind, action: action,
                         result: entry["result"]?.stringValue, hashAlgorithm: hashAlgorithm)
        }
    }

    struct ManifestError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs one entry; returns why it failed, or nil when it passed.
    static func run(_ entry: Entry) -> String? {
        do {
            let input = try NQuads.parse(try Shared.text(suite + entry.action))
            let canonicalizer = RDFCanonicalizer(hashAlgorithm: entry.hashAlgorithm)
            switch entry.kind {
            case .negative:
                let clock = ContinuousClock()
                let start = clock.now
                do {
                    _ = try canonicalizer.canonicalize(input)
                    return "canonicalized a poison dataset instead of refusing it"
                } catch let error as CredentialKitError where error.code == .canonicalizationLimitExceeded {
                    let elapsed = clock.now - start
                    return elapsed < .seconds(10) ? nil : "took \(elapsed) to refuse the poison dataset"
                }
            case .eval:
                guard let result = entry.result else { return "manifest gives no result" }
                let expected = try Shared.text(suite + result)
                let actual = try canonicalizer.canonicalize(input).nquads
                // Bytes, not String ==, which would equate canonically equivalent text.
                return Array(actual.utf8) == Array(expected.utf8) ? nil : "N-Quads differ:\n\(actual)\nexpected:\n\(expected)"
            case .map:
                guard let result = entry.result else { return "manifest gives no result" }
                let expected = try JSONParser.parse(try Shared.data(suite + result)).objectValue
                let actual = try canonicalizer.canonicalize(input).issuedIdentifiers
                let expectedMap = Dictionary(uniqueKeysWithValues: (expected ?? [:]).map { ($0.key, $0.value.stringValue ?? "") })
                return actual == expectedMap ? nil : "issued identifiers \(actual), expected \(expectedMap)"
            }
        } catch {
            return "threw \(error)"
        }
    }

    @Test("Every manifest entry passes")
    func everyEntry() throws {
        let entries = try Self.entries()
        #expect(entries.count > 80, "the manifest lists \(entries.count) tests; expected the full suite")
        var passed = 0
        for entry in entries {
            if let failure = Self.run(entry) {
                Issue.record("\(entry.id) \(entry.name): \(failure)")
            } else {
                passed += 1
            }
        }
        print("RDFC-1.0 conformance: \(passed)/\(entries.count) passed")
        #expect(passed == entries.count)
    }
}
