import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// Open Badges 2.0 assertions, signed (a JWS with the issuer's public key document and
/// revocation list) and hosted, answered with a warning that OB 2.0 is legacy.
@Suite("Open Badges 2.0")
struct OpenBadges2Tests {
    static let site = "https://legacy.example.edu"
    static let issuerID = site + "/issuer.json"
    static let keyURL = site + "/key.json"
    static let badgeURL = site + "/badges/intro.json"
    static let listURL = site + "/revocations.json"

    /// The issuer's documents, as files a verifier is given, and its key.
    struct Issuer {
        let temp: TemporaryDirectory
        let key: PrivateKey
        var files: [String: String] = [:]

        init(revoked: [JSONValue] = [], owner: String = OpenBadges2Tests.issuerID) throws {
            temp = try TemporaryDirectory()
            key = try PrivateKey.generate(.rsa)
            let context: JSONValue = "https://w3id.org/openbadges/v2"
            try put(OpenBadges2Tests.issuerID, ["@context": context, "type": "Issuer", "id": .string(OpenBadges2Tests.issuerID),
                                                "name": "Legacy University", "url": .string(OpenBadges2Tests.site),
                                                "publicKey": .string(OpenBadges2Tests.keyURL), "revocationList": .string(OpenBadges2Tests.listURL)])
            try put(OpenBadges2Tests.keyURL, ["@context": context, "type": "CryptographicKey", "id": .string(OpenBadges2Tests.keyURL),
                                             "owner": .string(owner), "publicKeyPem": .string(key.publicKey.pem)])
            try put(OpenBadges2Tests.badgeURL, ["@context": context, "type": "BadgeClass", "id": .string(OpenBadges2Tests.badgeURL),
                                               "name": "Intro to Open Licensing", "description": "A legacy badge.",
                                               "criteria": ["narrative": "Completed the course."], "issuer": .string(OpenBadges2Tests.issuerID)])
            try put(OpenBadges2Tests.listURL, ["@context": context, "type": "RevocationList", "id": .string(OpenBadges2Tests.listURL),
                                              "issuer": .string(OpenBadges2Tests.issuerID), "revokedAssertions": .array(revoked)])
        }

        mutating func put(_ url: String, _ document: JSONObject) throws {
            let path = temp.path("doc-\(files.count).json")
            try Data(JSONValue.object(document).serializedBytes()).write(to: path)
            files[url] = path.path
        }

        func assertion(id: String = "urn:uuid:6a0e1b1e-0000-4000-8000-000000000001", hosted: Bool = false) -> JSONObject {
            [
                "@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": .string(id),
                "recipient": ["type": "email", "hashed": true, "salt": "deadbeef",
                              "identity": .string("sha256$" + Hex.encode(Digest.sha256.hash("ana@example.org" + "deadbeef")))],
                "badge": .string(OpenBadges2Tests.badgeURL),
                "verification": hosted ? ["type": "HostedBadge"] : ["type": "SignedBadge", "creator": .string(OpenBadges2Tests.keyURL)],
                "issuedOn": "2020-01-01T00:00:00Z",
            ]
        }

        func signed(_ assertion: JSONObject) throws -> [UInt8] {
            let input = Base64URL.encode(JSONValue.object(["alg": "RS256"]).serializedBytes()) + "." + Base64URL.encode(JSONValue.object(assertion).serializedBytes())
            return Array((input + "." + Base64URL.encode(try key.sign(Array(input.utf8)))).utf8)
        }

        func verify(_ bytes: [UInt8], recipientEmail: String? = nil) async throws -> VerificationReport {
            await Verifier(fetcher: LocalResources(files: files), recipientEmail: recipientEmail).verify(try CredentialInput(bytes: bytes))
        }
    }

    @Test("a signed assertion verifies with a legacy warning, naming its badge and issuer; its recipient can be checked")
    func signed() async throws {
        let issuer = try Issuer()
        let report = try await issuer.verify(try issuer.signed(issuer.assertion()), recipientEmail: "Ana@example.org")
        #expect(report.verdict == .verified, "\(report.checks)")
        #expect(report.format == "ob2-signed")
        #expect(report.result(of: .format)?.code == "ob2_legacy" && report.result(of: .format)?.status == .warn)
        #expect(report.achievementName == "Intro to Open Licensing")
        #expect(report.issuerName == "Legacy University")
        #expect(report.result(of: .recipient)?.status == .pass)
        #expect(report.result(of: .status)?.code == "not_on_revocation_list")
    }

    @Test("changed after signing: TAMPERED; a key owned by another issuer: TAMPERED; revoked on the list: REVOKED; offline: UNVERIFIABLE")
    func failures() async throws {
        let issuer = try Issuer()
        var token = String(decoding: try issuer.signed(issuer.assertion()), as: UTF8.self).split(separator: ".").map(String.init)
        var changed = issuer.assertion()
        changed["issuedOn"] = "2019-01-01T00:00:00Z"
        token[1] = Base64URL.encode(JSONValue.object(changed).serializedBytes())
        #expect(try await issuer.verify(Array(token.joined(separator: ".").utf8)).verdict == .tampered)

        let impostor = try Issuer(owner: "https://impostor.example/issuer.json")
        #expect(try await impostor.verify(try impostor.signed(impostor.assertion())).verdict == .tampered)

        let revoking = try Issuer(revoked: [["id": "urn:uuid:6a0e1b1e-0000-4000-8000-000000000001", "revocationReason": "Issued in error"]])
        let revoked = try await revoking.verify(try revoking.signed(revoking.assertion()))
        #expect(revoked.verdict == .revoked)
        #expect(revoked.result(of: .status)?.message.contains("Issued in error") == true)

        let offline = await Verifier().verify(try CredentialInput(bytes: try issuer.signed(issuer.assertion())))
        #expect(offline.verdict == .unverifiable, "\(offline.checks)")
    }

    @Test("a hosted assertion: VERIFIED when its issuer's host serves the same one; changed, elsewhere or offline it is not")
    func hosted() async throws {
        var issuer = try Issuer()
        let id = Self.site + "/assertions/1.json"
        let assertion = issuer.assertion(id: id, hosted: true)
        try issuer.put(id, assertion)
        let bytes = JSONValue.object(assertion).serializedBytes()
        let report = try await issuer.verify(bytes)
        #expect(report.verdict == .verified, "\(report.checks)")
        #expect(report.format == "ob2-hosted")

        var changed = assertion
        changed["issuedOn"] = "2010-01-01T00:00:00Z"
        #expect(try await issuer.verify(JSONValue.object(changed).serializedBytes()).verdict == .tampered)

        let elsewhere = issuer.assertion(id: "https://copies.example/1.json", hosted: true)
        #expect(try await issuer.verify(JSONValue.object(elsewhere).serializedBytes()).verdict == .tampered)

        let offline = await Verifier().verify(try CredentialInput(bytes: bytes))
        #expect(offline.verdict == .unverifiable)
    }
}
