import Foundation
import Testing
@testable import CredentialKit

/// Mutated conformance inputs: processing may fail, but only with a thrown CredentialKitError, never a crash or hang.
@Suite("JSON-LD robustness", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
struct JSONLDRobustnessTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let replacements: [JSONValue] = [
        .null, true, 0, -1.5, 1e300, "", "@id", "@type", "@value", "@list", "@graph", "@context", "@reverse", "@nest", "@json",
        "@none", "@vocab", "_:b0", "http://example.com/x", "rel/../x", "@ignoreMe", "a:b", [], [:], ["@id": "x"], ["@value": 1],
        ["@list": []], ["@context": .null], ["@context": ["@vocab": "#"]], ["@container": "@list"], ["@type": "@id"],
    ]

    /// Replaces one randomly chosen value (or key) somewhere in `value`.
    static func mutate(_ value: JSONValue, using generator: inout SeededGenerator) -> JSONValue {
        switch value {
        case .object(let object) where !object.isEmpty && Bool.random(using: &generator):
            var copy = object
            let key = object.keys.randomElement(using: &generator) ?? ""
            if Int.random(in: 0..<4, using: &generator) == 0, let newKey = replacements.randomElement(using: &generator)?.stringValue {
                copy[key] = nil
                copy[newKey] = object[key]
            } else {
                copy[key] = mutate(object[key] ?? .null, using: &generator)
            }
            return .object(copy)
        case .array(let items) where !items.isEmpty && Bool.random(using: &generator):
            var copy = items
            let index = Int.random(in: 0..<items.count, using: &generator)
            copy[index] = mutate(items[index], using: &generator)
            return .array(copy)
        default:
            return replacements.randomElement(using: &generator) ?? .null
        }
    }

    @Test("Mutated expand and toRdf inputs throw or succeed, never crash")
    func mutatedInputs() throws {
        let directory = try #require(Shared.directory("conformance/json-ld-api/tests"))
        let loader = SuiteDocumentLoader(directory: directory)
        var generator = SeededGenerator(state: 2026)
        var processed = 0, failed = 0
        for manifest in ["expand-manifest.jsonld", "toRdf-manifest.jsonld"] {
            for test in try SuiteTest.load(manifest: manifest, in: directory) {
                guard var options = try test.options(loader: loader),
                    let input = try? loader.loadDocument(SuiteDocumentLoader.remoteBase + test.input)
                else { continue }
                for round in 0..<4 {
                    options.safeMode = round % 2 == 1
                    let mutated = Self.mutate(input, using: &generator)
                    do {
                        _ = try JSONLDProcessor(documentLoader: loader, options: options).toRDF(mutated)
                    } catch is CredentialKitError {
                        failed += 1
                    }
                    processed += 1
                }
            }
        }
        print("JSON-LD robustness: \(processed) mutated documents, \(failed) rejected with CredentialKitError")
        #expect(processed > 1000)
    }
}
