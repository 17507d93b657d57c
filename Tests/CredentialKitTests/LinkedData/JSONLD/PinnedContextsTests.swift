import Foundation
import Testing
@testable import CredentialKit

@Suite("PinnedContexts")
struct PinnedContextsTests {
    /// Published copy file name in ../shared/vectors/contexts for each pinned URL.
    static let publishedFiles: [String: String] = [
        "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
        "https://www.w3.org/2018/credentials/v1": "credentials-v1.jsonld",
        "https://www.w3.org/ns/credentials/examples/v2": "credentials-examples-v2.jsonld",
        "https://w3id.org/security/data-integrity/v1": "data-integrity-v1.jsonld",
        "https://w3id.org/security/data-integrity/v2": "data-integrity-v2.jsonld",
        "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
        "https://www.w3.org/ns/credentials/status/v1": "bitstring-status-list-v1.jsonld",
        "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-2020-v1.jsonld",
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json": "ob-v3p0-context.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": "ob-v3p0-context-3.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "ob-v3p0-context-3.0.2.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "ob-v3p0-extensions.json",
    ]

    @Test("Every pinned context is byte-for-byte the published copy", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func byteForByte() throws {
        #expect(Set(PinnedContexts.urls) == Set(Self.publishedFiles.keys))
        for url in PinnedContexts.urls {
            let file = try #require(Self.publishedFiles[url], "no published copy listed for \(url)")
            let published = try Shared.data("vectors/contexts/\(file)")
            let pinned = try #require(PinnedContexts.text(for: url))
            #expect(Array(pinned.utf8) == Array(published), "pinned \(url) differs from vectors/contexts/\(file)")
        }
        // The VCDM 2.0 context's published digest (VCDM 2.0 § B.1, also in SOURCES.md).
        let v2 = try #require(PinnedContexts.text(for: "https://www.w3.org/ns/credentials/v2"))
        #expect(Hex.encode(Digest.sha256.hash(Array(v2.utf8))) == "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734")
    }

    @Test("Every pinned context parses and has a top-level @context object")
    func parses() throws {
        for url in PinnedContexts.urls {
            let document = try PinnedContexts.shared.loadDocument(url)
            #expect(document["@context"]?.objectValue != nil, "\(url) has no @context object")
        }
    }

    @Test("An unpinned URL fails with .contextNotPinned naming the URL")
    func unpinned() throws {
        let url = "https://w3id.org/citizenship/v4rc1"
        let error = try #require(throws: CredentialKitError.self) { try PinnedContexts.shared.loadDocument(url) }
        #expect(error.code == .contextNotPinned)
        #expect(error.reason.contains(url))
        // A near-miss of a pinned URL is not pinned either.
        #expect(throws: CredentialKitError(.contextNotPinned, "")) {
            try PinnedContexts.shared.loadDocument("https://www.w3.org/ns/credentials/v2/")
        }
        // Expansion of a document using an unpinned context surfaces the same error.
        let document: JSONValue = ["@context": [.string(url)], "name": "x"]
        let expansionError = try #require(throws: CredentialKitError.self) { try JSONLDProcessor().expand(document) }
        #expect(expansionError.code == .contextNotPinned)
        #expect(expansionError.reason.contains(url))
    }

    @Test("Processing a pinned context twice reuses the cached processed context")
    func processedContextIsCached() throws {
        let processor = JSONLDProcessor()
        let initial = processor.cache.initialContext(base: nil, processingMode: .jsonLD11)
        let v2: JSONValue = "https://www.w3.org/ns/credentials/v2"
        let first = try processor.processContext(initial, v2, baseURL: nil)
        let second = try JSONLDProcessor().processContext(initial, v2, baseURL: nil)
        #expect(first.id == second.id)
        #expect(first.terms["VerifiableCredential"]?.isProtected == true)
        #expect(first.id != initial.id)
    }
}
