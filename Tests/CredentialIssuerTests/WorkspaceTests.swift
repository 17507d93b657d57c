import CredentialKit
import Foundation
import Testing
@testable import CredentialIssuer

@Suite("Workspace")
struct WorkspaceTests {
    @Test("init lays out config, a 0600 key, the issuer profile and the CC catalog")
    func layout() throws {
        let temp = try TemporaryDirectory()
        let key = try PrivateKey.generate(.ed25519)
        let ws = try Workspace.create(at: temp.path("ws"), issuerName: "Creative Commons", key: key)
        let listing = Set(temp.listing())
        for expected in ["ws/laurel.json", "ws/issuer.json", "ws/keys/issuer-ed25519.pem", "ws/achievements/cc-core.json",
                         "ws/achievements/cc-librarians.json", "ws/achievements/cc-educators.json",
                         "ws/achievements/cc-government.json", "ws/achievements/cc-open-culture.json",
                         "ws/achievements/intro-to-oer.json", "ws/credentials"] {
            #expect(listing.contains(expected), "missing \(expected)")
        }
        let keyMode = try FileManager.default.attributesOfItem(atPath: temp.path("ws/keys/issuer-ed25519.pem").path)[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
        #expect(ws.config.issuer.id == key.publicKey.didKey)
        #expect(ws.config.keys[0].verificationMethod == key.publicKey.didKeyVerificationMethod)

        let reopened = try Workspace.open(temp.path("ws"))
        #expect(reopened.config == ws.config)
        let reloaded = try reopened.privateKey(reopened.config.keys[0], passphrase: nil)
        #expect(reloaded.publicKey == key.publicKey)

        let core = try reopened.achievement("cc-core")
        #expect(core.name.text() == "Creative Commons Certificate: CORE")
        #expect(core.criteria.narrative?.contains("Find and use CC-licensed resources.") == true)
        #expect(core.alignment?.count == 7)
        let librarians = try reopened.achievement("cc-librarians")
        #expect(librarians.criteria.narrative?.contains("Support the curation and creation of open resources.") == true)
    }

    @Test("issuer.json lists the keys the issuer controls")
    func issuerDocument() throws {
        let temp = try TemporaryDirectory()
        let ws = try Workspace.create(at: temp.path("ws"), issuerName: "Universidad de Ejemplo",
                                      issuerID: "https://example.edu/issuer", key: try PrivateKey.generate(.ed25519))
        let document = try JSONParser.parse(Array(try Data(contentsOf: temp.path("ws/issuer.json"))))
        #expect(document["id"] == "https://example.edu/issuer")
        let method = try #require(document["verificationMethod"]?.arrayValue?.first)
        #expect(method["controller"] == "https://example.edu/issuer")
        #expect(method["id"]?.stringValue == ws.config.keys[0].verificationMethod)
        #expect(method["publicKeyMultibase"]?.stringValue == ws.config.keys[0].publicKeyMultibase)
    }

    @Test("a non-empty directory, a file, an empty name or a bad issuer id is refused and nothing is written")
    func refusals() throws {
        let temp = try TemporaryDirectory()
        try Data("x".utf8).write(to: temp.path("occupied.txt"))
        let key = try PrivateKey.generate(.ed25519)
        #expect(throws: IssuerError(.fileSystem, "")) {
            _ = try Workspace.create(at: temp.url, issuerName: "X", key: key)
        }
        #expect(throws: IssuerError(.fileSystem, "")) {
            _ = try Workspace.create(at: temp.path("occupied.txt"), issuerName: "X", key: key)
        }
        #expect(throws: IssuerError(.invalidRequest, "")) {
            _ = try Workspace.create(at: temp.path("a"), issuerName: "  ", key: key)
        }
        #expect(throws: IssuerError(.invalidRequest, "")) {
            _ = try Workspace.create(at: temp.path("b"), issuerName: "X", issuerID: "example.edu", key: key)
        }
        #expect(temp.listing() == ["occupied.txt"])
        #expect(throws: IssuerError(.notAWorkspace, "")) { _ = try Workspace.open(temp.url) }
    }

    @Test("an encrypted key needs its passphrase")
    func encryptedKey() throws {
        let temp = try TemporaryDirectory()
        let ws = try Workspace.create(at: temp.path("ws"), issuerName: "X", key: try PrivateKey.generate(.p256),
                                      passphrase: "correct horse")
        #expect(ws.config.keys[0].encrypted)
        #expect(throws: IssuerError.self) { _ = try ws.privateKey(ws.config.keys[0], passphrase: "wrong") }
        #expect(throws: IssuerError.self) { _ = try ws.privateKey(ws.config.keys[0], passphrase: nil) }
        _ = try ws.privateKey(ws.config.keys[0], passphrase: "correct horse")
    }

    @Test("a did:key issuer cannot add a second key; an https issuer can")
    func addKey() throws {
        let temp = try TemporaryDirectory()
        var didWorkspace = try Workspace.create(at: temp.path("a"), issuerName: "X", key: try PrivateKey.generate(.ed25519))
        #expect(throws: IssuerError(.invalidRequest, "")) { _ = try didWorkspace.addKey(try PrivateKey.generate(.p256)) }
        var urlWorkspace = try Workspace.create(at: temp.path("b"), issuerName: "X", issuerID: "https://example.edu/i",
                                                key: try PrivateKey.generate(.ed25519))
        let entry = try urlWorkspace.addKey(try PrivateKey.generate(.p256))
        #expect(entry.verificationMethod.hasPrefix("https://example.edu/i#zDn"))
        #expect(try Workspace.open(temp.path("b")).keyEntry(for: .ecdsaJcs2019) == entry)
    }
}

@Suite("AtomicFile")
struct AtomicFileTests {
    @Test("writes whole files, refuses to overwrite unless asked, leaves no temporary files")
    func writes() throws {
        let temp = try TemporaryDirectory()
        let target = temp.path("out.json")
        try AtomicFile.write(Array("one".utf8), to: target)
        #expect(throws: IssuerError(.fileSystem, "")) { try AtomicFile.write(Array("two".utf8), to: target) }
        #expect(String(decoding: try Data(contentsOf: target), as: UTF8.self) == "one")
        try AtomicFile.write(Array("three".utf8), to: target, overwrite: true)
        #expect(String(decoding: try Data(contentsOf: target), as: UTF8.self) == "three")
        #expect(throws: IssuerError(.fileSystem, "")) { try AtomicFile.write([1], to: temp.url) }
        #expect(throws: IssuerError(.fileSystem, "")) { try AtomicFile.write([1], to: temp.path("missing/dir/file")) }
        #expect(temp.listing() == ["out.json"])
    }
}

@Suite("Recipient identifiers")
struct RecipientIdentifierTests {
    @Test("the hashed e-mail is sha256$ of the normalised address and salt")
    func hashedEmail() {
        // Computed independently: python3 -c "import hashlib; print(hashlib.sha256(b'ana@example.org'+b's4lt').hexdigest())"
        let identity = IdentityObject.hashedEmail("  Ana@Example.ORG ", salt: "s4lt")
        #expect(identity.identityHash == "sha256$3bddc72bd0ddd698f4c5b9a112517fc278e0d2857cdb2b9043e83e3d7dbe39f2")
        #expect(identity.matches(email: "ana@example.org"))
        #expect(!identity.matches(email: "ana@example.com"))
    }
}

@Suite("Demo keys")
struct DemoKeyTests {
    @Test("the keys/ files are the demo keys the binary carries, and each is recognised as a demo key")
    func filesMatch() throws {
        let keysDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("keys")
        let files = [("demo-ed25519.pem", DemoKeys.ed25519PEM), ("demo-p256.pem", DemoKeys.p256PEM), ("demo-rsa.pem", DemoKeys.rsaPEM)]
        for (file, embedded) in files {
            let text = try String(contentsOf: keysDirectory.appendingPathComponent(file), encoding: .utf8)
            #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == embedded.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(file) differs from the embedded copy")
            #expect(DemoKeys.isDemoKey(try PrivateKey(pem: text).publicKey))
        }
        #expect(!DemoKeys.isDemoKey(try PrivateKey.generate(.ed25519).publicKey))
    }
}

@Suite("Workspace partner issuers")
struct WorkspacePartnerTests {
    @Test("a partner has its own folder, 0600 key, profile and catalog; laurel.json still matches its schema")
    func partnerLayout() throws {
        let temp = try TemporaryDirectory()
        let ws = try Workspace.create(at: temp.path("ws"), issuerName: "Creative Commons", issuerID: "https://cc.example/issuer",
                                      key: try PrivateKey.generate(.ed25519))
        let key = try PrivateKey.generate(.ed25519)
        let partner = try ws.addPartnerIssuer(handle: "example-state", name: "Example State University",
                                              issuerID: "https://example.edu/issuer", issuerURL: "https://example.edu", key: key)
        let keyFile = temp.path("ws/issuers/example-state/keys/issuer-ed25519.pem").path
        #expect(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int == 0o600)
        #expect(partner.config.statusBaseURL == "https://example.edu/status/")
        #expect(partner.statusDestinations.map(\.lastPathComponent) == ["example-state"])

        let reopened = try Workspace.open(temp.path("ws"))
        #expect(reopened.config.issuer.id == "https://cc.example/issuer")
        let selected = try reopened.forIssuer("example-state")
        #expect(selected.config == partner.config)
        #expect(try reopened.forIssuer("https://example.edu/issuer").partnerHandle == "example-state")
        #expect(try selected.privateKey(selected.config.keys[0], passphrase: nil).publicKey == key.publicKey)
        let course = try selected.achievement("intro-to-oer")
        #expect(course.id == "https://example.edu/microcredentials/intro-to-oer")
        #expect(course.creator?.id == "https://example.edu/issuer")
        // Its Spanish version moves with it, and each points at the other.
        let spanish = try #require(try selected.translations(of: "intro-to-oer").first)
        #expect(spanish.id == "https://example.edu/microcredentials/intro-to-oer/es")
        let languages = try selected.achievementLanguages("intro-to-oer")
        #expect(languages.version(for: "es").achievement.related?.map(\.id) == [course.id])
        #expect(languages.version(for: "en").achievement.related?.map(\.id) == [spanish.id])
        #expect(try selected.keyDocuments()["https://example.edu/issuer"]?["verificationMethod"] != nil)

        let config = try JSONParser.parse(Array(try Data(contentsOf: temp.path("ws/laurel.json"))))
        #expect(try LaurelSchema.workspaceConfig.validator.validate(config) == [])
        #expect(throws: IssuerError.self) { try reopened.forIssuer("nobody") }
        #expect(throws: IssuerError.self) {
            try reopened.addPartnerIssuer(handle: "other", name: "Same URL", issuerURL: "https://example.edu", key: try PrivateKey.generate(.ed25519))
        }
    }
}
