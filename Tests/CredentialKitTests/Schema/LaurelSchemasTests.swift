import Foundation
import Testing
@testable import CredentialKit

/// The schemas in `schemas/`: well formed, embedded unchanged, and right about real credentials.
@Suite("Laurel schemas")
struct LaurelSchemasTests {
    /// `schemas/` of this package: three directories above this file's directory.
    static let schemasDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas")

    static let publishedCredential = "vectors/1edtech-ob30-eddsa-rdfc-2022/signedCredential.json"

    @Test("Every schema file is embedded byte for byte, and every embedded schema has a file and a case")
    func embeddedCopiesMatchFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.schemasDirectory.path)
            .filter { $0.hasSuffix(".schema.json") }.sorted()
        #expect(files == EmbeddedSchemas.byFileName.keys.sorted(), "rerun Scripts/embed-schemas.sh")
        #expect(files == LaurelSchema.allCases.map(\.fileName).sorted())
        for file in files {
            let bytes = try Data(contentsOf: Self.schemasDirectory.appendingPathComponent(file))
            #expect(Array(EmbeddedSchemas.byFileName[file, default: ""].utf8) == Array(bytes),
                    "\(file) differs from its embedded copy; rerun Scripts/embed-schemas.sh")
        }
    }

    @Test("Each schema is a well-formed draft 2020-12 schema with a validator", arguments: LaurelSchema.allCases)
    func schemaIsWellFormed(schema: LaurelSchema) throws {
        let json = try schema.json
        #expect(json["$schema"] == "https://json-schema.org/draft/2020-12/schema")
        #expect(json["$id"]?.stringValue?.hasSuffix("/" + schema.fileName) == true)
        #expect(SchemaLint.problems(in: json) == [])
        _ = try schema.validator
    }

    @Test("The structural check finds misspelt keywords and badly shaped values")
    func lintCatchesMistakes() {
        #expect(SchemaLint.problems(in: ["propertes": [:]]) == ["/propertes: \"propertes\" is not a draft 2020-12 keyword"])
        #expect(SchemaLint.problems(in: ["type": "strng"]).count == 1)
        #expect(SchemaLint.problems(in: ["required": "name"]).count == 1)
        #expect(SchemaLint.problems(in: ["properties": ["a": ["minLength": -1]]]) == ["/properties/a/minLength: expected a non-negative integer"])
        #expect(SchemaLint.problems(in: ["anyOf": []]).count == 1)
    }

    // MARK: Credentials

    @Test("The published OB 3.0 example credentials are valid",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)),
          arguments: [publishedCredential, "vectors/1edtech-ob30-eddsa-rdfc-2022/unsignedCredential.json"])
    func publishedCredentialIsValid(path: String) throws {
        let credential = try JSONParser.parse(Shared.data(path))
        #expect(try LaurelSchema.openBadgeCredential.validator.validate(credential) == [])
    }

    @Test("A credential built with Laurel's model is valid, with multilingual text and a hashed e-mail")
    func modelCredentialIsValid() throws {
        let achievement = Achievement(
            id: "https://example.org/achievements/oer", achievementType: "MicroCredential",
            name: LocalizedText(entries: [.init("Open Educational Resources", language: "en"),
                                          .init("موارد تعليمية مفتوحة", language: "ar", direction: "rtl")]),
            description: "Nine weeks on open licensing.", criteria: Criteria(narrative: "Pass the final project."),
            alignment: [Alignment(targetName: "Explain open licensing", targetUrl: "https://example.org/outcomes/1")],
            resultDescription: [ResultDescription(id: "https://example.org/achievements/oer#grade", name: "Grade", resultType: "Percent")])
        let subject = AchievementSubject(identifier: [.hashedEmail("José@example.org", salt: "pepper")], achievement: achievement,
                                         result: [AchievementResult(resultDescription: "https://example.org/achievements/oer#grade", value: "92")])
        let credential = OpenBadgeCredential(
            id: "urn:uuid:2f1b2a7e-7c4c-4d4a-9d57-0d8f9c1b9f10",
            issuer: Profile(id: "did:web:example.org", name: "Example Université", url: "https://example.org"),
            validFrom: Date(timeIntervalSince1970: 1_750_000_000), name: "Open Educational Resources",
            credentialSubject: subject, evidence: [Evidence(id: "https://example.org/work/1", narrative: "Final project")])
        let json = try credential.json()
        #expect(try LaurelSchema.openBadgeCredential.validator.validate(json) == [])
        #expect(try LaurelSchema.achievement.validator.validate(try JSONValueEncoder().encode(achievement)) == [])
    }

    @Test("Every seed-style achievement in the published credential passes the achievement schema",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func publishedAchievementIsValid() throws {
        let credential = try JSONParser.parse(Shared.data(Self.publishedCredential))
        let achievement = try #require(credential["credentialSubject"]?["achievement"])
        #expect(try LaurelSchema.achievement.validator.validate(achievement) == [])
    }

    /// The published credential with `change` applied, and its violations.
    private func violations(_ change: (inout JSONObject) throws -> Void) throws -> [SchemaViolation] {
        guard case .object(var credential) = try JSONParser.parse(Shared.data(Self.publishedCredential)) else {
            throw CredentialKitError(.invalidCredential, "the published credential is not an object")
        }
        try change(&credential)
        return try LaurelSchema.openBadgeCredential.validator.validate(.object(credential))
    }

    @Test("Missing issuer: a required violation at the root naming issuer",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func missingIssuer() throws {
        let found = try violations { $0["issuer"] = nil }
        #expect(found == [SchemaViolation(instancePath: "", keyword: "required", message: "missing required member \"issuer\"")])
    }

    @Test("Type without OpenBadgeCredential: a contains violation at /type",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func typeWithoutOpenBadgeCredential() throws {
        let found = try violations { $0["type"] = ["VerifiableCredential", "AlumniCredential"] }
        #expect(found.map(\.instancePath) == ["/type"])
        #expect(found.first?.keyword == "contains")
        #expect(found.first?.message.contains("\"OpenBadgeCredential\"") == true)
    }

    @Test("validFrom not a date-time: violations at /validFrom", .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)),
          arguments: ["yesterday", "2010-01-01", "2010-13-01T00:00:00Z", "2010-01-01T00:00:00"])
    func validFromNotDateTime(value: String) throws {
        let found = try violations { $0["validFrom"] = .string(value) }
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.instancePath == "/validFrom" && ["format", "pattern"].contains($0.keyword) })
    }

    @Test("proofValue not multibase base58btc: a pattern violation at /proof/proofValue",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)),
          arguments: ["uAAEC", "z0OIl", "5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEd", ""])
    func proofValueNotMultibase(value: String) throws {
        let found = try violations { credential in
            var proof = try #require(credential["proof"]?.objectValue)
            proof["proofValue"] = .string(value)
            credential["proof"] = .object(proof)
        }
        #expect(found.map(\.instancePath) == ["/proof/proofValue"])
        #expect(found.map(\.keyword) == ["pattern"])
    }

    @Test("Nested problems are reported where they are",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func nestedProblems() throws {
        let found = try violations { credential in
            var subject = try #require(credential["credentialSubject"]?.objectValue)
            var achievement = try #require(subject["achievement"]?.objectValue)
            achievement["name"] = 42
            achievement["criteria"] = nil
            subject["achievement"] = .object(achievement)
            credential["credentialSubject"] = .object(subject)
            credential["@context"] = ["https://www.w3.org/ns/credentials/v2"]
        }
        #expect(Set(found.map(\.instancePath)) == ["/@context", "/credentialSubject/achievement", "/credentialSubject/achievement/name"])
        #expect(found.contains { $0.instancePath == "/credentialSubject/achievement" && $0.message == "missing required member \"criteria\"" })
        #expect(found.contains { $0.instancePath == "/credentialSubject/achievement/name" && $0.message.contains("found a number") })
    }

    @Test("The learner must be named by an id or an identifier; a hashed identifier must be a digest",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func learnerIdentification() throws {
        func subject(_ change: @escaping (inout JSONObject) -> Void) throws -> [SchemaViolation] {
            try violations { credential in
                var subject = try #require(credential["credentialSubject"]?.objectValue)
                change(&subject)
                credential["credentialSubject"] = .object(subject)
            }
        }
        let anonymous = try subject { $0["id"] = nil }
        #expect(anonymous.map(\.instancePath) == ["/credentialSubject"])
        #expect(anonymous.first?.keyword == "anyOf")
        let hashed: JSONValue = ["type": "IdentityObject", "hashed": true, "identityType": "emailAddress", "salt": "s",
                                 "identityHash": .string("sha256$" + String(repeating: "ab", count: 32))]
        #expect(try subject { $0["id"] = nil; $0["identifier"] = [hashed] } == [])
        guard case .object(var plain) = hashed else { return }
        plain["identityHash"] = "learner@example.org"
        let notDigest = try subject { $0["identifier"] = [.object(plain)] }
        #expect(notDigest.map(\.instancePath) == ["/credentialSubject/identifier/0/identityHash"])
        plain["hashed"] = false
        #expect(try subject { $0["identifier"] = [.object(plain)] } == [])
    }

    @Test("Language value objects: direction must be ltr or rtl, and no other members",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)))
    func languageValues() throws {
        #expect(try violations { $0["name"] = ["@value": "Insigne", "@language": "fr"] } == [])
        #expect(try violations { $0["name"] = [["@value": "Teamwork", "@language": "en"], ["@value": "عمل جماعي", "@language": "ar", "@direction": "rtl"]] } == [])
        let sideways = try violations { $0["name"] = ["@value": "Teamwork", "@direction": "up"] }
        #expect(sideways.map(\.instancePath) == ["/name/@direction"])
        let extra = try violations { $0["name"] = ["@value": "Teamwork", "lang": "en"] }
        #expect(extra.map(\.instancePath) == ["/name/lang"])
    }

    // MARK: laurel.json

    static let workspaceConfig: JSONValue = [
        "version": 1,
        "issuer": ["id": "did:web:certificates.example.org", "name": "Example Certificates", "url": "https://example.org"],
        "keys": [[
            "file": "keys/issuer-ed25519.pem", "algorithm": "ed25519",
            "verificationMethod": "did:web:certificates.example.org#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
            "publicKeyMultibase": "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi", "encrypted": false,
        ]],
        "defaultProof": "eddsa-rdfc-2022",
        "credentialsDirectory": "credentials",
    ]

    @Test("A laurel.json like the one laurel init writes is valid")
    func workspaceConfigIsValid() throws {
        #expect(try LaurelSchema.workspaceConfig.validator.validate(Self.workspaceConfig) == [])
    }

    @Test("laurel.json mistakes are reported at their member", arguments: [
        ("/keys/0/algorithm", "ed448"), ("/defaultProof", "eddsa-2022"), ("/credentialsDirectory", "../elsewhere"),
        ("/version", "2"), ("/issuer/id", "example.org"), ("/keys/0/publicKeyMultibase", "6MkjZRZ"),
    ])
    func workspaceConfigMistakes(pointer: String, value: String) throws {
        let broken = try Self.replacing(pointer, in: Self.workspaceConfig, with: pointer == "/version" ? 2 : .string(value))
        let found = try LaurelSchema.workspaceConfig.validator.validate(broken)
        #expect(found.map(\.instancePath) == [pointer])
    }

    @Test("laurel.json: unknown members and missing keys are reported")
    func workspaceConfigUnknownMember() throws {
        guard case .object(var config) = Self.workspaceConfig else { return }
        config["defaultproof"] = "jwt"
        config["keys"] = []
        let found = try LaurelSchema.workspaceConfig.validator.validate(.object(config))
        #expect(Set(found.map(\.keyword)) == ["additionalProperties", "minItems"])
        #expect(found.contains { $0.instancePath == "/defaultproof" })
    }

    /// `value` with the member at `pointer` (object members and array indices) replaced.
    static func replacing(_ pointer: String, in value: JSONValue, with replacement: JSONValue) throws -> JSONValue {
        let tokens = try #require(JSONPointer.tokens(pointer))
        guard let head = tokens.first else { return replacement }
        let rest = "/" + tokens.dropFirst().map(JSONPointer.escape).joined(separator: "/")
        switch value {
        case .object(var object):
            object[head] = try replacing(tokens.count == 1 ? "" : rest, in: try #require(object[head]), with: replacement)
            return .object(object)
        case .array(var array):
            let index = try #require(Int(head))
            array[index] = try replacing(tokens.count == 1 ? "" : rest, in: array[index], with: replacement)
            return .array(array)
        default:
            throw CredentialKitError(.invalidCredential, "no member at \(pointer)")
        }
    }
}
