import CredentialIssuer
import CredentialKit
import CredentialServer
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import Testing

/// The admin API through the router: tokens, issuing, status changes, listing, the audit log.
@Suite("laurel serve: admin API")
struct AdminAPITests {
    static func setUp(_ temp: TemporaryDirectory) throws -> (Workspace, IssuedCredential, token: String, registry: Registry) {
        let (workspace, issued) = try LaurelServerTests.setUp(temp)
        let registry = try workspace.requireRegistry()
        let token = try registry.createToken(named: "registrar-office", validFor: nil, actor: "test")
        return (workspace, issued, token, registry)
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    static let request: JSONValue = ["achievementId": "intro-to-oer", "recipientName": "Chidi Okafor",
                                     "recipientEmail": "chidi@example.org", "locale": "es"]

    @Test("without a valid token — none, wrong, revoked, expired — every admin call is 401 and nothing changes")
    func unauthorized() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, issued, token, registry) = try Self.setUp(temp)
        let expired = try registry.createToken(named: "short", validFor: 0.001, actor: "test")
        let revoked = try registry.createToken(named: "gone", validFor: nil, actor: "test")
        try registry.revokeToken(named: "gone", actor: "test")
        try await Task.sleep(for: .milliseconds(20))
        let before = try registry.credentialSummaries().count
        let body = ByteBuffer(bytes: Array(Self.request.serialized().utf8))
        try await LaurelServerTests.withClient(LaurelServerTests.server(workspace)) { client in
            for headers: HTTPFields in [[:], Self.bearer("laurel_not-a-token"), Self.bearer(revoked), Self.bearer(expired),
                                        [.authorization: "Basic \(token)"], Self.bearer(token + "x")] {
                try await client.execute(uri: "/api/admin/credentials", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .unauthorized, "\(headers)")
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                }
                try await client.execute(uri: "/api/admin/credentials/\(issued.id)/revoke", method: .post, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                }
                try await client.execute(uri: "/api/admin/credentials", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized)
                }
            }
        }
        #expect(try registry.credentialSummaries().count == before)
        #expect(try registry.credential(id: issued.id)?.revokedAt == nil)
    }

    @Test("issuing one credential: 201 with the signed credential, in the registry, the audit log naming the token")
    func issueOne() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, _, token, registry) = try Self.setUp(temp)
        let body = ByteBuffer(bytes: Array(Self.request.serialized().utf8))
        try await LaurelServerTests.withClient(LaurelServerTests.server(workspace)) { client in
            try await client.execute(uri: "/api/admin/credentials", method: .post, headers: Self.bearer(token), body: body) { response in
                #expect(response.status == .created)
                let answer = try LaurelServerTests.object(response)
                let first = try #require(answer["issued"]?.arrayValue?.first)
                let id = try #require(first["id"]?.stringValue)
                #expect(first["credential"]?["credentialSubject"]?["achievement"]?["inLanguage"] == "es")
                #expect(try registry.containsCredential(id: id))
                let audit = try registry.auditEntries(limit: 5)
                #expect(audit.contains { $0.action == "issue" && $0.credentialID == id && $0.actor == "token:registrar-office" })
            }
        }
    }

    @Test("a batch with one bad request issues nothing and names the bad one; a good batch issues each")
    func issueBatch() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, _, token, registry) = try Self.setUp(temp)
        let before = try registry.credentialSummaries().count
        var bad = Self.request
        if case .object(var object) = bad { object["recipientEmail"] = "not-an-address"; bad = .object(object) }
        var other = Self.request
        if case .object(var object) = other { object["recipientEmail"] = "zoe@example.org"; object["recipientName"] = "Zoë"; other = .object(object) }
        try await LaurelServerTests.withClient(LaurelServerTests.server(workspace)) { client in
            let refused: JSONValue = ["credentials": [Self.request, bad]]
            try await client.execute(uri: "/api/admin/credentials", method: .post, headers: Self.bearer(token),
                                     body: ByteBuffer(bytes: Array(refused.serialized().utf8))) { response in
                #expect(response.status == .badRequest)
                let answer = try LaurelServerTests.object(response)
                let errors = try #require(answer["errors"]?.arrayValue)
                #expect(errors.count == 1 && errors[0]["index"] == .number(1))
                #expect(errors[0]["error"]?.stringValue?.contains("not-an-address") == true)
            }
            #expect(try registry.credentialSummaries().count == before)
            #expect(try registry.auditEntries(limit: 1).first?.action == "issue-refused")
            #expect(try registry.auditEntries(limit: 1).first?.actor == "token:registrar-office")
            let good: JSONValue = ["credentials": [Self.request, other]]
            try await client.execute(uri: "/api/admin/credentials", method: .post, headers: Self.bearer(token),
                                     body: ByteBuffer(bytes: Array(good.serialized().utf8))) { response in
                #expect(response.status == .created)
                let answer = try LaurelServerTests.object(response)
                #expect(answer["issued"]?.arrayValue?.count == 2)
            }
            #expect(try registry.credentialSummaries().count == before + 2)
            for (body, expected) in [("{", "not JSON"), (#"{"achievementId": "intro-to-oer"}"#, "recipientName"),
                                     (#"{"achievementId": "nope", "recipientName": "A", "recipientEmail": "a@example.org"}"#, "nope"),
                                     (#"{"achievementId": "intro-to-oer", "recipientName": "A", "recipientEmail": "a@example.org", "colour": "red"}"#, "colour")] {
                try await client.execute(uri: "/api/admin/credentials", method: .post, headers: Self.bearer(token),
                                         body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(String(buffer: response.body).contains(expected), "\(body): \(String(buffer: response.body))")
                }
            }
        }
    }

    @Test("a revocation through the admin API is in the status list served next; suspend, unsuspend, unknown and final answers")
    func statusChanges() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, issued, token, registry) = try Self.setUp(temp)
        try await LaurelServerTests.withClient(LaurelServerTests.server(workspace)) { client in
            #expect(try await LaurelServerTests.revokedBit(client, path: "/status/revocation-1.json", of: issued) == false)
            try await client.execute(uri: "/api/admin/credentials/\(issued.id)/suspend", method: .post, headers: Self.bearer(token),
                                     body: ByteBuffer(string: #"{"reason": "under review"}"#)) { response in
                #expect(response.status == .ok)
                let answer = try LaurelServerTests.object(response)
                #expect(answer["state"] == "suspended")
            }
            try await client.execute(uri: "/api/admin/credentials/\(issued.id)/unsuspend", method: .post, headers: Self.bearer(token)) { response in
                let answer = try LaurelServerTests.object(response)
                #expect(answer["state"] == "active")
            }
            try await client.execute(uri: "/api/admin/credentials/\(issued.id)/revoke", method: .post, headers: Self.bearer(token),
                                     body: ByteBuffer(string: #"{"reason": "issued in error"}"#)) { response in
                #expect(response.status == .ok)
                let answer = try LaurelServerTests.object(response)
                #expect(answer["state"] == "revoked")
                #expect(answer["published"] == true)
            }
            #expect(try await LaurelServerTests.revokedBit(client, path: "/status/revocation-1.json", of: issued) == true)
            try await client.execute(uri: "/api/admin/credentials/\(issued.id)/unsuspend", method: .post, headers: Self.bearer(token)) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(uri: "/api/admin/credentials/urn:uuid:00000000-0000-4000-8000-000000000000/revoke",
                                     method: .post, headers: Self.bearer(token)) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/admin/credentials?limit=10", method: .get, headers: Self.bearer(token)) { response in
                let listed = try #require(try LaurelServerTests.object(response)["credentials"]?.arrayValue)
                #expect(listed.first?["id"] == .string(issued.id))
                #expect(listed.first?["state"] == "revoked")
            }
        }
        let audit = try registry.auditEntries(limit: 10)
        #expect(audit.contains { $0.action == "revoke" && $0.actor == "token:registrar-office" })
        #expect(audit.contains { $0.action == "list" && $0.actor == "token:registrar-office" })
        #expect(try registry.tokens().first { $0.name == "registrar-office" }?.lastUsedAt != nil)
    }

    @Test("a token is shown once and kept only as a hash; names are unique; a revoked one is refused")
    func tokenStore() throws {
        let temp = try TemporaryDirectory()
        let (_, _, token, registry) = try Self.setUp(temp)
        #expect(token.hasPrefix("laurel_") && token.count > 40)
        #expect(try registry.authenticate(token: token)?.name == "registrar-office")
        #expect(throws: IssuerError.self) { try registry.createToken(named: "registrar-office", validFor: nil, actor: "test") }
        let file = try Data(contentsOf: temp.path("ws/registry.sqlite"))
        #expect(file.range(of: Data(token.utf8)) == nil, "the token itself is in the registry file")
        try registry.revokeToken(named: "registrar-office", actor: "test")
        #expect(try registry.authenticate(token: token) == nil)
    }
}
