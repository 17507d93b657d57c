import CredentialKit
import Foundation
import Testing
@testable import CredentialIssuer

@Suite("Registry restore")
struct RegistryRestoreTests {
    @Test("a restore never swaps the file under a process using the registry")
    func refusedWhileInUse() throws {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "CC", issuerURL: "https://example.edu",
                                             key: try PrivateKey.generate(.ed25519))
        let issuer = WorkspaceIssuer(workspace: workspace)
        _ = try issuer.issue(IssueRequest(achievementID: "cc-core", recipientName: "Ana", recipientEmail: "ana@example.org"))
        try workspace.requireRegistry().backup(to: temp.path("backup.sqlite"))
        do {
            let inUse = try workspace.requireRegistry()
            #expect(throws: IssuerError(.registryBusy, "")) {
                _ = try workspace.restoreRegistry(from: temp.path("backup.sqlite"))
            }
            _ = inUse
        }
        let restored = try workspace.restoreRegistry(from: temp.path("backup.sqlite"))
        #expect(restored.backup.credentialCount == 1)
        #expect(restored.replacedFile != nil)
        #expect(try workspace.requireRegistry().statusLists().allSatisfy(\.isClosed))
    }

    @Test("the registry in place is never the backup, and a directory is not a backup")
    func refusesItself() throws {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "CC", issuerURL: "https://example.edu",
                                             key: try PrivateKey.generate(.ed25519))
        #expect(throws: IssuerError(.invalidRequest, "")) {
            _ = try workspace.restoreRegistry(from: temp.path("ws/registry.sqlite"))
        }
        #expect(throws: IssuerError(.invalidRequest, "")) { _ = try workspace.restoreRegistry(from: temp.path("ws/keys")) }
        #expect(FileManager.default.fileExists(atPath: temp.path("ws/registry.sqlite").path))
    }
}
