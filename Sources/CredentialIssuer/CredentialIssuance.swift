import CredentialKit
import CredentialVerifier
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
    /// nil: now.
    public var validFrom: Date?
    public var validUntil: Date?
    /// A result value for the achievement's first result description (e.g. "Completed", "92").
    public var result: String?
    public var evidenceURL: String?
    public var evidenceNarrative: String?
    public var narrative: String?

    public init(achievementID: String, recipientName: String, recipientEmail: String, proof: ProofFormat? = nil,
                validFrom: Date? = nil, validUntil: Date? = nil, result: String? = nil, evidenceURL: String? = nil,
                evidenceNarrative: String? = nil, narrative: String? = nil) {
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
    /// never be revoked).
    public var warnings: [String] = []
}

/// Signs credentials with a workspace's keys.
public struct CredentialIssuer: Sendable {
    public var workspace: Workspace
    /// Passphrase for encrypted key files.
    public var passphrase: String?
    /// Permits a key that is one of Laurel's published demo keys.
    public var allowDemoKey: Bool

    public init(workspace: Workspace, passphrase: String? = nil, allowDemoKey: Bool = false) {
        self.workspace = workspace
        self.passphrase = passphrase
        self.allowDemoKey = allowDemoKey
    }

    /// A validated request, ready to sign once its status entries are known.
    struct PreparedCredential {
        var id: String
        var format: ProofFormat
        var key: PrivateKey
        var verificationMethod: String
        var document: JSONObject
        var record: IssuanceRecord
        var created: Date
        var fileName: String
    }

    /// Builds, signs and self-checks one credential, recording it in the workspace's registry
    /// (which allocates its status entries) when the workspace publishes status lists. No file is
    /// written.
    ///
    /// - Throws: ``IssuerError`` for a bad request (unknown achievement, malformed e-mail, dates
    ///   out of order), a missing or demo key; ``CredentialKitError`` from signing.
    public func issue(_ request: IssueRequest, now: Date = Date()) throws -> IssuedCredential {
        let prepared = try prepare(request, now: now)
        guard let registry = try workspace.openRegistry() else {
            var issued = try sign(prepared, credentialStatus: nil)
            issued.warnings.append(Self.unrevocableWarning)
            return issued
        }
        var issued: IssuedCredential?
        _ = try registry.recordIssuance(prepared.record, actor: Workspace.actor, now: now) { allocation in
            let signed = try sign(prepared, credentialStatus: allocation.credentialStatus)
            issued = signed
            return SignedCredential(id: signed.id, format: signed.format.rawValue, contents: signed.contents)
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

    func prepare(_ request: IssueRequest, now: Date) throws -> PreparedCredential {
        let name = request.recipientName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw IssuerError(.invalidRequest, "the recipient name is empty") }
        let email = IdentityObject.normalizedEmail(request.recipientEmail)
        guard Self.isPlausibleEmail(email) else {
            throw IssuerError(.invalidRequest, "\"\(request.recipientEmail)\" is not an e-mail address")
        }
        let achievement = try workspace.achievement(request.achievementID)
        let validFrom = Self.wholeSeconds(request.validFrom ?? now)
        let validUntil = request.validUntil.map(Self.wholeSeconds)
        if let validUntil, validUntil <= validFrom {
            throw IssuerError(.invalidRequest, "the expiry date \(XSDDateTime.string(from: validUntil)) is not after the issue date \(XSDDateTime.string(from: validFrom))")
        }
        let format = request.proof ?? workspace.config.defaultProof
        let (entry, key) = try signingKey(for: format, algorithm: request.keyAlgorithm)

        let id = "urn:uuid:" + Self.randomUUID()
        var subject = AchievementSubject(
            identifier: [
                IdentityObject.hashedEmail(email, salt: Hex.encode(SecureRandom.bytes(16))),
                IdentityObject(hashed: false, identityHash: name, identityType: "name", salt: nil),
            ],
            achievement: achievement, narrative: request.narrative)
        if let value = request.result {
            subject.result = [AchievementResult(resultDescription: achievement.resultDescription?.first?.id, value: value)]
        }
        var evidence: [Evidence]?
        if request.evidenceURL != nil || request.evidenceNarrative != nil {
            evidence = [Evidence(id: request.evidenceURL, narrative: request.evidenceNarrative)]
        }
        var credential = OpenBadgeCredential(
            id: id, issuer: workspace.issuerProfile, validFrom: validFrom, validUntil: validUntil, name: achievement.name,
            description: achievement.description, credentialSubject: subject, evidence: evidence)
        credential.awardedDate = Self.wholeSeconds(now)
        guard case .object(let document) = try credential.json() else {
            throw IssuerError(.invalidRequest, "the credential could not be encoded")
        }
        let record = IssuanceRecord(credentialID: id, achievementID: request.achievementID,
                                    recipientIdentifier: Self.recipientIdentifier(email: email, issuerID: workspace.config.issuer.id),
                                    validFrom: validFrom, validUntil: validUntil)
        let fileName = "\(request.achievementID)-\(Self.fileNameSlug(name))-\(id.dropFirst("urn:uuid:".count).prefix(8)).\(format.fileExtension)"
        return PreparedCredential(id: id, format: format, key: key, verificationMethod: entry.verificationMethod,
                                  document: document, record: record, created: Self.wholeSeconds(now), fileName: fileName)
    }

    /// Adds the status entries, checks the credential against the OB 3.0 schema, signs it and
    /// checks the signature.
    func sign(_ prepared: PreparedCredential, credentialStatus: JSONValue?) throws -> IssuedCredential {
        var document = prepared.document
        if let credentialStatus { document["credentialStatus"] = credentialStatus }
        // Self-check before signing: what Laurel issues always matches its published schema.
        let violations = try LaurelSchema.openBadgeCredential.validator.validate(.object(document))
        guard violations.isEmpty else {
            throw IssuerError(.invalidRequest, "the credential would not match the OB 3.0 schema: \(violations.prefix(3).map(\.description).joined(separator: "; "))")
        }
        let contents = try Self.secure(document, format: prepared.format, key: prepared.key,
                                       verificationMethod: prepared.verificationMethod, created: prepared.created)
        // Self-check: a credential that does not verify is never handed out.
        let signatureValid: Bool
        let credentialJSON: JSONObject
        if prepared.format == .jwt {
            let token = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            signatureValid = try VCJWT.verifySignature(of: try VCJWT.decode(token), key: prepared.key.publicKey)
            credentialJSON = document
        } else {
            credentialJSON = try JSONParser.parse(contents).objectValue ?? [:]
            signatureValid = try DataIntegrity.verify(credentialJSON, key: prepared.key.publicKey)
        }
        guard signatureValid else {
            throw IssuerError(.invalidRequest, "internal check failed: the new credential's signature does not verify")
        }
        return IssuedCredential(id: prepared.id, format: prepared.format, contents: contents, credential: credentialJSON,
                                suggestedFileName: prepared.fileName)
    }

    /// The key to sign `format` with, loaded and checked: not a demo key (unless allowed), and
    /// the very key a verifier finds for its verification method — resolved the verifier's way,
    /// from the documents this workspace publishes — controlled by the issuer. A key file
    /// replaced by another key is refused here, before anything is signed.
    func signingKey(for format: ProofFormat, algorithm: KeyAlgorithm? = nil) throws -> (WorkspaceConfig.KeyEntry, PrivateKey) {
        let entry = try workspace.keyEntry(for: format, algorithm: algorithm)
        let key = try workspace.privateKey(entry, passphrase: passphrase)
        if !allowDemoKey, DemoKeys.isDemoKey(key.publicKey) {
            throw IssuerError(.demoKeyRefused,
                "the workspace key \(entry.file) is a published Laurel demo key, which anyone can sign with")
        }
        let issuer = workspace.config.issuer.id
        let resolved: ResolvedKey
        do {
            resolved = try StandardKeyResolver.resolve(entry.verificationMethod, documents: try workspace.keyDocuments())
        } catch {
            throw IssuerError(.keyNotIssuers,
                "verifiers could not find the key \(entry.verificationMethod) that \(entry.file) would sign with: \(error)")
        }
        guard resolved.key == key.publicKey else {
            throw IssuerError(.keyNotIssuers,
                "the key in \(entry.file) is not the key verifiers find for \(entry.verificationMethod); the key file, laurel.json or issuer.json may have been changed. Nothing was signed")
        }
        guard resolved.controller == issuer else {
            throw IssuerError(.keyNotIssuers,
                "verifiers find the key \(entry.verificationMethod) controlled by \(resolved.controller), not by the issuer \(issuer); nothing was signed")
        }
        return (entry, key)
    }

    /// The warning every credential of a workspace without status lists carries.
    public static let unrevocableWarning =
        "this workspace publishes no status lists, so this credential can never be revoked or suspended; give the workspace a status list URL so that credentials issued later can be revoked"

    /// How the registry names a learner: a hash of the issuer and the normalised e-mail, stable
    /// across runs (so re-runs can be recognised) and not the address itself.
    static func recipientIdentifier(email: String, issuerID: String) -> String {
        "sha256:" + Hex.encode(Digest.sha256.hash(issuerID + "\n" + IdentityObject.normalizedEmail(email)))
    }

    static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !email.contains(where: { $0.isWhitespace })
    }

    static func randomUUID() -> String {
        var bytes = SecureRandom.bytes(16)
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = Hex.encode(bytes)
        let h = Array(hex)
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
    }

    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// A readable, file-system-safe rendering of a name: letters and digits of any script kept, the rest dashes.
    static func fileNameSlug(_ name: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        let trimmed = slug.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "recipient" : String(trimmed.prefix(40))
    }
}
