import CredentialKit
import Foundation

/// An `EndorsementCredential` a workspace's issuer signed.
public struct IssuedEndorsement: Sendable {
    public var id: String
    /// The file's bytes: the signed credential as JSON, or a VC-JWT.
    public var contents: [UInt8]
    /// The signed credential (a JWT's payload credential).
    public var credential: JSONObject
    /// The secured form to embed in an achievement or profile: the JSON object for an embedded
    /// proof, or the compact JWT string (for `endorsementJwt`).
    public var embeddable: JSONValue
}

extension WorkspaceIssuer {
    /// The longest endorsement comment, in characters.
    public static let maxEndorsementComment = 4_000

    /// Signs an `EndorsementCredential` (OB 3.0 §B.1.11) by this workspace's issuer of `subjectID`
    /// — another issuer's achievement or profile, named by its id — with `comment` as its
    /// `endorsementComment`. Creative Commons endorsing a partner university's microcredential
    /// is the case it serves; the partner then carries it in that achievement's `endorsement`.
    ///
    /// - Throws: ``IssuerError`` for a subject that is not an id (an https URL, a DID or a URN) or
    ///   an over-long comment, and as signing does.
    public func endorse(subjectID: String, comment: String?, proof: ProofFormat? = nil, now: Date = Date()) throws -> IssuedEndorsement {
        let subject = subjectID.trimmingCharacters(in: .whitespacesAndNewlines)
        let schemes = ["https://", "http://", "did:", "urn:"]
        guard schemes.contains(where: { subject.hasPrefix($0) }), subject.count > 6, !subject.contains(where: \.isWhitespace) else {
            throw IssuerError(.invalidRequest, "the endorsed achievement or issuer must be named by its id (an https URL, a DID or a urn:), not \"\(subjectID.prefix(80))\"")
        }
        let text = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let text, text.count > Self.maxEndorsementComment {
            throw IssuerError(.invalidRequest, "the endorsement comment is \(text.count) characters; at most \(Self.maxEndorsementComment)")
        }
        let signer = try workspace.signer(for: proof ?? workspace.config.defaultProof, passphrase: passphrase, allowDemoKey: allowDemoKey)
        let issuer = try JSONValueEncoder().encode(workspace.issuerProfile)
        var subjectJSON: JSONObject = ["id": .string(subject), "type": ["EndorsementSubject"]]
        if let text, !text.isEmpty { subjectJSON["endorsementComment"] = .string(text) }
        let id = "urn:uuid:" + UUID().uuidString.lowercased()
        let document: JSONObject = [
            "@context": [.string(JSONLDContexts.credentialsV2), .string(JSONLDContexts.openBadgesV3p0_3)],
            "id": .string(id),
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "name": .string("Endorsement by \(workspace.config.issuer.name)"),
            "issuer": issuer,
            "validFrom": .string(XSDDateTime.string(from: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)))),
            "credentialSubject": .object(subjectJSON),
        ]
        let (contents, credential) = try signer.sign(document, format: proof, created: now)
        let embeddable: JSONValue = (proof ?? signer.format) == .jwt
            ? .string(String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            : .object(credential)
        return IssuedEndorsement(id: id, contents: contents, credential: credential, embeddable: embeddable)
    }
}

extension Workspace {
    /// Adds `endorsement` (an endorsement's ``IssuedEndorsement/embeddable`` form) to every
    /// achievement of this workspace's issuers whose id is the endorsement's subject, so every
    /// credential issued for it from now on carries it.
    ///
    /// - Returns: the issuer handle and catalog id of each achievement it was added to.
    /// - Throws: ``IssuerError`` `.unknownAchievement` when no achievement here has that id.
    public func attachEndorsement(_ endorsement: JSONValue, subjectID: String) throws -> [(issuer: String, catalogID: String)] {
        guard endorsement.objectValue != nil else {
            throw IssuerError(.invalidRequest,
                "a VC-JWT endorsement cannot be carried in an achievement: the OB 3.0 context does not define endorsementJwt, so credentials signed as linked data could not carry it; sign the endorsement with a Data Integrity proof")
        }
        var attached: [(issuer: String, catalogID: String)] = []
        for summary in try issuers() {
            let view = try forIssuer(summary.handle)
            for catalogID in try view.achievementIDs() {
                var achievement = try view.achievement(catalogID)
                guard achievement.id == subjectID else { continue }
                achievement.endorsement = (achievement.endorsement ?? []) + [endorsement]
                try view.saveAchievement(achievement, catalogID: catalogID)
                attached.append((summary.handle, catalogID))
            }
        }
        if !attached.isEmpty { return attached }
        throw IssuerError(.unknownAchievement,
            "no achievement in this workspace has the id \(subjectID); give the endorsement file to its issuer to add to that achievement's endorsement list")
    }
}
