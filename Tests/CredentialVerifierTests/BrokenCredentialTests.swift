import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// Each documented kind of broken credential gets its own verdict and a message naming the problem.
@Suite("Broken credentials")
struct BrokenCredentialTests {
    /// A kind of breakage: what is done to a good credential, before (`signed`) or after signing.
    struct Breakage: Sendable, CustomStringConvertible {
        var description: String
        var beforeSigning: @Sendable (inout JSONObject) -> Void = { _ in }
        var afterSigning: @Sendable (inout JSONObject) -> Void = { _ in }
        var verdict: Verdict
        /// What the failing check's message must say.
        var says: String
    }

    static func withProof(_ change: @escaping @Sendable (inout JSONObject) -> Void) -> @Sendable (inout JSONObject) -> Void {
        { document in
            var proof = document["proof"]?.objectValue ?? [:]
            change(&proof)
            document["proof"] = .object(proof)
        }
    }

    static let breakages: [Breakage] = [
        Breakage(description: "wrong type", beforeSigning: { $0["type"] = ["OpenBadgeCredential"] },
                 verdict: .malformed, says: "VerifiableCredential"),
        Breakage(description: "missing issuer", beforeSigning: { $0["issuer"] = nil }, verdict: .malformed, says: "no issuer"),
        Breakage(description: "bad context", beforeSigning: { $0["@context"] = ["https://www.w3.org/ns/credentials/v3", .string(JSONLDContexts.openBadgesV3p0_3)] },
                 verdict: .malformed, says: "@context must begin with"),
        Breakage(description: "unknown DID method", afterSigning: withProof { $0["verificationMethod"] = "did:example:123#key-1" },
                 verdict: .unsupported, says: "\"example\""),
        Breakage(description: "garbled verification method", afterSigning: withProof { $0["verificationMethod"] = "did:key:z6Mk!!!garbled#z6Mk!!!garbled" },
                 verdict: .malformed, says: "not a valid did:key"),
        Breakage(description: "bad proofValue", afterSigning: withProof { $0["proofValue"] = "z0OIl-not-base58" },
                 verdict: .malformed, says: "base58"),
        Breakage(description: "proofValue cut short", afterSigning: withProof { proof in
            proof["proofValue"] = .string(String((proof["proofValue"]?.stringValue ?? "").dropLast(10)))
        }, verdict: .malformed, says: "cut short"),
        Breakage(description: "expired", beforeSigning: { $0["validFrom"] = "2020-01-01T00:00:00Z"; $0["validUntil"] = "2021-01-01T00:00:00Z" }, verdict: .expired, says: "expired on 2021-01-01"),
        Breakage(description: "not yet valid", beforeSigning: { $0["validFrom"] = "2031-01-01T00:00:00Z" }, verdict: .notYetValid,
                 says: "valid from 2031-01-01"),
        Breakage(description: "a status index given as a number instead of a string", beforeSigning: { document in
            document["credentialStatus"] = ["id": "https://example.org/status/1#5", "type": "BitstringStatusListEntry",
                                            "statusPurpose": "revocation", "statusListIndex": 5,
                                            "statusListCredential": "https://example.org/status/1"]
        }, verdict: .malformed, says: "statusListIndex"),
        Breakage(description: "a changed name", afterSigning: { $0["name"] = "Doctor of Medicine" }, verdict: .tampered,
                 says: "does not match"),
    ]

    @Test("each kind of broken credential: its verdict, and a message naming the problem", arguments: breakages)
    func broken(_ breakage: Breakage) async throws {
        let key = try PrivateKey.generate(.ed25519)
        var document = try EveryProblemTests.resigned(by: key, breakage.beforeSigning)
        breakage.afterSigning(&document)
        let report = try await EveryProblemTests.verify(document)
        #expect(report.verdict == breakage.verdict, "\(breakage): \(report.checks.map { "\($0.check): \($0.message)" })")
        let failing = report.checks.filter { $0.verdict == breakage.verdict }
        #expect(failing.contains { $0.message.contains(breakage.says) },
                "\(breakage): \(failing.map(\.message)) does not say \(breakage.says)")
        #expect(!report.verified)
    }

    @Test("revoked in a bitstring status list: REVOKED, naming the list")
    func revoked() async throws {
        let fixture = try Fixture(.ed25519, issuerID: "https://example.edu/issuers/cc")
        let issued = try fixture.issue(.eddsaRdfc2022)
        _ = try WorkspaceIssuer(workspace: fixture.workspace).changeStatus(.revoke, credentialIDs: [issued.id], reason: "issued in error")
        let report = await Verifier(fetcher: try fixture.resources()).verify(try CredentialInput(bytes: issued.contents))
        #expect(report.verdict == .revoked, "\(report.checks)")
        #expect(report.result(of: .status)?.message.contains("revoked by the issuer") == true)
    }
}
