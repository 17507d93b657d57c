import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// Credentials Laurel did not make: the 1EdTech OB 3.0 example and a VCDM 1.1-era credential.
@Suite("Published credentials", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
struct PublishedCredentialTests {
    /// The issuer's controller document, built from the published key pair, as the issuer would publish it.
    static func controllerDocument() throws -> [UInt8] {
        let keyPair = try JSONParser.parse(try Shared.text("vectors/1edtech-ob30-eddsa-rdfc-2022/keyPair.json"))
        let issuer = try #require(keyPair["controller"]?.stringValue)
        let document: JSONValue = [
            "id": .string(issuer), "type": ["Profile"], "name": "Example Corp",
            "verificationMethod": [["id": keyPair["verificationMethod"] ?? .null, "type": "Multikey", "controller": .string(issuer),
                                    "publicKeyMultibase": keyPair["publicKeyMultibase"] ?? .null]],
        ]
        return document.serializedBytes()
    }

    @Test("the 1EdTech OB 3.0 eddsa-rdfc-2022 credential verifies, with its issuer's key document")
    func oneEdTechCredential() async throws {
        let temp = try TemporaryDirectory()
        try Data(try Self.controllerDocument()).write(to: temp.path("issuer.json"))
        let verifier = Verifier(fetcher: LocalResources(files: ["https://example.edu/issuers/565049": temp.path("issuer.json").path]))
        let report = try await verifier.verify(bytes: Array(try Shared.data("vectors/1edtech-ob30-eddsa-rdfc-2022/signedCredential.json")))
        #expect(report.verdict == .verified, "\(report.checks)")
        #expect(report.result(of: .issuerKey)?.status == .pass)
        #expect(report.achievementName == "Teamwork")

        // Without the issuer's document the key cannot be had: UNVERIFIABLE, not verified and not tampered.
        let offline = try await Verifier().verify(bytes: Array(try Shared.data("vectors/1edtech-ob30-eddsa-rdfc-2022/signedCredential.json")))
        #expect(offline.verdict == .unverifiable)
    }

    @Test("a VCDM 1.1-era OB 3.0 credential is read: issuanceDate and expirationDate are its validity window")
    func vcdm11() throws {
        let json: JSONValue = [
            "@context": ["https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context.json"],
            "id": "urn:uuid:5b1c1f1e-1111-4a2a-9d1d-1d1d1d1d1d1d", "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": ["id": "https://example.edu/issuer", "type": "Profile", "name": "Example"],
            "issuanceDate": "2022-05-01T00:00:00Z", "expirationDate": "2025-05-01T00:00:00Z", "name": "Badge",
            "credentialSubject": ["type": "AchievementSubject", "achievement": [
                "id": "https://example.edu/a/1", "type": "Achievement", "name": "Teamwork", "description": "Works well with others",
                "criteria": ["narrative": "Peer nominated"]]],
        ]
        let credential = try OpenBadgeCredential(json: json)
        #expect(credential.validFrom == XSDDateTime.date(from: "2022-05-01T00:00:00Z"))
        #expect(credential.validUntil == XSDDateTime.date(from: "2025-05-01T00:00:00Z"))
        #expect(credential.credentialSubject.achievement.name.text() == "Teamwork")
        #expect(credential.issuer.name.text() == "Example")
    }
}
