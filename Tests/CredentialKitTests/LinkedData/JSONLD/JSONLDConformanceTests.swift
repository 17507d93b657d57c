import Foundation
import Testing
@testable import CredentialKit

/// Runs the W3C JSON-LD 1.1 API test suite (expand and toRdf manifests) from ../shared/conformance.
///
/// Tests marked json-ld-1.0 only are not applicable (Laurel implements 1.1) and are not counted.
/// Every other test counts; declined ones count as not passed.
@Suite("JSON-LD expand conformance", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
struct JSONLDExpandConformanceTests {
    /// Tests Laurel deliberately does not pass, with the reason.
    static let declined: [String: String] = [:]
    /// The committed minimum pass rate; the suite fails if conformance regresses below it.
    static let threshold = 0.95

    @Test("expand-manifest.jsonld passes at least the committed threshold")
    func expandManifest() throws {
        let directory = try #require(Shared.directory("conformance/json-ld-api/tests"))
        let loader = SuiteDocumentLoader(directory: directory)
        let tests = try SuiteTest.load(manifest: "expand-manifest.jsonld", in: directory)
        var passed = 0, applicable = 0, declinedCount = 0
        var failures: [String] = []
        for test in tests {
            guard let options = try test.options(loader: loader) else { continue }
            applicable += 1
            if let reason = Self.declined[test.id] {
                declinedCount += 1
                _ = reason
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
                if test.isNegative {
                    passed += 1
                    if let code = error.jsonLDErrorCode, code != test.expectErrorCode {
                        failures.append("(passed, other code) \(test): \(code) instead of \(test.expectErrorCode ?? "?")")
                    }
                } else {
                    failures.append("\(test): unexpected error \(error.reason)")
                }
            }
        }
        for failure in failures { print("  expand \(failure)") }
        print("JSON-LD expand: \(passed)/\(applicable) passed (\(declinedCount) declined)")
        #expect(Double(passed) >= Self.threshold * Double(applicable), "expand conformance fell below \(Self.threshold)")
    }
}

@Suite("JSON-LD toRdf conformance", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
struct JSONLDToRDFConformanceTests {
    /// Tests Laurel deliberately does not pass, with the reason.
    static let declined: [String: String] = [:]
    /// The committed minimum pass rate; the suite fails if conformance regresses below it.
    static let threshold = 0.95

    @Test("toRdf-manifest.jsonld passes at least the committed threshold")
    func toRDFManifest() throws {
        let directory = try #require(Shared.directory("conformance/json-ld-api/tests"))
        let loader = SuiteDocumentLoader(directory: directory)
        let tests = try SuiteTest.load(manifest: "toRdf-manifest.jsonld", in: directory)
        var passed = 0, applicable = 0, declinedCount = 0
        var failures: [String] = []
        for test in tests {
            guard let options = try test.options(loader: loader) else { continue }
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
                let got = nQuadsLines(dataset), expected = nQuadsLines(fileText: expectedText)
                if isomorphic(got, expected) {
                    passed += 1
                } else {
                    failures.append("\(test):\n    got      \(got.joined(separator: "\n             "))\n    expected \(expected.joined(separator: "\n             "))")
                }
            } catch let error as CredentialKitError {
                if test.isNegative {
                    passed += 1
                } else {
                    failures.append("\(test): unexpected error \(error.reason)")
                }
            }
        }
        for failure in failures { print("  toRdf \(failure)") }
        print("JSON-LD toRdf: \(passed)/\(applicable) passed (\(declinedCount) declined)")
        #expect(Double(passed) >= Self.threshold * Double(applicable), "toRdf conformance fell below \(Self.threshold)")
    }
}
