import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// A credential with status entries and the status lists it points at, signed by hand so each
/// failure the verifier must catch can be built on purpose.
struct StatusFixture {
    let fixture: Fixture
    let key: PrivateKey
    let method: String
    let issuerID: String
    static let revocationURL = "https://status.example.org/lists/revocation-1.json"
    static let suspensionURL = "https://status.example.org/lists/suspension-1.json"
    static let index = 94_567

    init() throws {
        fixture = try Fixture()
        key = try fixture.workspace.privateKey(fixture.workspace.config.keys[0], passphrase: nil)
        method = fixture.workspace.config.keys[0].verificationMethod
        issuerID = fixture.workspace.config.issuer.id
    }

    /// A credential carrying a revocation and a suspension entry at ``index``.
    func credential(statusEntries: [JSONValue]? = nil) throws -> [UInt8] {
        let issued = try fixture.issue(.eddsaJcs2022)
        var document = try #require(try JSONParser.parse(issued.contents).objectValue)
        document["proof"] = nil
        document["credentialStatus"] = .array(statusEntries ?? [
            entry(purpose: "revocation", url: Self.revocationURL),
            entry(purpose: "suspension", url: Self.suspensionURL),
        ])
        let signed = try DataIntegrity.sign(document, options: .init(cryptosuite: .eddsaJcs2022, verificationMethod: method), key: key)
        return JSONValue.object(signed).serializedBytes(pretty: false)
    }

    func entry(purpose: String, url: String, index: Int = StatusFixture.index) -> JSONValue {
        ["id": .string("\(url)#\(index)"), "type": "BitstringStatusListEntry", "statusPurpose": .string(purpose),
         "statusListIndex": .string(String(index)), "statusListCredential": .string(url)]
    }

    /// A signed BitstringStatusListCredential.
    func list(url: String, purpose: String, setIndices: [Int] = [], bits: Int = 131_072, issuer: String? = nil,
              validFrom: String = "2024-01-01T00:00:00Z", validUntil: String = "2099-01-01T00:00:00Z", signer: PrivateKey? = nil, signerMethod: String? = nil) throws -> [UInt8] {
        var bitstring = StatusBitstring(bitCount: bits)
        for index in setIndices { bitstring[index] = true }
        let document: JSONObject = [
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": .string(url),
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": .string(issuer ?? issuerID),
            "validFrom": .string(validFrom),
            "validUntil": .string(validUntil),
            "credentialSubject": ["id": .string(url + "#list"), "type": "BitstringStatusList",
                                  "statusPurpose": .string(purpose), "encodedList": .string(try bitstring.encodedList())],
        ]
        let signed = try DataIntegrity.sign(document, options: .init(cryptosuite: .eddsaJcs2022,
            verificationMethod: signerMethod ?? method), key: signer ?? key)
        return JSONValue.object(signed).serializedBytes(pretty: false)
    }

    /// Verifies `credential` with the given URL → bytes documents, offline.
    func verify(_ credential: [UInt8], documents: [String: [UInt8]], at: String = "2030-01-01T00:00:00Z") async throws -> VerificationReport {
        let temp = fixture.temp
        var files: [String: String] = [:]
        for (n, (url, bytes)) in documents.enumerated() {
            let path = temp.path("doc-\(n).json")
            try Data(bytes).write(to: path)
            files[url] = path.path
        }
        let verifier = Verifier(fetcher: LocalResources(files: files), fixedValidationTime: XSDDateTime.date(from: at))
        return try await verifier.verify(bytes: credential)
    }
}

@Suite("Status check")
struct StatusCheckTests {
    @Test("clear bits: VERIFIED, with the status check passing")
    func active() async throws {
        let s = try StatusFixture()
        let report = try await s.verify(try s.credential(), documents: [
            StatusFixture.revocationURL: try s.list(url: StatusFixture.revocationURL, purpose: "revocation", setIndices: [5, 131_071]),
            StatusFixture.suspensionURL: try s.list(url: StatusFixture.suspensionURL, purpose: "suspension"),
        ])
        #expect(report.verdict == .verified, "\(report.checks)")
        #expect(report.result(of: .status)?.status == .pass)
    }

    @Test("the revocation bit set: REVOKED; the suspension bit set: SUSPENDED")
    func revokedAndSuspended() async throws {
        let s = try StatusFixture()
        let credential = try s.credential()
        let revoked = try await s.verify(credential, documents: [
            StatusFixture.revocationURL: try s.list(url: StatusFixture.revocationURL, purpose: "revocation", setIndices: [StatusFixture.index]),
            StatusFixture.suspensionURL: try s.list(url: StatusFixture.suspensionURL, purpose: "suspension"),
        ])
        #expect(revoked.verdict == .revoked)
        #expect(!revoked.verified)
        let suspended = try await s.verify(credential, documents: [
            StatusFixture.revocationURL: try s.list(url: StatusFixture.revocationURL, purpose: "revocation"),
            StatusFixture.suspensionURL: try s.list(url: StatusFixture.suspensionURL, purpose: "suspension", setIndices: [StatusFixture.index]),
        ])
        #expect(suspended.verdict == .suspended)
    }

    @Test("a list that cannot be believed gives STATUS UNKNOWN with the reason", arguments: [
        "missing", "other key", "other issuer", "stale", "wrong purpose", "too short", "not a list",
    ])
    func unknown(_ problem: String) async throws {
        let s = try StatusFixture()
        let other = try PrivateKey.generate(.ed25519)
        let goodSuspension = try s.list(url: StatusFixture.suspensionURL, purpose: "suspension")
        var revocation: [UInt8]?
        var expected: String
        switch problem {
        case "missing":
            revocation = nil; expected = "was not provided"
        case "other key":
            revocation = try s.list(url: StatusFixture.revocationURL, purpose: "revocation", signer: other,
                                    signerMethod: s.method)
            expected = "badly signed"
        case "other issuer":
            revocation = try s.list(url: StatusFixture.revocationURL, purpose: "revocation", issuer: other.publicKey.didKey,
                                    signer: other, signerMethod: other.publicKey.didKeyVerificationMethod)
            expected = "not by the credential's issuer"
        case "stale":
            revocation = try s.list(url: StatusFixture.revocationURL, purpose: "revocation", validUntil: "2029-12-31T00:00:00Z")
            expected = "stale"
        case "wrong purpose":
            revocation = try s.list(url: StatusFixture.revocationURL, purpose: "suspension")
            expected = "not revocation"
        case "too short":
            revocation = try s.list(url: StatusFixture.revocationURL, purpose: "revocation", bits: 1_024)
            expected = "fewer than"
        default:
            revocation = Array(#"{"hello": "world"}"#.utf8)
            expected = "not a BitstringStatusListCredential"
        }
        var documents = [StatusFixture.suspensionURL: goodSuspension]
        if let revocation { documents[StatusFixture.revocationURL] = revocation }
        let report = try await s.verify(try s.credential(), documents: documents)
        #expect(report.verdict == .statusUnknown, "\(problem): \(report.checks)")
        #expect(!report.verified)
        #expect(report.result(of: .status)?.status == .unknown)
        #expect(report.result(of: .status)?.message.contains(expected) == true, "\(problem): \(report.result(of: .status)?.message ?? "")")
    }

    @Test("a list signed a moment ahead of the verifier's clock is used; one more than five minutes ahead is not yet valid",
          arguments: [("2030-01-01T00:04:59Z", true), ("2030-01-01T00:05:01Z", false)])
    func clockSkew(validFrom: String, used: Bool) async throws {
        let s = try StatusFixture()
        let report = try await s.verify(try s.credential(), documents: [
            StatusFixture.revocationURL: try s.list(url: StatusFixture.revocationURL, purpose: "revocation", validFrom: validFrom),
            StatusFixture.suspensionURL: try s.list(url: StatusFixture.suspensionURL, purpose: "suspension"),
        ], at: "2030-01-01T00:00:00Z")
        #expect(report.verdict == (used ? .verified : .statusUnknown), "\(report.checks)")
        if !used { #expect(report.result(of: .status)?.message.contains("not yet valid") == true) }
    }

    @Test("an index beyond the list is unknown, not active")
    func indexOutOfRange() async throws {
        let s = try StatusFixture()
        let credential = try s.credential(statusEntries: [s.entry(purpose: "revocation", url: StatusFixture.revocationURL, index: 131_072)])
        let report = try await s.verify(credential, documents: [
            StatusFixture.revocationURL: try s.list(url: StatusFixture.revocationURL, purpose: "revocation"),
        ])
        #expect(report.verdict == .statusUnknown)
        #expect(report.result(of: .status)?.message.contains("outside the list") == true)
    }

    @Test("1EdTech revocation list: revoked with its reason; a list by another issuer is unknown")
    func legacyRevocationList() async throws {
        let s = try StatusFixture()
        let url = "https://example.org/revocations"
        let credentialBytes = try s.credential(statusEntries: [["id": .string(url), "type": "1EdTechRevocationList"]])
        let id = try #require(try JSONParser.parse(credentialBytes)["id"]?.stringValue)
        let list: JSONValue = ["id": .string(url), "issuer": .string(s.issuerID),
                               "revokedCredentials": [["id": .string(id), "revocationReason": "Issued in error"]]]
        let revoked = try await s.verify(credentialBytes, documents: [url: list.serializedBytes(pretty: false)])
        #expect(revoked.verdict == .revoked)
        #expect(revoked.result(of: .status)?.message.contains("Issued in error") == true)

        let foreign: JSONValue = ["id": .string(url), "issuer": "did:example:someone-else", "revokedCredentials": []]
        let unknown = try await s.verify(credentialBytes, documents: [url: foreign.serializedBytes(pretty: false)])
        #expect(unknown.verdict == .statusUnknown)
    }
}

/// A key resolver that counts what it is asked, to see how often signatures are checked.
final class CountingKeyResolver: KeyResolver, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    let inner = StandardKeyResolver()

    var calls: Int { lock.withLock { count } }

    func resolve(_ verificationMethod: String) async throws -> ResolvedKey {
        lock.withLock { count += 1 }
        return try await inner.resolve(verificationMethod)
    }

    func keys(controlledBy controller: String) async throws -> [ResolvedKey] {
        try await inner.keys(controlledBy: controller)
    }
}

@Suite("Status lists shared by many credentials")
struct SharedStatusListTests {
    @Test("credentials sharing a list check its signature once per verifier; a changed list is checked again")
    func listCheckedOnce() async throws {
        let s = try StatusFixture()
        let temp = s.fixture.temp
        let revocation = temp.path("revocation.json")
        try Data(try s.list(url: StatusFixture.revocationURL, purpose: "revocation")).write(to: revocation)
        try Data(try s.list(url: StatusFixture.suspensionURL, purpose: "suspension")).write(to: temp.path("suspension.json"))
        let resolver = CountingKeyResolver()
        let verifier = Verifier(
            fetcher: LocalResources(files: [StatusFixture.revocationURL: revocation.path,
                                            StatusFixture.suspensionURL: temp.path("suspension.json").path]),
            keyResolver: resolver, fixedValidationTime: XSDDateTime.date(from: "2030-01-01T00:00:00Z"))
        let credentials = try (0..<4).map { _ in try s.credential() }
        let first = try await verifier.verify(bytes: credentials[0])
        #expect(first.verdict == .verified, "\(first.checks)")
        let afterFirst = resolver.calls
        #expect(afterFirst == 3, "one credential proof and two list proofs")
        for credential in credentials.dropFirst() {
            #expect(try await verifier.verify(bytes: credential).verdict == .verified)
        }
        #expect(resolver.calls == afterFirst + 3, "each further credential costs its own proof only")

        // The list changes (revoked at the index): new bytes are checked, and believed.
        try Data(try s.list(url: StatusFixture.revocationURL, purpose: "revocation", setIndices: [StatusFixture.index])).write(to: revocation)
        #expect(try await verifier.verify(bytes: credentials[0]).verdict == .revoked)
        #expect(resolver.calls == afterFirst + 3 + 2)
    }
}
