import CredentialIssuer
import CredentialKit
import CredentialServer
import CredentialVerifier
import Foundation
import Hummingbird
import NIOCore
import Synchronization
import Testing

/// The server's routes, driven without a socket.
@Suite("laurel serve: routes")
struct LaurelServerTests {
    static let issuerID = "https://university.example/issuers/oer"
    static let statusBase = "https://university.example/status/"

    /// A workspace with an https issuer that publishes status lists, and one credential it issued.
    static func setUp(_ temp: TemporaryDirectory) throws -> (Workspace, IssuedCredential) {
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "Example University", issuerID: issuerID,
                                             statusBaseURL: statusBase, key: try PrivateKey.generate(.ed25519))
        let issued = try WorkspaceIssuer(workspace: workspace).issue(
            IssueRequest(achievementID: "intro-to-oer", recipientName: "Ana María López", recipientEmail: "ana@example.org"))
        return (workspace, issued)
    }

    /// Records every URL asked of it and answers none.
    final class RecordingFetcher: ResourceFetcher, Sendable {
        let asked = Mutex<[String]>([])
        func fetch(_ url: String) async throws -> [UInt8] {
            asked.withLock { $0.append(url) }
            throw ResourceError(.unreachable, url: url, "the test fetcher answers nothing")
        }
    }

    static func server(_ workspace: Workspace, maxUpload: Int = 8 << 20, remote: (any ResourceFetcher)? = nil) -> LaurelServer {
        var configuration = ServerConfiguration()
        configuration.maxUploadBytes = maxUpload
        return LaurelServer(workspace: workspace, configuration: configuration, remoteFetcher: .some(remote))
    }

    /// Drives the server's routes without a socket.
    static func withClient<T>(_ server: LaurelServer, _ body: (RouterClient) async throws -> T) async throws -> T {
        try await body(RouterClient(server))
    }

    static func object(_ response: RouterClient.Response) throws -> JSONObject {
        try #require(try JSONParser.parse(Array(buffer: response.body)).objectValue)
    }

    @Test("GET /healthz answers 200 with the number of issuers")
    func health() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, _) = try Self.setUp(temp)
        try await Self.withClient(Self.server(workspace)) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let answer = try Self.object(response)
                #expect(answer["issuers"] == .number(1))
            }
        }
    }

    @Test("the issuer's profile with its keys is served at its id's path as JSON-LD; an unknown path is 404")
    func issuerProfile() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, _) = try Self.setUp(temp)
        try await Self.withClient(Self.server(workspace)) { client in
            try await client.execute(uri: "/issuers/oer", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/ld+json")
                #expect(response.headers[.cacheControl] == "public, max-age=300")
                let profile = try Self.object(response)
                #expect(profile["id"] == .string(Self.issuerID))
                #expect(profile["verificationMethod"]?.arrayValue?.isEmpty == false)
            }
            try await client.execute(uri: "/issuers/nobody", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("the status list is served as the registry has it: a revocation is in the next answer")
    func statusListFollowsRegistry() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, issued) = try Self.setUp(temp)
        let server = Self.server(workspace)
        let listPath = "/status/revocation-1.json"
        try await Self.withClient(server) { client in
            #expect(try await Self.revokedBit(client, path: listPath, of: issued) == false)
            _ = try WorkspaceIssuer(workspace: workspace).changeStatus(.revoke, credentialIDs: [issued.id], reason: "test", publish: false)
            #expect(try await Self.revokedBit(client, path: listPath, of: issued) == true)
        }
    }

    /// Whether the served list at `path` has the revocation bit of `issued` set.
    static func revokedBit(_ client: RouterClient, path: String, of issued: IssuedCredential) async throws -> Bool {
        try await client.execute(uri: path, method: .get) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "public, max-age=60")
            let list = try Self.object(response)
            let encoded = try #require(list["credentialSubject"]?["encodedList"]?.stringValue)
            let index = try #require(issued.credential["credentialStatus"]?.arrayValue?
                .first { $0["statusPurpose"] == "revocation" }?["statusListIndex"]?.stringValue).flatMap(Int.init)
            return try StatusBitstring(encodedList: encoded)[try #require(index)]
        }
    }

    @Test("POST /api/verify: the server's own credential verifies from the workspace, and reads REVOKED after a revocation")
    func verifyOwnCredential() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, issued) = try Self.setUp(temp)
        let remote = RecordingFetcher()
        try await Self.withClient(Self.server(workspace, remote: remote)) { client in
            try await client.execute(uri: "/api/verify", method: .post, body: ByteBuffer(bytes: issued.contents)) { response in
                #expect(response.status == .ok)
                let answer = try Self.object(response)
                #expect(answer["verdict"] == "VERIFIED", "\(JSONValue.object(answer).serialized(pretty: true))")
            }
            _ = try WorkspaceIssuer(workspace: workspace).changeStatus(.revoke, credentialIDs: [issued.id], reason: "test", publish: false)
            try await client.execute(uri: "/api/verify", method: .post, body: ByteBuffer(bytes: issued.contents)) { response in
                let answer = try Self.object(response)
                #expect(answer["verdict"] == "REVOKED")
            }
            // In Spanish, for the page in Spanish: the same codes, the words in Spanish.
            try await client.execute(uri: "/api/verify?lang=es", method: .post, body: ByteBuffer(bytes: issued.contents)) { response in
                let answer = try Self.object(response)
                #expect(answer["verdict"] == "REVOCADA")
                #expect(answer["verdictCode"] == "revoked")
                #expect(answer["checks"]?.arrayValue?.first { $0["check"] == "status" }?["message"]?.stringValue?.hasPrefix("revocada") == true)
            }
        }
        #expect(remote.asked.withLock { $0 }.isEmpty, "the server fetched what it hosts: \(remote.asked.withLock { $0 })")
    }

    @Test("POST /api/verify takes the file of a multipart/form-data upload")
    func multipartUpload() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, issued) = try Self.setUp(temp)
        let boundary = "----laurel-test-boundary"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nes\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"credential\"; filename=\"ana.json\"\r\nContent-Type: application/json\r\n\r\n".utf8)
        body += issued.contents + Array("\r\n--\(boundary)--\r\n".utf8)
        let upload = body
        try await Self.withClient(Self.server(workspace)) { client in
            try await client.execute(uri: "/api/verify", method: .post,
                                     headers: [.contentType: "multipart/form-data; boundary=\(boundary)"],
                                     body: ByteBuffer(bytes: upload)) { response in
                #expect(response.status == .ok)
                let answer = try Self.object(response)
                #expect(answer["verdict"] == "VERIFIED", "\(JSONValue.object(answer).serialized(pretty: true))")
            }
            // Cut off before its closing boundary: 400, saying so.
            try await client.execute(uri: "/api/verify", method: .post,
                                     headers: [.contentType: "multipart/form-data; boundary=\(boundary)"],
                                     body: ByteBuffer(bytes: Array(upload.prefix(upload.count - 40)))) { response in
                #expect(response.status == .badRequest)
                let message = try Self.object(response)["error"]?.stringValue
                #expect(message?.contains("cut off") == true, "\(message ?? "")")
            }
        }
    }

    @Test("POST /api/verify: 413 past the upload cap, 400 naming the problem for what is not a credential or nothing")
    func badUploads() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, issued) = try Self.setUp(temp)
        try await Self.withClient(Self.server(workspace, maxUpload: 1024)) { client in
            try await client.execute(uri: "/api/verify", method: .post, body: ByteBuffer(bytes: issued.contents)) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/api/verify", method: .post, body: ByteBuffer(string: "hello, I am not a credential")) { response in
                #expect(response.status == .badRequest)
                let message = try Self.object(response)["error"]?.stringValue
                #expect(message?.isEmpty == false)
            }
            try await client.execute(uri: "/api/verify", method: .post) { response in
                #expect(response.status == .badRequest)
                let message = try Self.object(response)["error"]?.stringValue
                #expect(message?.contains("no body") == true, "\(message ?? "")")
            }
        }
    }

    @Test("a credential whose status list is at 127.0.0.1 gets STATUS UNKNOWN, and nothing is fetched")
    func noFetchTowardLoopback() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, _) = try Self.setUp(temp)
        // Another issuer, not hosted here, whose lists would be fetched from loopback.
        let key = try PrivateKey.generate(.ed25519)
        let stranger = try Workspace.create(at: temp.path("stranger"), issuerName: "Stranger", issuerID: key.publicKey.didKey,
                                            statusBaseURL: "https://127.0.0.1/status/", key: key)
        let issued = try WorkspaceIssuer(workspace: stranger).issue(
            IssueRequest(achievementID: "intro-to-oer", recipientName: "Bo", recipientEmail: "bo@example.org"))
        let inner = RecordingFetcher()
        let server = Self.server(workspace, remote: PublicAddressFetcher(inner))
        try await Self.withClient(server) { client in
            try await client.execute(uri: "/api/verify", method: .post, body: ByteBuffer(bytes: issued.contents)) { response in
                let report = try Self.object(response)
                #expect(report["verdict"] == "STATUS UNKNOWN")
                #expect(JSONValue.object(report).serialized().contains("127.0.0.1"))
            }
        }
        #expect(inner.asked.withLock { $0 }.isEmpty, "fetched: \(inner.asked.withLock { $0 })")
    }

    @Test("public addresses are told from loopback, private, link-local and mapped ones", arguments: [
        ("127.0.0.1", false), ("10.1.2.3", false), ("172.20.0.1", false), ("192.168.1.1", false), ("169.254.169.254", false),
        ("100.64.0.1", false), ("0.0.0.0", false), ("224.0.0.1", false), ("::1", false), ("fe80::1", false), ("fd00::1", false),
        ("::ffff:127.0.0.1", false), ("::ffff:10.0.0.1", false), ("2130706433", false), ("0x7f000001", false),
        ("93.184.215.14", true), ("2606:4700::6810:84e5", true), ("::ffff:93.184.215.14", true),
    ])
    func addressClasses(host: String, isPublic: Bool) {
        let addresses = PublicAddressFetcher.resolve(host)
        #expect(!addresses.isEmpty, "\(host) did not resolve")
        #expect(addresses.allSatisfy { PublicAddressFetcher.isPublic($0) } == isPublic, "\(host)")
    }
}

extension LaurelServerTests {
    @Test("a method an endpoint does not take is 405 with Allow; an unknown path is 404 whatever the method")
    func methods() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, _) = try Self.setUp(temp)
        try await Self.withClient(Self.server(workspace)) { client in
            for (uri, method, allow) in [("/api/verify", HTTPRequest.Method.get, "POST"), ("/api/verify", .delete, "POST"),
                                         ("/healthz", .post, "GET"), ("/issuers/oer", .put, "GET"),
                                         ("/status/revocation-1.json", .post, "GET")] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.headers[.allow] == allow, "\(method) \(uri)")
                }
            }
            try await client.execute(uri: "/no/such/thing", method: .post) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}

extension LaurelServerTests {
    @Test("multipart: a boundary longer than RFC 2046's 70 characters is refused; a body of dashes under a boundary of dashes is searched in linear time")
    func hostileMultipart() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, _) = try Self.setUp(temp)
        try await Self.withClient(Self.server(workspace)) { client in
            try await client.execute(uri: "/api/verify", method: .post,
                                     headers: [.contentType: "multipart/form-data; boundary=\(String(repeating: "x", count: 71))"],
                                     body: ByteBuffer(string: "--x")) { response in
                #expect(response.status == .badRequest)
            }
            let start = ContinuousClock.now
            try await client.execute(uri: "/api/verify", method: .post,
                                     headers: [.contentType: "multipart/form-data; boundary=\(String(repeating: "-", count: 69))x"],
                                     body: ByteBuffer(bytes: [UInt8](repeating: UInt8(ascii: "-"), count: 1 << 20))) { response in
                #expect(response.status == .badRequest)
            }
            // A quadratic search took 42 s here in a debug build; a linear one takes milliseconds.
            #expect(ContinuousClock.now - start < .seconds(10))
        }
    }

    @Test("HEAD answers as GET without the body; every error is {\"error\": …}")
    func headAndErrors() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, _) = try Self.setUp(temp)
        try await Self.withClient(Self.server(workspace)) { client in
            for path in ["/healthz", "/issuers/oer", "/status/revocation-1.json", "/verify"] {
                try await client.execute(uri: path, method: .head) { response in
                    #expect(response.status == .ok, "HEAD \(path)")
                    #expect(response.body.readableBytes == 0)
                    #expect(response.headers[.contentType] != nil)
                }
            }
            for (path, method) in [("/nothing", HTTPRequest.Method.get), ("/verify", .post), ("/api/verify", .get)] {
                try await client.execute(uri: path, method: method) { response in
                    let answer = try Self.object(response)
                    #expect(answer["error"]?.stringValue?.isEmpty == false, "\(method) \(path): \(String(buffer: response.body))")
                }
            }
        }
    }
}

extension LaurelServerTests {
    @Test("an achievement with an https id is served at its path; a did:web issuer's DID document at /.well-known/did.json")
    func achievementsAndDIDDocument() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, _) = try Self.setUp(temp)
        let achievementID = try workspace.achievement("intro-to-oer").id
        let path = try #require(URLComponents(string: achievementID)?.path)
        try await Self.withClient(Self.server(workspace)) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == "application/ld+json")
                let answer = try Self.object(response)
                #expect(answer["id"] == .string(achievementID))
                #expect(answer["@context"] != nil)
            }
        }
        let didWeb = try Workspace.create(at: temp.path("dw"), issuerName: "DW University", issuerID: "did:web:dw.example",
                                          statusBaseURL: "https://dw.example/status/", key: try PrivateKey.generate(.ed25519))
        try await Self.withClient(Self.server(didWeb)) { client in
            try await client.execute(uri: "/.well-known/did.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/did+ld+json")
                let answer = try Self.object(response)
                #expect(answer["id"] == "did:web:dw.example")
                #expect(answer["verificationMethod"]?.arrayValue?.isEmpty == false)
            }
        }
    }
}
