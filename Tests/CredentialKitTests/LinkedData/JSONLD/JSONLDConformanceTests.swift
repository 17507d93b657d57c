import Foundation
import Testing
@testable import CredentialKit

/// Runs the W3C JSON-LD 1.1 API test suite (expand and toRdf manifests) from ../shared/conformance.
///
/// Expansion results compare as JSON-LD does (arrays unordered except `@list`); toRdf results
/// compare as datasets, through RDFC-1.0 canonical N-Quads on both sides.
///
/// Tests marked json-ld-1.0 only are not applicable (Laurel implements 1.1) and are not counted.
/// Every other test counts; declined ones count as not passed. A negative test passes only when
/// the error's JSON-LD code (the start of its reason) is the one the test expects.
@Suite("JSON-LD expand conformance", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
struct JSONLDExpandConformanceTests {
    /// Tests Laurel deliberately does not pass, by id, with the reason. None: every applicable test passes.
    static let declined: [String: String] = [:]
    /// The committed minimum: the suite fails if fewer tests pass (376 of 376 applicable at the time of writing).
    static let minimumPassed = 376

    @Test("expand-manifest.jsonld passes at least the committed threshold")
    func expandManifest() throws {
        let directory = try #require(Shared.directory("conformance/json-ld-api/tests"))
        let loader = SuiteDocumentLoader(directory: directory)
        let tests = try SuiteTest.load(manifest: "expand-manifest.jsonld", in: directory)
        var passed = 0, applicable = 0, declinedCount = 0, onlyForJSONLD10 = 0
        var failures: [String] = []
        for test in tests {
            guard let options = try test.options(loader: loader) else {
                onlyForJSONLD10 += 1
                continue
            }
            applicable += 1
            if Self.declined[test.id] != nil {
                declinedCount += 1
                continue
            }
            let processor = JSONLDProcessor(documentLoader: loader, options: options)
            do {
                let input = try loader.loadDocument(SuiteDocumentLoader.remoteBase + test.input)
                let result = try processor.expand(input)
                if test.isNegative {
                    failures.append("\(test): expected error \(test.expectErrorCode ?? "?"), got a result")
                    continue
                }
                let expected = try loader.loadDocument(SuiteDocumentLoader.remoteBase + (test.expect ?? ""))
                if jsonLDEquivalent(result, expected) {
                    passed += 1
                } else {
                    failures.append("\(test): got \(result.serialized()) expected \(expected.serialized())")
                }
            } catch let error as CredentialKitError {
                if test.isNegative, error.jsonLDErrorCode == test.expectErrorCode {
                    passed += 1
                } else if test.isNegative {
                    failures.append("\(test): error \(error.jsonLDErrorCode ?? error.code.name) instead of \(test.expectErrorCode ?? "?")")
                } else {
                    failures.append("\(test): unexpected error \(error.reason)")
                }
            }
        }
        for failure in failures { print("  expand \(failure)") }
        print("JSON-LD expand: \(passed)/\(applicable) passed (\(declinedCount) declined)")
        print("JSON-LD expand: \(onlyForJSONLD10) json-ld-1.0-only tests not applicable")
        #expect(passed >= Self.minimumPassed, "expand conformance fell below the committed \(Self.minimumPassed) passing tests")
        #expect(Double(passed) >= 0.95 * Double(applicable), "expand conformance fell below 95%")
    }
}

@Suite("JSON-LD toRdf conformance", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
struct JSONLDToRDFConformanceTests {
    /// Tests Laurel deliberately does not pass, by id, with the reason. None: every applicable test passes.
    static let declined: [String: String] = [:]
    /// The committed minimum: the suite fails if fewer tests pass (456 of 456 applicable at the time of writing).
    static let minimumPassed = 456

    @Test("toRdf-manifest.jsonld passes at least the committed threshold")
    func toRDFManifest() throws {
        let directory = try #require(Shared.directory("conformance/json-ld-api/tests"))
        let loader = SuiteDocumentLoader(directory: directory)
        let tests = try SuiteTest.load(manifest: "toRdf-manifest.jsonld", in: directory)
        var passed = 0, applicable = 0, declinedCount = 0, onlyForJSONLD10 = 0
        var failures: [String] = []
        for test in tests {
            guard let options = try test.options(loader: loader) else {
                onlyForJSONLD10 += 1
                continue
            }
            applicable += 1
            if Self.declined[test.id] != nil {
                declinedCount += 1
                continue
            }
            let processor = JSONLDProcessor(documentLoader: loader, options: options)
            do {
                let input = try loader.loadDocument(SuiteDocumentLoader.remoteBase + test.input)
                let dataset = try processor.toRDF(input)
                if test.isNegative {
                    failures.append("\(test): expected error \(test.expectErrorCode ?? "?"), got a result")
                    continue
                }
                if test.isSyntaxOnly {
                    passed += 1
                    continue
                }
                let expectedText = String(decoding: try Data(contentsOf: directory.appendingPathComponent(test.expect ?? "")), as: UTF8.self)
                if sameDataset(dataset, expectedNQuads: expectedText) {
                    passed += 1
                } else {
                    failures.append("\(test):\n    got\n\(NQuads.serialize(dataset))    expected\n\(expectedText)")
                }
            } catch let error as CredentialKitError {
                if test.isNegative, error.jsonLDErrorCode == test.expectErrorCode {
                    passed += 1
                } else if test.isNegative {
                    failures.append("\(test): error \(error.jsonLDErrorCode ?? error.code.name) instead of \(test.expectErrorCode ?? "?")")
                } else {
                    failures.append("\(test): unexpected error \(error.reason)")
                }
            }
        }
        for failure in failures { print("  toRdf \(failure)") }
        print("JSON-LD toRdf: \(passed)/\(applicable) passed (\(declinedCount) declined)")
        print("JSON-LD toRdf: \(onlyForJSONLD10) json-ld-1.0-only tests not applicable")
        #expect(passed >= Self.minimumPassed, "toRdf conformance fell below the committed \(Self.minimumPassed) passing tests")
        #expect(Double(passed) >= 0.95 * Double(applicable), "toRdf conformance fell below 95%")
    }
}

@Suite("JSON-LD expansion memo", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
struct JSONLDExpansionMemoTests {
    /// The third expansion of a document by one processor uses the expansions remembered on the
    /// second (``ExpansionMemo``); every one must be what the W3C suite expects.
    @Test("expanding every expand-manifest document three times gives the same, expected result each time")
    func expandAgain() throws {
        let directory = try #require(Shared.directory("conformance/json-ld-api/tests"))
        let loader = SuiteDocumentLoader(directory: directory)
        var compared = 0
        for test in try SuiteTest.load(manifest: "expand-manifest.jsonld", in: directory) where !test.isNegative {
            guard let options = try test.options(loader: loader) else { continue }
            let processor = JSONLDProcessor(documentLoader: loader, options: options)
            let input = try loader.loadDocument(SuiteDocumentLoader.remoteBase + test.input)
            guard let first = try? processor.expand(input) else { continue }
            let expected = try loader.loadDocument(SuiteDocumentLoader.remoteBase + (test.expect ?? ""))
            for _ in 0..<2 {
                let again = try processor.expand(input)
                #expect(jsonLDEquivalent(again, expected) == jsonLDEquivalent(first, expected), "\(test)")
                #expect(again == first, "\(test)")
            }
            compared += 1
        }
        #expect(compared > 250)
    }
}
