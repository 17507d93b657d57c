import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// Creative Commons endorsing a partner's microcredential: the endorsement travels in the
/// achievement and is verified by the endorser's key.
@Suite("Endorsements")
struct EndorsementTests {
    /// The partner's achievement with an endorsement by Creative Commons attached (changed by `tamper` after signing).
    static func endorsed(proof: ProofFormat = .eddsaJcs2022, subject: String? = nil, partnerID: String? = "https://example.edu/issuers/uni",
                         tamper: (inout JSONValue) -> Void = { _ in }) throws -> (partner: Fixture, endorser: Fixture, achievementID: String) {
        let endorser = try Fixture(.ed25519)
        let partner = try Fixture(.ed25519, issuerID: partnerID)
        // The partner's achievement, at an id on its own site.
        var own = try partner.workspace.achievement("cc-core")
        own.id = "https://example.edu/achievements/cc-core"
        try partner.workspace.saveAchievement(own, catalogID: "cc-core")
        let achievementID = own.id
        let endorsement = try WorkspaceIssuer(workspace: endorser.workspace)
            .endorse(subjectID: subject ?? achievementID, comment: "Meets the Creative Commons standard for open education", proof: proof)
        var embeddable = endorsement.embeddable
        tamper(&embeddable)
        // Attached by hand when the subject is another id, as a careless partner might.
        var achievement = try partner.workspace.achievement("cc-core")
        if let token = embeddable.stringValue { achievement.endorsementJwt = [token] } else { achievement.endorsement = [embeddable] }
        try partner.workspace.saveAchievement(achievement, catalogID: "cc-core")
        return (partner, endorser, achievementID)
    }

    @Test("an endorsement verifies by the endorser's key and is reported with its comment", arguments: [ProofFormat.eddsaJcs2022, .eddsaRdfc2022, .jwt])
    func endorsed(_ proof: ProofFormat) async throws {
        let (partner, endorser, _) = try Self.endorsed(proof: proof)
        // The OB 3.0 context defines no endorsementJwt: a JWT endorsement travels in a JSON-signed credential.
        let issued = try partner.issue(proof == .jwt ? .eddsaJcs2022 : .eddsaRdfc2022)
        let report = try await Verifier(fetcher: try partner.resources()).verify(bytes: issued.contents)
        #expect(report.verdict == .verified, "\(report.checks)")
        let check = try #require(report.result(of: .endorsement))
        #expect(check.status == .pass, "\(check.message)")
        #expect(check.message.contains("Meets the Creative Commons standard"))
        #expect(report.endorsements.map(\.endorserID) == [endorser.workspace.config.issuer.id])
        // Not on a trust list, the endorser's own name is shown as what it calls itself.
        #expect(report.endorsements.first?.claimedName == "Creative Commons" && report.endorsements.first?.endorserName == nil)
        #expect(check.message.contains("calls itself “Creative Commons”"))
        #expect(try report.json()["endorsements"]?.arrayValue?.count == 1)

        // On a trust list, the list names it.
        let trusted = try await Verifier(fetcher: try partner.resources(),
                                         trustRegistry: TrustRegistry(issuerIDs: [endorser.workspace.config.issuer.id, partner.workspace.config.issuer.id],
                                                                      registry: "CC partners")).verify(bytes: issued.contents)
        #expect(trusted.result(of: .endorsement)?.message.contains("on your trust list CC partners") == true, "\(trusted.checks)")
    }

    @Test("an endorsement carried by someone else's credential for an achievement with the endorsed id does not count")
    func transplanted() async throws {
        // A did:key issuer owns no site: any achievement id it gives is its own say-so.
        let (thief, _, _) = try Self.endorsed(partnerID: nil)
        let report = try await Verifier().verify(bytes: try thief.issue(.eddsaJcs2022).contents)
        #expect(report.result(of: .endorsement)?.code == "endorsement_unbound", "\(report.checks)")
        #expect(report.endorsements.isEmpty)
    }

    @Test("a forged endorsement is a warning naming why, shows no endorsement, and leaves the credential verified")
    func forged() async throws {
        let (partner, _, _) = try Self.endorsed { endorsement in
            guard case .object(var object) = endorsement, case .object(var subject)? = object["credentialSubject"] else { return }
            subject["endorsementComment"] = "The best microcredential in the world"
            object["credentialSubject"] = .object(subject)
            endorsement = .object(object)
        }
        let issued = try partner.issue(.eddsaJcs2022)
        let report = try await Verifier(fetcher: try partner.resources()).verify(bytes: issued.contents)
        #expect(report.verdict == .verified)
        let check = try #require(report.result(of: .endorsement))
        #expect(check.status == .warn && check.code == "endorsement_not_verified", "\(check.message)")
        #expect(check.message.contains("TAMPERED"))
        #expect(report.endorsements.isEmpty)
    }

    @Test("an endorsement of something else is a warning, not an endorsement of this achievement")
    func otherSubject() async throws {
        let (partner, _, _) = try Self.endorsed(subject: "https://elsewhere.example/achievements/other")
        let issued = try partner.issue(.eddsaJcs2022)
        let report = try await Verifier(fetcher: try partner.resources()).verify(bytes: issued.contents)
        #expect(report.result(of: .endorsement)?.code == "endorsement_other_subject")
        #expect(report.endorsements.isEmpty)
    }

    @Test("attaching finds the achievement by id among the workspace's issuers; an unknown id is refused")
    func attach() throws {
        let endorser = try Fixture(.ed25519)
        let achievementID = try endorser.workspace.achievement("intro-to-oer").id
        let endorsement = try WorkspaceIssuer(workspace: endorser.workspace).endorse(subjectID: achievementID, comment: nil)
        let attached = try endorser.workspace.attachEndorsement(endorsement.embeddable, subjectID: achievementID)
        #expect(attached.map(\.catalogID) == ["intro-to-oer"])
        #expect(try endorser.workspace.achievement("intro-to-oer").endorsement?.count == 1)
        #expect(throws: IssuerError.self) { try endorser.workspace.attachEndorsement(endorsement.embeddable, subjectID: "https://nowhere.example/a") }
        let jwt = try WorkspaceIssuer(workspace: endorser.workspace).endorse(subjectID: achievementID, comment: nil, proof: .jwt)
        #expect(throws: IssuerError.self) { try endorser.workspace.attachEndorsement(jwt.embeddable, subjectID: achievementID) }
        #expect(throws: IssuerError.self) { try WorkspaceIssuer(workspace: endorser.workspace).endorse(subjectID: "not an id", comment: nil) }
    }
}
