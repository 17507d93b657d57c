import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// Changes that only linked-data canonicalization can see: a language tag, a term renamed to one
/// no context defines, another version of the OB context.
@Suite("Linked-data tampering")
struct LinkedDataTamperTests {
    /// A signed eddsa-rdfc-2022 credential whose achievement name is in two languages.
    static func multilingualCredential() throws -> (Fixture, JSONObject) {
        let fixture = try Fixture()
        var achievement = try fixture.workspace.achievement("cc-core")
        achievement.name = LocalizedText(entries: [.init("Creative Commons Certificate: CORE", language: "en"),
                                                   .init("Certificado Creative Commons: CORE", language: "es")])
        try fixture.workspace.saveAchievement(achievement, catalogID: "cc-core")
        let issued = try fixture.issue(.eddsaRdfc2022)
        return (fixture, try #require(try JSONParser.parse(issued.contents).objectValue))
    }

    static func verify(_ document: JSONObject) async throws -> VerificationReport {
        await Verifier().verify(try CredentialInput(bytes: JSONValue.object(document).serializedBytes(pretty: false)))
    }

    @Test("the multilingual credential verifies as issued")
    func original() async throws {
        let (_, document) = try Self.multilingualCredential()
        let report = try await Self.verify(document)
        #expect(report.verdict == .verified, "\(report.checks)")
    }

    @Test("one language tag changed: TAMPERED")
    func languageTag() async throws {
        let (_, document) = try Self.multilingualCredential()
        let text = String(decoding: JSONValue.object(document).serializedBytes(pretty: false), as: UTF8.self)
        let changed = text.replacingOccurrences(of: "\"@language\":\"es\"", with: "\"@language\":\"pt\"")
        #expect(changed != text)
        let report = await Verifier().verify(try CredentialInput(bytes: Array(changed.utf8)))
        #expect(report.verdict == .tampered)
        #expect(report.result(of: .proof)?.message.contains("changed after signing") == true)
    }

    @Test("a term renamed to one no context defines: TAMPERED, naming the term")
    func undefinedTerm() async throws {
        let (_, document) = try Self.multilingualCredential()
        var changed = document
        let awarded = changed["awardedDate"]
        changed["awardedDate"] = nil
        changed["awardDate"] = awarded
        let report = try await Self.verify(changed)
        #expect(report.verdict == .tampered)
        #expect(report.result(of: .proof)?.message.contains("awardDate") == true, "\(report.result(of: .proof)?.message ?? "")")
    }

    @Test("the OB context swapped for another version: not verified, and the message names the context", arguments: [
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.9.json",
    ])
    func contextVersion(_ replacement: String) async throws {
        let (_, document) = try Self.multilingualCredential()
        var changed = document
        changed["@context"] = .array((document["@context"]?.arrayValue ?? []).map {
            $0.stringValue == JSONLDContexts.openBadgesV3p0_3 ? .string(replacement) : $0
        })
        let report = try await Self.verify(changed)
        #expect(!report.verified, "swapping to \(replacement) still verified")
        if replacement.hasSuffix("3.0.9.json") {
            // Not an OB 3.0 context at all, and not one Laurel has pinned: both are reported,
            // and the headline is that the signature could not be checked.
            #expect(report.verdict == .unsupported)
            #expect(report.result(of: .format)?.message.contains("Open Badges 3.0 context") == true)
            #expect(report.result(of: .proof)?.code == "context_not_pinned")
        } else {
            // 3.0.2 reads the same terms, so the signature is checked and fails: TAMPERED. The
            // older versions cannot be combined with the VC 2.0 context at all (a protected term
            // redefined), so the signature cannot even be checked: MALFORMED.
            #expect(report.verdict == .tampered || report.verdict == .malformed, "\(report.checks)")
            let message = report.result(of: .proof)?.message ?? ""
            #expect(message.contains(replacement), "\(message)")
        }
    }

    @Test("an embedded @context that makes the JSON name another recipient than the signed data says: UNSUPPORTED, never VERIFIED")
    func embeddedContextForgery() async throws {
        let fixture = try Fixture(.ed25519)
        let original = try #require(try JSONParser.parse(try fixture.issue(.eddsaRdfc2022).contents).objectValue)
        var subject = try #require(original["credentialSubject"]?.objectValue)
        var identifiers = try #require(subject["identifier"]?.arrayValue)
        let index = try #require(identifiers.firstIndex { $0["identityType"]?.stringValue == "emailAddress" })
        let salt = try #require(identifiers[index]["salt"]?.stringValue)
        let vocab = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
        // The signed hash moves to a term of the forger's own; `identityHash` becomes an index,
        // which makes no linked data, and holds the forger's address. A full-IRI type escapes the
        // scoped context that protects the OB terms.
        identifiers[index] = [
            "@context": ["identityHash": "@index", "h": .string(vocab + "identityHash"),
                         "hashed": ["@id": .string(vocab + "hashed"), "@type": "https://www.w3.org/2001/XMLSchema#boolean"],
                         "identityType": .string(vocab + "identityType"), "salt": .string(vocab + "salt")],
            "type": .string(vocab + "IdentityObject"), "hashed": true, "identityType": "emailAddress", "salt": .string(salt),
            "h": identifiers[index]["identityHash"] ?? .null,
            "identityHash": .string("sha256$" + Hex.encode(Digest.sha256.hash("mallory@evil.example" + salt))),
        ]
        subject["identifier"] = .array(identifiers)
        var forged = original
        forged["credentialSubject"] = .object(subject)

        // The forgery is the same linked data: the issuer's signature still matches it.
        var unsignedOriginal = original, unsignedForged = forged
        unsignedOriginal["proof"] = nil
        unsignedForged["proof"] = nil
        #expect(try DataIntegrity.canonicalize(unsignedOriginal, using: .rdfc) == DataIntegrity.canonicalize(unsignedForged, using: .rdfc))

        let report = await Verifier(recipientEmail: "mallory@evil.example").verify(try CredentialInput(bytes: JSONValue.object(forged).serializedBytes()))
        #expect(report.verdict == .unsupported, "\(report.checks)")
        #expect(report.result(of: .proof)?.code == "context_embedded")
        #expect(report.result(of: .proof)?.message.contains("credentialSubject.identifier[\(index)].@context") == true)
        #expect(report.result(of: .recipient)?.status != .pass)
    }

    @Test("a revoked credential whose status entry is moved under @nest or to its full IRI: the same signed data, UNSUPPORTED, never VERIFIED",
          arguments: ["@nest", "iri"])
    func hiddenStatus(_ how: String) async throws {
        let fixture = try Fixture(.ed25519, issuerID: "https://example.edu/issuers/cc")
        let issued = try fixture.issue(.eddsaRdfc2022)
        _ = try WorkspaceIssuer(workspace: fixture.workspace).changeStatus(.revoke, credentialIDs: [issued.id], reason: "test")
        let original = try #require(try JSONParser.parse(issued.contents).objectValue)
        #expect(await Verifier(fetcher: try fixture.resources()).verify(try CredentialInput(bytes: issued.contents)).verdict == .revoked)

        var forged = original
        let status = try #require(forged["credentialStatus"])
        forged["credentialStatus"] = nil
        if how == "@nest" {
            forged["@nest"] = ["credentialStatus": status]
        } else {
            forged["https://www.w3.org/2018/credentials#credentialStatus"] = status
        }
        var unsignedOriginal = original, unsignedForged = forged
        unsignedOriginal["proof"] = nil
        unsignedForged["proof"] = nil
        // The same linked data: the issuer's signature still matches the forgery.
        #expect(try DataIntegrity.canonicalize(unsignedOriginal, using: .rdfc) == DataIntegrity.canonicalize(unsignedForged, using: .rdfc))
        let report = await Verifier(fetcher: try fixture.resources()).verify(try CredentialInput(bytes: JSONValue.object(forged).serializedBytes()))
        #expect(report.verdict == .unsupported, "\(report.checks)")
        #expect(report.result(of: .proof)?.code == "context_embedded")
    }
}
