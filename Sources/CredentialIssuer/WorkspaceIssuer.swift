import CredentialKit
import Foundation

/// What program staff ask for when they issue one credential.
public struct IssueRequest: Sendable {
    public var achievementID: String
    public var recipientName: String
    public var recipientEmail: String
    /// nil: the workspace's default proof.
    public var proof: ProofFormat?
    /// The type of key to sign with, when the workspace has several that suit the proof (a JWT
    /// can be signed EdDSA, ES256 or RS256); nil: the first that suits.
    public var keyAlgorithm: KeyAlgorithm?
    /// The credential's id; nil for a new random one. A batch derives it from the issuer, the
    /// achievement, the recipient and a run label (``IssuingService/credentialID(issuerID:achievementID:email:runLabel:)``),
    /// so a re-run finds what it already issued.
    public var credentialID: String?
    /// nil: now.
    public var validFrom: Date?
    public var validUntil: Date?
    /// A result value for the achievement's first result description (e.g. "Completed", "92").
    public var result: String?
    public var evidenceURL: String?
    public var evidenceNarrative: String?
    public var narrative: String?
    /// The learner's language, a BCP 47 tag (`es`, `es-MX`): the credential carries the
    /// achievement's version in that language (``AchievementLanguages/version(for:)``), or the
    /// default version with a warning when the catalog has none. nil: the default language.
    public var locale: String?

    public init(achievementID: String, recipientName: String, recipientEmail: String, proof: ProofFormat? = nil,
                validFrom: Date? = nil, validUntil: Date? = nil, result: String? = nil, evidenceURL: String? = nil,
                evidenceNarrative: String? = nil, narrative: String? = nil, locale: String? = nil) {
        self.achievementID = achievementID
        self.recipientName = recipientName
        self.recipientEmail = recipientEmail
        self.proof = proof
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.result = result
        self.evidenceURL = evidenceURL
        self.evidenceNarrative = evidenceNarrative
        self.narrative = narrative
        self.locale = locale
    }

    /// A digest of what is asked — recipient, achievement, dates, result, evidence, narrative,
    /// language, proof — that the registry keeps with the credential, so a later batch can tell
    /// whether a roster row changed (``DuplicatePolicy/replace``). The id is not part of it.
    public var digest: String {
        let fields: [String?] = [
            recipientName.trimmingCharacters(in: .whitespacesAndNewlines), IdentityObject.normalizedEmail(recipientEmail),
            achievementID, validFrom.map(XSDDateTime.string(from:)), validUntil.map(XSDDateTime.string(from:)), result,
            evidenceURL, evidenceNarrative, narrative, locale, proof?.rawValue, keyAlgorithm?.rawValue,
        ]
        // Each field length-prefixed, so no two requests share a digest by shifting text between fields.
        let text = fields.map { $0.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined(separator: ",")
        return Hex.encode(Digest.sha256.hash(Array(text.utf8)))
    }
}

/// A credential Laurel has signed.
public struct IssuedCredential: Sendable {
    public var id: String
    public var format: ProofFormat
    /// The file's bytes: pretty-printed JSON, or the compact JWT.
    public var contents: [UInt8]
    /// The credential's JSON (for a JWT, the payload's credential).
    public var credential: JSONObject
    /// A file name for it: `<achievement>-<recipient>-<id prefix>.<json|jwt>`.
    public var suggestedFileName: String
    /// What the issuer should know about this credential, in plain words (for example that it can
    /// never be revoked, or that it is not in the learner's language).
    public var warnings: [String] = []
}

/// Issues, and changes the status of, a workspace's credentials: the ``IssuingService`` assembled
/// from the workspace's profile, keys, registry and achievement catalog, one call at a time.
/// (A batch or a server assembles the service once: ``Workspace/issuingService(passphrase:allowDemoKey:actor:)``.)
public struct WorkspaceIssuer: Sendable {
    public var workspace: Workspace
    /// Passphrase for encrypted key files.
    public var passphrase: String?
    /// Permits a key that is one of Laurel's published demo keys.
    public var allowDemoKey: Bool
    /// Who is acting, for the audit log.
    public var actor: String

    public init(workspace: Workspace, passphrase: String? = nil, allowDemoKey: Bool = false, actor: String = Workspace.actor) {
        self.workspace = workspace
        self.passphrase = passphrase
        self.allowDemoKey = allowDemoKey
        self.actor = actor
    }

    /// The warning every credential of a workspace without status lists carries.
    public static let unrevocableWarning =
        "this workspace publishes no status lists, so this credential can never be revoked or suspended; give the workspace a status list URL so that credentials issued later can be revoked"

    /// Checks `request` as issuing would, without loading a key or signing: the recipient, the
    /// dates, the language tag, and that the achievement is in this issuer's catalog.
    ///
    /// - Throws: ``IssuerError`` naming the problem.
    public func validate(_ request: IssueRequest) throws {
        _ = try IssuingService.validate(request)
        _ = try workspace.achievement(request.achievementID)
    }

    /// Builds, signs and self-checks one credential, recording it in the workspace's registry
    /// (which allocates its status entries) when the workspace publishes status lists. No file is
    /// written. Only the key the request needs is loaded.
    ///
    /// - Throws: ``IssuerError`` for a bad request (unknown achievement, malformed e-mail, dates
    ///   out of order), a missing, demo or mismatched key; ``CredentialKitError`` from signing.
    public func issue(_ request: IssueRequest, now: Date = Date()) throws -> IssuedCredential {
        let format = request.proof ?? workspace.config.defaultProof
        let signer = try workspace.signer(for: format, algorithm: request.keyAlgorithm, passphrase: passphrase,
                                          allowDemoKey: allowDemoKey)
        let registry = try workspace.openRegistry()
        let service = workspace.issuingService(signers: [signer], store: registry, actor: actor)
        let prepared = try service.prepare(request, now: now)
        guard let registry else {
            var issued = try service.sign(prepared, credentialStatus: nil)
            issued.warnings.append(Self.unrevocableWarning)
            return issued
        }
        // The registry records synchronously: the same steps as IssuingService.record, without a suspension point.
        var issued: IssuedCredential?
        _ = try registry.recordIssuance(prepared.record, actor: actor, now: now) { allocation in
            let signed = try service.sign(prepared, credentialStatus: allocation.credentialStatus)
            issued = signed
            return SignedCredential(id: signed.id, format: signed.format, contents: signed.contents)
        }
        guard let issued else { throw IssuerError(.registry, "the registry did not sign \(prepared.id)") }
        return issued
    }

    /// Issues one credential and writes it atomically, to `output` or into the workspace's
    /// credentials directory; returns where it was written.
    ///
    /// Where the file goes is checked (a file can be made there) before anything is signed or
    /// recorded. The credential is in the registry before the file is written, so a failure to
    /// write still loses nothing: the error (``IssuerError/Code/issuedNotWritten``) names the
    /// credential, which the registry keeps (``Registry/credential(id:)``).
    public func issueAndWrite(_ request: IssueRequest, to output: URL? = nil, now: Date = Date()) throws -> (IssuedCredential, URL) {
        let directory = workspace.directory.appendingPathComponent(workspace.config.credentialsDirectory)
        if output == nil, workspace.partnerHandle != nil {
            // A partner's folder inside credentials/ is made when it first issues.
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try AtomicFile.checkWritable(output ?? directory.appendingPathComponent(".probe"))
        let issued = try issue(request, now: now)
        let url = output ?? directory.appendingPathComponent(issued.suggestedFileName)
        do {
            try AtomicFile.write(issued.contents, to: url)
        } catch let error as IssuerError {
            throw IssuerError(.issuedNotWritten,
                "\(issued.id) is issued and kept in the registry, but its file could not be written: \(error.reason)")
        }
        return (issued, url)
    }
}
