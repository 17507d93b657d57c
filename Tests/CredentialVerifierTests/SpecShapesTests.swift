import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// Credentials of the shapes the OB 3.0 specification shows — a complete OpenBadgeCredential
/// with an issuer profile, an achievement with alignments, result descriptions and rubric
/// levels, results, evidence and a credential schema — written here and signed by the test's own
/// key: each verifies in every proof. (The specification's `termsOfUse` and `refreshService`
/// examples name types — `TrustFrameworkPolicy`, `1EdTechCredentialRefresh`,
/// `1EdTechJsonSchemaValidator2019` — that no OB 3.0 context defines, so under an RDFC proof they
/// are data no signature covers; here the schema is the VCDM 2.0 `JsonSchema`.)
@Suite("OB 3.0 specification shapes")
struct SpecShapesTests {
    static func complete(issuer: String) -> JSONObject {
        let ob = "https://purl.imsglobal.org/spec/ob/v3p0/"
        return [
            "@context": [.string(JSONLDContexts.credentialsV2), .string(JSONLDContexts.openBadgesV3p0_3)],
            "id": "http://example.com/credentials/3527",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": [
                "id": .string(issuer), "type": ["Profile"], "name": "Example Corp", "url": "https://example.com",
                "phone": "1-222-333-4444", "description": "An example issuer", "email": "info@example.com",
                "address": ["type": ["Address"], "addressCountry": "USA", "addressCountryCode": "US", "addressRegion": "TX",
                            "addressLocality": "Austin", "streetAddress": "123 First St", "postOfficeBoxNumber": "1", "postalCode": "12345",
                            "geo": ["type": "GeoCoordinates", "latitude": 1.0, "longitude": 1.0]],
                "otherIdentifier": [["type": "IdentifierEntry", "identifier": "12345", "identifierType": "sourcedId"]],
            ],
            "validFrom": "2024-01-01T00:00:00Z",
            "validUntil": "2040-01-01T00:00:00Z",
            "name": "Teamwork Badge",
            "description": "Awarded for teamwork.",
            "awardedDate": "2024-01-01T00:00:00Z",
            "credentialSubject": [
                "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
                "type": ["AchievementSubject"],
                "activityStartDate": "2023-01-01T00:00:00Z",
                "activityEndDate": "2023-06-01T00:00:00Z",
                "creditsEarned": 42,
                "licenseNumber": "A-9320041",
                "role": "Major Domo",
                "term": "Fall",
                "identifier": [["type": "IdentityObject", "identityType": "emailAddress", "hashed": false, "identityHash": "learner@example.org"]],
                "achievement": [
                    "id": "https://example.com/achievements/21st-century-skills/teamwork",
                    "type": ["Achievement"],
                    "achievementType": "Competency",
                    "name": "Teamwork",
                    "description": "This achievement represents developing capability to collaborate.",
                    "criteria": ["narrative": "Team members are nominated for this badge by their peers and recognized upon review by Example Corp management."],
                    "image": ["id": "https://example.com/achievements/21st-century-skills/teamwork/image", "type": "Image", "caption": "A teamwork badge"],
                    "alignment": [["type": ["Alignment"], "targetName": "Teamwork", "targetUrl": "https://example.com/frameworks/teamwork",
                                   "targetDescription": "Collaborating well", "targetFramework": "Example Framework", "targetCode": "T1",
                                   "targetType": "CFItem"]],
                    "creditsAvailable": 36,
                    "fieldOfStudy": "Research",
                    "humanCode": "R1",
                    "inLanguage": "en",
                    "specialization": "Computer Science Research",
                    "tag": ["research", "computer science"],
                    "version": "1.0",
                    "resultDescription": [[
                        "id": "urn:uuid:f6ab24cd-86e8-4eaf-b8c6-ded74e8fd41c", "type": ["ResultDescription"],
                        "name": "Project grade", "resultType": "RubricCriterionLevel",
                        "allowedValue": ["D", "C", "B", "A"], "requiredLevel": "urn:uuid:d05a0867-d0ad-4b03-bdb5-28fb5d2aab7a",
                        "rubricCriterionLevel": [
                            ["id": "urn:uuid:d05a0867-d0ad-4b03-bdb5-28fb5d2aab7a", "type": ["RubricCriterionLevel"], "name": "Meets",
                             "description": "Meets expectations", "level": "2", "points": "10"],
                        ],
                    ]],
                ],
                "result": [["type": ["Result"], "resultDescription": "urn:uuid:f6ab24cd-86e8-4eaf-b8c6-ded74e8fd41c",
                            "achievedLevel": "urn:uuid:d05a0867-d0ad-4b03-bdb5-28fb5d2aab7a", "status": "Completed", "value": "B"]],
            ],
            "evidence": [["id": "https://example.com/evidence/1", "type": ["Evidence"], "narrative": "A narrative of the work",
                          "name": "Project", "description": "The final project", "genre": "Project", "audience": "Employers"]],
            "credentialSchema": [["id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                                  "type": "JsonSchema"]],
            "image": ["id": .string(ob + "images/badge.png"), "type": "Image"],
        ]
    }

    @Test("a complete OpenBadgeCredential, signed with each proof, verifies", arguments: [ProofFormat.eddsaRdfc2022, .eddsaJcs2022, .ecdsaRdfc2019, .jwt])
    func complete(_ format: ProofFormat) async throws {
        let key = try PrivateKey.generate(format.keyAlgorithms.contains(.ed25519) ? .ed25519 : .p256)
        let document = Self.complete(issuer: key.publicKey.didKey)
        let bytes = try format.secure(document, key: key, verificationMethod: key.publicKey.didKeyVerificationMethod, created: Date())
        let report = try await Verifier(fixedValidationTime: XSDDateTime.date(from: "2030-01-01T00:00:00Z")).verify(bytes: bytes)
        #expect(report.verdict == .verified, "\(format.rawValue): \(report.checks.map { "\($0.check): \($0.message)" })")
        #expect(report.achievementName == "Teamwork")
        #expect(report.issuerName == "Example Corp")
    }
}
