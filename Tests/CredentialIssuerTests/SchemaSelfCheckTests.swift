import CredentialKit
import Foundation
import Testing
@testable import CredentialIssuer

/// The issuer's schema self-check, which checks each achievement once, finds exactly what a
/// check of the whole credential finds.
@Suite("Schema self-check")
struct SchemaSelfCheckTests {
    /// A credential as Laurel issues it (signed; the proof is part of what the schema checks).
    static func issuedCredential() async throws -> JSONObject {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "Universidad de Ejemplo",
                                             statusBaseURL: "https://u.example.org/status/", key: try PrivateKey.generate(.ed25519))
        var request = IssueRequest(achievementID: "cc-core", recipientName: "Ana", recipientEmail: "ana@example.org")
        request.evidenceURL = "https://lms.example.edu/evidence/1"
        request.result = "Completed"
        let issued = try await workspace.issuingService(actor: "t").issue(request)
        guard case .object(let credential) = try JSONParser.parse(issued.contents) else { throw IssuerError(.invalidRequest, "not an object") }
        return credential
    }

    /// Replaces the value at `path` (member names; numbers index arrays).
    static func replacing(_ path: [String], in value: JSONValue, with new: JSONValue) -> JSONValue {
        guard let first = path.first else { return new }
        switch value {
        case .object(var object):
            object[first] = replacing(Array(path.dropFirst()), in: object[first] ?? .null, with: new)
            return .object(object)
        case .array(var items):
            guard let index = Int(first), items.indices.contains(index) else { return value }
            items[index] = replacing(Array(path.dropFirst()), in: items[index], with: new)
            return .array(items)
        default:
            return value
        }
    }

    static let mistakes: [([String], JSONValue)] = [
        ([], .null),                                                            // unchanged
        (["credentialSubject", "achievement", "name"], .number(3)),               // inside the achievement
        (["credentialSubject", "achievement", "criteria"], .string("none")),
        (["credentialSubject", "achievement", "alignment", "0", "targetUrl"], .string("not a uri")),
        (["credentialSubject", "achievement", "type"], .array(["Badge"])),
        (["validFrom"], .string("yesterday")),                                     // outside it
        (["credentialSubject", "identifier", "0", "identityHash"], .string("md5$abc")),
        (["credentialStatus", "0"], .string("revocation")),
        (["issuer"], .string("")),
        (["issuer", "id"], .string("not a uri")),                                   // inside the issuer's profile
        (["issuer", "type"], .array(["Organization"])),
        (["@context"], .array([.string("https://www.w3.org/ns/credentials/v2"), .string("https://example.org/other")])),
        (["@context", "0"], .string("https://www.w3.org/2018/credentials/v1")),
        (["credentialSubject", "achievement"], .string("https://example.org/a")),   // the achievement replaced by a string
    ]

    @Test("the same violations as checking the whole credential", arguments: 0..<mistakes.count)
    func sameViolations(_ index: Int) async throws {
        let credential = try await Self.issuedCredential()
        let (path, value) = Self.mistakes[index]
        let document = path.isEmpty ? JSONValue.object(credential) : Self.replacing(path, in: .object(credential), with: value)
        guard case .object(let object) = document else { return }
        let whole = Set(try LaurelSchema.openBadgeCredential.validator.validate(document).map(\.instancePath))
        let check = try SchemaSelfCheck()
        // Twice: the second time the achievement is remembered.
        for _ in 0..<2 {
            let found = check.violations(in: object)
            #expect(found.isEmpty == whole.isEmpty, "\(path): \(found) vs \(whole)")
            #expect(Set(found.map(\.instancePath)) == whole, "\(path): \(found) vs \(whole)")
        }
        if !path.isEmpty { #expect(!whole.isEmpty, "the mistake at \(path) should break the schema") }
    }
}
