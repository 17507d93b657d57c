import Foundation
import Testing
@testable import CredentialKit

@Suite("JSON-LD safe mode")
struct JSONLDSafeModeTests {
    static let safe = JSONLDProcessor(options: .init(safeMode: true))

    static func credential(subject: JSONObject, type: JSONValue = ["VerifiableCredential"]) -> JSONValue {
        [
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5",
            "type": type,
            "issuer": "did:example:issuer",
            "credentialSubject": .object(subject),
        ]
    }

    @Test("A property undefined in every context is .undefinedTerm naming it and its path")
    func undefinedProperty() throws {
        let document = Self.credential(subject: ["id": "did:example:subject", "favoriteColor": "blue"])
        let error = try #require(throws: CredentialKitError.self) { try Self.safe.expand(document) }
        #expect(error.code == .undefinedTerm)
        #expect(error.reason.contains("\"favoriteColor\""))
        #expect(error.reason.contains("$.credentialSubject.favoriteColor"))
    }

    @Test("Without safe mode the undefined property is dropped silently, as the spec says")
    func droppedWithoutSafeMode() throws {
        let document = Self.credential(subject: ["id": "did:example:subject", "favoriteColor": "blue"])
        let expanded = try JSONLDProcessor().expand(document)
        #expect(!expanded.serialized().contains("favoriteColor"))
        #expect(expanded.serialized().contains("did:example:subject"))
        let quads = try JSONLDProcessor().toRDF(document)
        #expect(!quads.isEmpty)
    }

    @Test("An undefined type, which would stay a relative IRI, is .undefinedTerm in safe mode")
    func undefinedType() throws {
        let document = Self.credential(subject: ["id": "did:example:subject"], type: ["VerifiableCredential", "MysteryCredential"])
        let error = try #require(throws: CredentialKitError.self) { try Self.safe.expand(document) }
        #expect(error.code == .undefinedTerm)
        #expect(error.reason.contains("MysteryCredential"))
        #expect(error.reason.contains("$.type"))
        #expect(throws: Never.self) { try JSONLDProcessor().expand(document) }
    }

    @Test("A relative @id with no base is .undefinedTerm in safe mode, kept when a base resolves it")
    func relativeID() throws {
        let document = Self.credential(subject: ["id": "subjects/42"])
        let error = try #require(throws: CredentialKitError.self) { try Self.safe.expand(document) }
        #expect(error.code == .undefinedTerm)
        #expect(error.reason.contains("subjects/42"))
        let withBase = JSONLDProcessor(options: .init(base: "https://example.com/", safeMode: true))
        #expect(try withBase.expand(document).serialized().contains("https://example.com/subjects/42"))
    }

    @Test("An inline context cannot redefine a protected credentials v2 term")
    func protectedTerms() throws {
        let document: JSONValue = [
            "@context": ["https://www.w3.org/ns/credentials/v2", ["name": "https://attacker.example/name"]],
            "type": ["VerifiableCredential"], "name": "Badge",
        ]
        let error = try #require(throws: CredentialKitError.self) { try JSONLDProcessor().expand(document) }
        #expect(error.code == .invalidJSONLD)
        #expect(error.jsonLDErrorCode == "protected term redefinition")
        #expect(error.reason.contains("\"name\""))
        // An identical redefinition is allowed, as the spec says.
        let same: JSONValue = [
            "@context": ["https://www.w3.org/ns/credentials/v2", ["id": "@id"]], "id": "urn:example:1", "type": ["VerifiableCredential"],
        ]
        #expect(throws: Never.self) { try JSONLDProcessor().expand(same) }
    }

    @Test("An ill-formed IRI or language tag that toRdf would leave out is an error in safe mode")
    func illFormedInRDF() throws {
        let spaced = Self.credential(subject: ["id": "https://example.com/has space"])
        let error = try #require(throws: CredentialKitError.self) { try Self.safe.toRDF(spaced) }
        #expect(error.code == .invalidJSONLD)
        #expect(error.reason.contains("https://example.com/has space"))
        let quads = try JSONLDProcessor().toRDF(spaced)
        #expect(!quads.contains { $0.subject == .iri("https://example.com/has space") })

        let language: JSONValue = [
            "@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
            "name": ["@value": "Badge", "@language": "not a tag"],
        ]
        let languageError = try #require(throws: CredentialKitError.self) { try Self.safe.toRDF(language) }
        #expect(languageError.reason.contains("not a tag"))
    }

    @Test("A fully defined credential passes safe mode unchanged", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func definedCredentialPasses() throws {
        let document = try JSONParser.parse(Shared.text("vectors/1edtech-ob30-eddsa-rdfc-2022/unsignedCredential.json"))
        #expect(try Self.safe.toRDF(document) == JSONLDProcessor().toRDF(document))
    }
}

@Suite("JSON-LD limits")
struct JSONLDLimitsTests {
    /// Serves a context that references itself through a property-scoped context, and one that imports itself.
    struct CyclicLoader: DocumentLoader {
        func loadDocument(_ url: String) throws -> JSONValue {
            switch url {
            case "https://example.com/cyclic":
                return [
                    "@context": [
                        "@vocab": "https://example.com/vocab#",
                        "child": ["@id": "https://example.com/vocab#child", "@context": "https://example.com/cyclic"],
                    ]
                ]
            case "https://example.com/importing":
                return [
                    "@context": [
                        "@vocab": "https://example.com/vocab#",
                        "Thing": ["@id": "https://example.com/vocab#Thing", "@context": ["@import": "https://example.com/importing"]],
                    ]
                ]
            default:
                throw CredentialKitError(.contextNotPinned, url)
            }
        }
    }

    @Test("A context referencing itself as a scoped context still applies, level after level")
    func cyclicScopedContext() throws {
        let processor = JSONLDProcessor(documentLoader: CyclicLoader())
        var nested: JSONValue = ["name": "leaf"]
        for _ in 0..<5 { nested = ["child": nested] }
        let document: JSONValue = ["@context": "https://example.com/cyclic", "child": nested]
        let clock = ContinuousClock()
        var expanded: JSONValue = .null
        let elapsed = try clock.measure { expanded = try processor.expand(document) }
        #expect(elapsed < .seconds(5))
        #expect(expanded.serialized().contains("https://example.com/vocab#name"))
    }

    @Test("A scoped context that imports its own context is a clear error, not a hang")
    func selfImportingScopedContext() throws {
        let processor = JSONLDProcessor(documentLoader: CyclicLoader())
        let document: JSONValue = ["@context": "https://example.com/importing", "@type": "Thing", "name": "x"]
        let clock = ContinuousClock()
        var thrown: CredentialKitError?
        let elapsed = clock.measure {
            do { _ = try processor.expand(document) } catch let error as CredentialKitError { thrown = error } catch {}
        }
        let error = try #require(thrown)
        #expect(error.code == .invalidJSONLD)
        #expect(error.reason.contains("context overflow"))
        #expect(elapsed < .seconds(5))
    }

    @Test("10,000 levels of nested scoped contexts fail quickly with a clear error")
    func deeplyNestedScopedContexts() throws {
        var context: JSONValue = ["@vocab": "https://example.com/"]
        for _ in 0..<10_000 { context = ["a": ["@id": "https://example.com/a", "@context": context]] }
        let document: JSONValue = ["@context": context, "a": "x"]
        let clock = ContinuousClock()
        var thrown: CredentialKitError?
        let elapsed = clock.measure {
            do { _ = try JSONLDProcessor().expand(document) } catch let error as CredentialKitError { thrown = error } catch {}
        }
        let error = try #require(thrown)
        #expect(error.code == .invalidJSONLD)
        #expect(error.reason.contains("context overflow"))
        #expect(elapsed < .seconds(5))
    }

    @Test("Remote contexts whose scoped contexts fan out exponentially end with a context overflow quickly")
    func fanOut() throws {
        /// Context cN defines ten terms whose scoped context is c(N+1), for N up to 20: 10^20 validations if unbounded.
        struct FanOutLoader: DocumentLoader {
            func loadDocument(_ url: String) throws -> JSONValue {
                guard let level = Int(url.dropFirst("https://example.com/c".count)) else { throw CredentialKitError(.contextNotPinned, url) }
                var context: JSONObject = ["@vocab": "https://example.com/v#"]
                if level < 20 {
                    for term in 0..<10 { context["t\(term)"] = ["@context": .string("https://example.com/c\(level + 1)")] }
                }
                return ["@context": .object(context)]
            }
        }
        let clock = ContinuousClock()
        var thrown: CredentialKitError?
        let elapsed = clock.measure {
            do {
                // Depth limits alone would allow this context (20 levels); the work budget must stop it.
                let processor = JSONLDProcessor(documentLoader: FanOutLoader(), options: .init(maxContextDepth: 100))
                _ = try processor.expand(["@context": "https://example.com/c0", "t0": "x"])
            } catch let error as CredentialKitError { thrown = error } catch {}
        }
        let error = try #require(thrown)
        #expect(error.reason.contains("term definitions"))
        // A guard against a hang, not a speed target (it takes about a second alone, longer on a
        // loaded machine): unbounded, this would run for ages.
        #expect(elapsed < .seconds(120))
    }

    @Test("A document nested deeper than the limit fails with a clear error")
    func deepDocument() throws {
        var value: JSONValue = "leaf"
        for _ in 0..<10_000 { value = ["https://example.com/p": value] }
        let error = try #require(throws: CredentialKitError.self) { try JSONLDProcessor().expand(value) }
        #expect(error.code == .invalidJSONLD)
        #expect(error.reason.contains("nests deeper"))
    }

    @Test("Too many remote contexts is a context overflow")
    func tooManyRemoteContexts() throws {
        struct ChainLoader: DocumentLoader {
            func loadDocument(_ url: String) throws -> JSONValue {
                guard let number = Int(url.dropFirst("https://example.com/c".count)) else { throw CredentialKitError(.contextNotPinned, url) }
                return ["@context": [.string("https://example.com/c\(number + 1)")]]
            }
        }
        let processor = JSONLDProcessor(documentLoader: ChainLoader(), options: .init(maxRemoteContexts: 10, maxContextDepth: 100))
        let error = try #require(throws: CredentialKitError.self) {
            try processor.expand(["@context": "https://example.com/c0", "https://example.com/p": "x"])
        }
        #expect(error.reason.contains("context overflow"))
    }
}
