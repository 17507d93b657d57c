import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// `laurel status check --online`: each list read at its URL, as a verifier on the internet reads it.
@Suite("Status check online", .enabled(if: LoopbackServer.pythonAvailable, "python3 is needed to serve files on loopback"))
struct OnlineStatusCheckTests {
    @Test("lists served over HTTP are current, then stale after an unpublished revocation, then missing when gone")
    func online() async throws {
        let temp = try TemporaryDirectory()
        try Data("ready".utf8).write(to: temp.path("ready.txt"))
        let server = try LoopbackServer(root: temp.url)
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "Creative Commons",
                                             statusBaseURL: server.url("ws/status/"), key: try PrivateKey.generate(.ed25519))
        let issuer = WorkspaceIssuer(workspace: workspace)
        let issued = try issuer.issue(IssueRequest(achievementID: "cc-core", recipientName: "Ana", recipientEmail: "ana@example.org"))
        try issuer.publishStatusLists()
        await server.waitUntilReady()
        let fetcher = HTTPResourceFetcher(timeout: 5)

        var states = try await workspace.inspectStatusListsOnline { try await fetcher.fetch($0) }
        #expect(states.map(\.condition) == [.current, .current])
        #expect(states.map(\.location) == [server.url("ws/status/revocation-1.json"), server.url("ws/status/suspension-1.json")])

        _ = try issuer.changeStatus(.revoke, credentialIDs: [issued.id], reason: nil, publish: false)
        states = try await workspace.inspectStatusListsOnline { try await fetcher.fetch($0) }
        #expect(states.map(\.condition) == [.stale, .current])
        let record = try #require(try workspace.requireRegistry().credential(id: issued.id))
        #expect(states[0].missingIndices == [record.revocation.index])

        try issuer.publishStatusLists()
        try FileManager.default.removeItem(at: temp.path("ws/status/suspension-1.json"))
        states = try await workspace.inspectStatusListsOnline { try await fetcher.fetch($0) }
        #expect(states.map(\.condition) == [.current, .missing])
        #expect(states[1].detail.contains("404"))
    }
}
