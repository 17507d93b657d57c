import CredentialIssuer
import CredentialKit
import CredentialVerifier
import Foundation
import Testing

/// A store an app could bring: keeps what is issued in memory, with status entries of its own.
final class MemoryStore: CredentialStore, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var kept: [(record: IssuanceRecord, actor: String, signed: SignedCredential)] = []
    private var next = 0

    func record(_ requests: [IssuanceRecord], actor: String, now: Date,
                sign: (IssuanceRecord, StatusAllocation) throws -> SignedCredential) async throws {
        try lock.withLock {
            var made: [(IssuanceRecord, String, SignedCredential)] = []
            for request in requests {
                let index = next + made.count
                let allocation = StatusAllocation(
                    revocation: BitstringStatusListEntry(id: "https://status.example.org/r#\(index)", statusPurpose: "revocation",
                                                         statusListIndex: index, statusListCredential: "https://status.example.org/r"),
                    suspension: BitstringStatusListEntry(id: "https://status.example.org/s#\(index)", statusPurpose: "suspension",
                                                         statusListIndex: index, statusListCredential: "https://status.example.org/s"))
                made.append((request, actor, try sign(request, allocation)))
            }
            next += made.count
            kept += made
        }
    }
}

/// The same, as an actor: the natural Swift 6 shape for a store an app writes.
actor ActorStore: CredentialStore {
    private(set) var ids: [String] = []

    func record(_ requests: [IssuanceRecord], actor: String, now: Date,
                sign: @Sendable (IssuanceRecord, StatusAllocation) throws -> SignedCredential) async throws {
        for (n, request) in requests.enumerated() {
            let index = ids.count + n
            let signed = try sign(request, StatusAllocation(
                revocation: BitstringStatusListEntry(statusPurpose: "revocation", statusListIndex: index, statusListCredential: "https://s.example.org/r"),
                suspension: BitstringStatusListEntry(statusPurpose: "suspension", statusListIndex: index, statusListCredential: "https://s.example.org/s")))
            ids.append(signed.id)
        }
    }
}

@Suite("Issuing service")
struct IssuingServiceTests {
    @Test("built from its parts with a store of the app's own: keys loaded once, per-request results, the actor as given")
    func injectedParts() async throws {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "Universidad de Ejemplo", key: try PrivateKey.generate(.ed25519))
        let signer = try workspace.signer(for: .eddsaRdfc2022, passphrase: nil)
        let store = MemoryStore()
        let service = IssuingService(issuer: workspace.issuerProfile, signers: [signer], store: store, actor: "registrar@example.edu") {
            try workspace.achievement($0)
        }
        let requests = [
            IssueRequest(achievementID: "cc-core", recipientName: "Ana María López", recipientEmail: "ana@example.org"),
            IssueRequest(achievementID: "no-such-course", recipientName: "Bo", recipientEmail: "bo@example.org"),
            IssueRequest(achievementID: "cc-core", recipientName: "李明", recipientEmail: "li@example.org", proof: .eddsaJcs2022),
        ]
        let results = await service.issue(requests)
        #expect(results.count == 3)
        let issued = results.compactMap { try? $0.get() }
        #expect(issued.count == 2)
        guard case .failure(let error) = results[1] else { Issue.record("the unknown achievement was issued"); return }
        #expect((error as? IssuerError)?.code == .unknownAchievement)
        #expect(store.kept.count == 2 && store.kept.allSatisfy { $0.actor == "registrar@example.edu" })
        #expect(store.kept.map(\.signed.id) == issued.map(\.id))
        #expect(issued.map(\.format) == [.eddsaRdfc2022, .eddsaJcs2022])

        // What the service signed carries the store's status entries, and its signature verifies.
        for credential in issued {
            #expect(credential.credential["credentialStatus"]?.asArray.count == 2)
            let report = try await Verifier.offline().verify(bytes: credential.contents)
            #expect(report.result(of: .proof)?.status == .pass && report.result(of: .issuerKey)?.status == .pass, "\(report.checks)")
        }
    }

    @Test("a service asked for a format none of its signers can make says which key is missing")
    func noSigner() async throws {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "X", key: try PrivateKey.generate(.ed25519))
        let service = try workspace.issuingService()
        await #expect(throws: IssuerError.self) {
            try await service.issue(IssueRequest(achievementID: "cc-core", recipientName: "A", recipientEmail: "a@example.org", proof: .ecdsaRdfc2019))
        }
    }

    @Test("an actor can be the store")
    func actorStore() async throws {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "X", key: try PrivateKey.generate(.ed25519))
        let store = ActorStore()
        let service = IssuingService(issuer: workspace.issuerProfile, signers: [try workspace.signer(for: .eddsaJcs2022, passphrase: nil)],
                                     store: store, actor: "t") { try workspace.achievement($0) }
        let issued = try await service.issue(IssueRequest(achievementID: "cc-core", recipientName: "A", recipientEmail: "a@example.org"))
        #expect(await store.ids == [issued.id])
    }

    @Test("a did:key issuer is its own key: a service given another key refuses to sign")
    func didKeyMismatch() async throws {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "X", key: try PrivateKey.generate(.ed25519))
        let stranger = try PrivateKey.generate(.ed25519)
        let signer = try CredentialSigner(key: stranger, verificationMethod: stranger.publicKey.didKeyVerificationMethod, format: .eddsaJcs2022)
        let service = IssuingService(issuer: workspace.issuerProfile, signers: [signer], store: nil, actor: "t") { try workspace.achievement($0) }
        let error = await #expect(throws: IssuerError.self) {
            try await service.issue(IssueRequest(achievementID: "cc-core", recipientName: "A", recipientEmail: "a@example.org"))
        }
        #expect(error?.code == .keyNotIssuers)
    }

    @Test("two requests for the same credential id: the first is issued, the second is refused, nothing crashes")
    func repeatedID() async throws {
        let temp = try TemporaryDirectory()
        let workspace = try Workspace.create(at: temp.path("ws"), issuerName: "X", statusBaseURL: "https://x.example.org/status/",
                                             key: try PrivateKey.generate(.ed25519))
        let service = try workspace.issuingService(actor: "t")
        var request = IssueRequest(achievementID: "cc-core", recipientName: "A", recipientEmail: "a@example.org")
        request.credentialID = "urn:uuid:6f1c9a3e-2b4d-8c5e-9f7a-1b2c3d4e5f60"
        let results = await service.issue([request, request])
        #expect((try? results[0].get())?.id == request.credentialID)
        guard case .failure(let error) = results[1] else { Issue.record("issued twice"); return }
        #expect((error as? IssuerError)?.code == .duplicateCredential)
    }
}
