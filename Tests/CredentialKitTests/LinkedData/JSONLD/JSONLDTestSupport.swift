import Foundation
@testable import CredentialKit

/// Serves the W3C JSON-LD test suite's "remote" documents from its local copy.
struct SuiteDocumentLoader: DocumentLoader {
    static let remoteBase = "https://w3c.github.io/json-ld-api/tests/"
    let directory: URL

    func loadDocument(_ url: String) throws -> JSONValue {
        guard url.hasPrefix(Self.remoteBase) else {
            throw CredentialKitError.jsonLD("loading remote context failed", "\(url) is outside the test suite")
        }
        var relative = String(url.dropFirst(Self.remoteBase.count))
        if let hash = relative.firstIndex(of: "#") { relative = String(relative[..<hash]) }
        let file = directory.appendingPathComponent(relative)
        guard let data = try? Data(contentsOf: file) else {
            throw CredentialKitError.jsonLD("loading remote context failed", "\(url) is not in the test suite")
        }
        return try JSONParser.parse(String(decoding: data, as: UTF8.self))
    }
}

/// One entry of a JSON-LD test manifest.
struct SuiteTest: CustomStringConvertible {
    let id: String
    let name: String
    let types: [String]
    let input: String
    let expect: String?
    let expectErrorCode: String?
    let option: JSONObject

    var isNegative: Bool { types.contains("jld:NegativeEvaluationTest") }
    var isSyntaxOnly: Bool { types.contains("jld:PositiveSyntaxTest") }
    var description: String { "\(id) \(name)" }

    /// Reads the `sequence` of a manifest file in the suite directory.
    static func load(manifest: String, in directory: URL) throws -> [SuiteTest] {
        let text = String(decoding: try Data(contentsOf: directory.appendingPathComponent(manifest)), as: UTF8.self)
        let root = try JSONParser.parse(text)
        return (root["sequence"]?.arrayValue ?? []).compactMap { entry in
            guard let id = entry["@id"]?.stringValue, let input = entry["input"]?.stringValue else { return nil }
            return SuiteTest(
                id: id, name: entry["name"]?.stringValue ?? "", types: (entry["@type"] ?? .null).asArray.compactMap(\.stringValue),
                input: input, expect: entry["expect"]?.stringValue, expectErrorCode: entry["expectErrorCode"]?.stringValue,
                option: entry["option"]?.objectValue ?? JSONObject())
        }
    }

    /// The processor options the test asks for; nil when the test is for JSON-LD 1.0 only.
    func options(loader: SuiteDocumentLoader) throws -> JSONLDProcessor.Options? {
        if option["specVersion"]?.stringValue == "json-ld-1.0" { return nil }
        var options = JSONLDProcessor.Options()
        options.base = option["base"]?.stringValue ?? SuiteDocumentLoader.remoteBase + input
        if option["processingMode"]?.stringValue == "json-ld-1.0" { options.processingMode = .jsonLD10 }
        if let expandContext = option["expandContext"]?.stringValue {
            options.expandContext = try loader.loadDocument(SuiteDocumentLoader.remoteBase + expandContext)
        }
        options.rdfDirection = option["rdfDirection"]?.stringValue
        options.produceGeneralizedRdf = option["produceGeneralizedRdf"]?.boolValue ?? false
        return options
    }
}

/// JSON-LD result equality as the official runners use it: arrays are unordered except `@list` values.
func jsonLDEquivalent(_ lhs: JSONValue, _ rhs: JSONValue, ordered: Bool = false) -> Bool {
    switch (lhs, rhs) {
    case (.object(let a), .object(let b)):
        guard a.count == b.count else { return false }
        for (key, value) in a {
            guard let other = b[key], jsonLDEquivalent(value, other, ordered: key == "@list") else { return false }
        }
        return true
    case (.array(let a), .array(let b)):
        guard a.count == b.count else { return false }
        if ordered { return zip(a, b).allSatisfy { jsonLDEquivalent($0, $1) } }
        var unmatched = b
        for item in a {
            guard let match = unmatched.firstIndex(where: { jsonLDEquivalent(item, $0) }) else { return false }
            unmatched.remove(at: match)
        }
        return true
    default:
        return lhs == rhs
    }
}

/// The distinct statements of a dataset as canonical N-Quads lines (without line ends), sorted.
func nQuadsLines(_ dataset: RDFDataset) -> [String] {
    Set(dataset.map { String(NQuads.serialize($0).dropLast()) }).sorted()
}

/// The statements of an N-Quads file, re-serialized canonically and sorted.
///
/// Generalized RDF (a blank node as predicate) is not N-Quads, so for such files the trimmed lines are used as written.
func nQuadsLines(fileText: String) -> [String] {
    if let dataset = try? NQuads.parse(fileText) { return nQuadsLines(dataset) }
    return Set(fileText.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }).sorted()
}

/// True when the datasets are isomorphic: equal RDFC-1.0 canonical N-Quads.
///
/// Generalized RDF (a blank node predicate, allowed by `produceGeneralizedRdf`) is outside
/// RDFC-1.0, so those datasets fall back to comparing lines up to a renaming of blank nodes.
func sameDataset(_ dataset: RDFDataset, expectedNQuads text: String) -> Bool {
    if let expected = try? NQuads.parse(text),
        let left = try? RDFCanonicalizer().canonicalize(dataset), let right = try? RDFCanonicalizer().canonicalize(expected)
    {
        return left.nquads == right.nquads
    }
    return isomorphic(nQuadsLines(dataset), nQuadsLines(fileText: text))
}

/// True when two sets of N-Quads lines are equal up to a renaming of blank nodes (small graphs only).
func isomorphic(_ lhs: [String], _ rhs: [String]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    if lhs == rhs { return true }
    func labels(_ lines: [String]) -> [String] {
        var seen: [String] = []
        for line in lines {
            for token in line.split(separator: " ") where token.hasPrefix("_:") {
                let label = String(token)
                if !seen.contains(label) { seen.append(label) }
            }
        }
        return seen
    }
    let left = labels(lhs), right = labels(rhs)
    guard left.count == right.count, left.count <= 8 else { return false }
    let target = Set(rhs)
    func rename(_ lines: [String], _ mapping: [String: String]) -> Set<String> {
        Set(lines.map { line in
            line.split(separator: " ", omittingEmptySubsequences: false).map { token in
                mapping[String(token)].map { Substring($0) } ?? token
            }.joined(separator: " ")
        })
    }
    var used = Array(repeating: false, count: right.count)
    var mapping: [String: String] = [:]
    func search(_ index: Int) -> Bool {
        if index == left.count { return rename(lhs, mapping) == target }
        for candidate in right.indices where !used[candidate] {
            used[candidate] = true
            mapping[left[index]] = right[candidate]
            if search(index + 1) { return true }
            used[candidate] = false
        }
        return false
    }
    return search(0)
}
