import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

@Suite("Trust policy")
struct TrustPolicyTests {
    @Test("no list: skipped; on the list: pass; not on it: a warning that makes the verdict VERIFIED (issuer not on your trust list)")
    func trust() async throws {
        let fixture = try Fixture()
        let issued = try fixture.issue(.eddsaJcs2022).contents
        let issuer = fixture.workspace.config.issuer.id
        let none = try await Verifier().verify(bytes: issued)
        #expect(none.result(of: .trust)?.code == "trust_not_checked" && none.verdict == .verified)
        #expect(none.result(of: .trust)?.message.contains("--") == false, "no command-line vocabulary in the library")
        let trusted = try await Verifier(trustedIssuers: [issuer]).verify(bytes: issued)
        #expect(trusted.result(of: .trust)?.code == "trusted" && trusted.verdict == .verified)
        let other = try await Verifier(trustedIssuers: ["https://other.example"]).verify(bytes: issued)
        #expect(other.result(of: .trust)?.code == "not_trusted" && other.verdict == .verifiedUntrusted)
        #expect(try other.json()["verdictCode"]?.stringValue == "verified_untrusted")
    }
}

@Suite("Trust registries")
struct TrustRegistryTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("the DCC registry.json shape: the issuer's name and the registry it came from are in the report and its JSON")
    func dccRegistry() async throws {
        let fixture = try Fixture()
        let issuer = fixture.workspace.config.issuer.id
        let dcc = """
            {"meta": {"created": "2020-12-02T02:32:16+0000", "updated": "2024-01-01T00:00:00+0000"},
             "entries": {"\(issuer)": {"name": "Creative Commons (DCC member)", "location": "Mountain View", "url": "https://creativecommons.org"},
                         "did:key:z6Mktpn6cXks1PBKLMgZH2VaahvCtBMF6K8eCa7HzrnuYLZv": {"name": "Example University 1", "url": "https://openlearning.mit.edu"}}}
            """
        let registry = try TrustRegistry.read(Self.bytes(dcc), source: "dcc-registry.json")
        #expect(registry.entries.count == 2)
        let report = try await Verifier(trustRegistry: registry).verify(bytes: try fixture.issue(.eddsaJcs2022).contents)
        #expect(report.verdict == .verified)
        #expect(report.trustedIssuerName == "Creative Commons (DCC member)")
        #expect(report.trustRegistry == "dcc-registry.json")
        #expect(report.result(of: .trust)?.code == "trusted_named")
        #expect(report.result(of: .trust)?.message.contains("Creative Commons (DCC member)") == true)
        let json = try report.json()
        #expect(json["trustedIssuerName"]?.stringValue == "Creative Commons (DCC member)")
        #expect(json["trustRegistry"]?.stringValue == "dcc-registry.json")
    }

    @Test("named lists combine in order: an issuer on two lists takes the first list's name")
    func combine() throws {
        var registry = try TrustRegistry.read(Self.bytes("""
            {"name": "CC partners", "issuers": [{"id": "https://uni.example.edu", "name": "Example University"}]}
            """), source: "partners.json")
        registry.add(try TrustRegistry.read(Self.bytes("""
            # my own list
            https://uni.example.edu   Some Other Name
            did:web:badges.example.org Example Org
            https://bare.example.net
            """), source: "mine.txt"))
        #expect(registry.entry(for: "https://uni.example.edu")?.name == "Example University")
        #expect(registry.entry(for: "https://uni.example.edu")?.registry == "CC partners")
        #expect(registry.entry(for: "did:web:badges.example.org")?.name == "Example Org")
        #expect(registry.entry(for: "https://bare.example.net")?.name == nil)
        #expect(registry.registries == ["CC partners", "mine.txt"])
    }

    @Test("a DCC registry with an entry that is not an issuer, or no entries, is refused")
    func badDCC() {
        #expect(throws: CredentialKitError.self) { try TrustRegistry.read(Self.bytes(#"{"entries": {"not an id": {"name": "x"}}}"#), source: "r.json") }
        #expect(throws: CredentialKitError.self) { try TrustRegistry.read(Self.bytes(#"{"entries": {}}"#), source: "r.json") }
        #expect(throws: CredentialKitError.self) { try TrustRegistry.read(Self.bytes(#"{"entries": {"did:key:z6Mkabc": "x"}}"#), source: "r.json") }
    }

    @Test("a signed list is believed only when its signature verifies, and is named with its signer")
    func signedList() async throws {
        let signer = try PrivateKey.generate(.ed25519)
        let list: JSONObject = [
            "@context": [.string(JSONLDContexts.credentialsV2)],
            "type": ["VerifiableCredential"],
            "issuer": .string(signer.publicKey.didKey),
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": ["name": "CC partner universities", "issuers": [["id": "https://uni.example.edu", "name": "Example University"]]],
        ]
        let signed = try DataIntegrity.sign(list, options: .init(cryptosuite: .eddsaJcs2022,
                                                                  verificationMethod: signer.publicKey.didKeyVerificationMethod), key: signer)
        let registry = try await TrustRegistry.load(JSONValue.object(signed).serializedBytes(), source: "signed.json", verifier: Verifier())
        #expect(registry.entry(for: "https://uni.example.edu")?.name == "Example University")
        #expect(registry.registries == ["CC partner universities (signed by \(signer.publicKey.didKey))"])

        var forged = signed
        forged["credentialSubject"] = ["name": "CC partner universities", "issuers": [["id": "https://diploma-mill.example", "name": "Harvard"]]]
        await #expect(throws: CredentialKitError.self) {
            try await TrustRegistry.load(JSONValue.object(forged).serializedBytes(), source: "forged.json", verifier: Verifier())
        }
        // A signed list is never read as an unsigned one.
        #expect(throws: CredentialKitError.self) { try TrustRegistry.read(JSONValue.object(forged).serializedBytes(), source: "forged.json") }
    }
}
