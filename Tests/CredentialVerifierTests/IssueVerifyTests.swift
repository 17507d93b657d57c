import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// Issues credentials through a real workspace and verifies them through the verifier.
struct Fixture {
    let temp: TemporaryDirectory
    let workspace: Workspace

    /// A workspace whose issuer is the key's did:key (verifiable with no documents).
    init(_ algorithm: KeyAlgorithm = .ed25519, issuerID: String? = nil) throws {
        temp = try TemporaryDirectory()
        workspace = try Workspace.create(at: temp.path("ws"), issuerName: "Creative Commons", issuerID: issuerID,
                                         key: try PrivateKey.generate(algorithm))
    }

    func issue(_ format: ProofFormat, name: String = "Ana María López", validUntil: Date? = nil,
               validFrom: Date? = nil) throws -> IssuedCredential {
        try WorkspaceIssuer(workspace: workspace).issue(
            IssueRequest(achievementID: "cc-core", recipientName: name, recipientEmail: "ana@example.org",
                         proof: format, validFrom: validFrom, validUntil: validUntil, result: "Completed"))
    }

    /// The issuer's published documents (issuer.json, status lists), after publishing the lists.
    func resources() throws -> LocalResources {
        if workspace.config.statusBaseURL != nil {
            try WorkspaceIssuer(workspace: workspace).publishStatusLists()
        }
        return LocalResources(files: try workspace.publishedDocuments())
    }
}

@Suite("Issue and verify")
struct IssueVerifyTests {
    static let combinations: [(ProofFormat, KeyAlgorithm)] = [
        (.eddsaRdfc2022, .ed25519), (.ecdsaRdfc2019, .p256), (.ecdsaRdfc2019, .p384),
        (.eddsaJcs2022, .ed25519), (.ecdsaJcs2019, .p256), (.ecdsaJcs2019, .p384),
        (.jwt, .ed25519), (.jwt, .p256), (.jwt, .rsa),
    ]

    @Test("a credential Laurel issues verifies", arguments: combinations)
    func roundTrip(_ format: ProofFormat, _ algorithm: KeyAlgorithm) async throws {
        let fixture = try Fixture(algorithm)
        let issued = try fixture.issue(format)
        let report = try await Verifier().verify(bytes: issued.contents)
        #expect(report.verdict == .verified, "\(report.checks)")
        #expect(report.verified)
        #expect(report.credentialID == issued.id)
        #expect(report.achievementName == "Creative Commons Certificate: CORE")
        #expect(report.result(of: .format)?.status == .pass, "\(report.result(of: .format)?.message ?? "")")
        #expect(report.result(of: .proof)?.status == .pass)
        #expect(report.result(of: .issuerKey)?.status == .pass)
    }

    @Test("an https issuer verifies with its published issuer.json, and is unverifiable without it")
    func httpsIssuer() async throws {
        let fixture = try Fixture(.ed25519, issuerID: "https://example.edu/issuers/cc")
        let issued = try fixture.issue(.eddsaJcs2022)
        let offline = try await Verifier().verify(bytes: issued.contents)
        #expect(offline.verdict == .unverifiable)
        #expect(offline.result(of: .proof)?.status == .unknown)
        #expect(offline.result(of: .proof)?.message.contains("was not provided") == true)

        let verifier = Verifier(fetcher: try fixture.resources())
        let report = try await verifier.verify(bytes: issued.contents)
        #expect(report.verdict == .verified, "\(report.checks)")
    }

    @Test("names in any script survive issue and verify unchanged",
          arguments: ["مريم الحسيني", "प्रिया शर्मा", "李小龍", "山田 花子", "김민준", "Zoë Ångström-Nuñez", "Đặng Thị Ngọc Hân", "שירה כהן"])
    func unicodeNames(_ name: String) async throws {
        let fixture = try Fixture()
        for format in [ProofFormat.eddsaRdfc2022, .eddsaJcs2022, .jwt] {
            let issued = try fixture.issue(format, name: name)
            let report = try await Verifier().verify(bytes: issued.contents)
            #expect(report.verdict == .verified)
            let input = try CredentialInput(bytes: issued.contents)
            let identifiers = input.credential["credentialSubject"]?["identifier"]?.arrayValue ?? []
            let stored = identifiers.first { $0["identityType"] == "name" }?["identityHash"]?.stringValue
            #expect(stored == name)
            #expect(Array(stored?.utf8 ?? "".utf8) == Array(name.utf8))
        }
    }

    @Test("validity window: not yet valid, expired, and the boundary")
    func validity() async throws {
        let fixture = try Fixture()
        let from = try #require(XSDDateTime.date(from: "2030-01-01T00:00:00Z"))
        let until = try #require(XSDDateTime.date(from: "2031-01-01T00:00:00Z"))
        let issued = try fixture.issue(.eddsaJcs2022, validUntil: until, validFrom: from)
        func verdict(at text: String) async throws -> Verdict {
            let verifier = Verifier(fixedValidationTime: XSDDateTime.date(from: text))
            return try await verifier.verify(bytes: issued.contents).verdict
        }
        #expect(try await verdict(at: "2029-12-31T23:59:59Z") == .notYetValid)
        #expect(try await verdict(at: "2030-01-01T00:00:00Z") == .verified)
        #expect(try await verdict(at: "2031-01-01T00:00:00Z") == .verified)
        #expect(try await verdict(at: "2031-01-01T00:00:01Z") == .expired)
    }

    @Test("a trust list without the issuer gives a warning, not a failure")
    func trustList() async throws {
        let fixture = try Fixture()
        let issued = try fixture.issue(.eddsaJcs2022)
        let untrusted = try await Verifier(trustedIssuers: ["https://other.example"]).verify(bytes: issued.contents)
        #expect(untrusted.verdict == .verifiedUntrusted)
        #expect(untrusted.verified)
        let trusted = try await Verifier(trustedIssuers: [fixture.workspace.config.issuer.id]).verify(bytes: issued.contents)
        #expect(trusted.verdict == .verified)
    }

    @Test("a credential signed by someone else's key in the issuer's name is TAMPERED")
    func forgedIssuer() async throws {
        let victim = try Fixture()
        let forger = try Fixture()
        let issued = try forger.issue(.eddsaJcs2022)
        var document = try #require(try JSONParser.parse(issued.contents).objectValue)
        document["proof"] = nil
        document["issuer"] = .object(["id": .string(victim.workspace.config.issuer.id), "type": ["Profile"], "name": "Creative Commons"])
        let key = try forger.workspace.privateKey(forger.workspace.config.keys[0], passphrase: nil)
        let signed = try DataIntegrity.sign(document, options: .init(cryptosuite: .eddsaJcs2022,
            verificationMethod: forger.workspace.config.keys[0].verificationMethod), key: key)
        let report = await Verifier().verify(try CredentialInput(bytes: JSONValue.object(signed).serializedBytes(pretty: false)))
        #expect(report.verdict == .tampered)
        #expect(report.result(of: .proof)?.status == .pass)
        #expect(report.result(of: .issuerKey)?.status == .fail)
        #expect(report.credentialID == nil, "a tampered credential's claims are hidden")
    }

    @Test("a demo key is refused unless allowed")
    func demoKey() throws {
        let temp = try TemporaryDirectory()
        let ws = try Workspace.create(at: temp.path("ws"), issuerName: "X", key: DemoKeys.all[0])
        let request = IssueRequest(achievementID: "cc-core", recipientName: "A", recipientEmail: "a@example.org")
        #expect(throws: IssuerError(.demoKeyRefused, "")) { _ = try WorkspaceIssuer(workspace: ws).issue(request) }
        _ = try WorkspaceIssuer(workspace: ws, allowDemoKey: true).issue(request)
    }

    @Test("bad requests are refused with a reason", arguments: [
        ("cc-core", "Ana", "not-an-email"), ("cc-core", "", "a@example.org"), ("no-such-course", "Ana", "a@example.org"),
        ("../laurel", "Ana", "a@example.org"),
    ])
    func badRequests(_ achievement: String, _ name: String, _ email: String) throws {
        let fixture = try Fixture()
        #expect(throws: IssuerError.self) {
            _ = try WorkspaceIssuer(workspace: fixture.workspace).issue(
                IssueRequest(achievementID: achievement, recipientName: name, recipientEmail: email))
        }
    }
}
