import CredentialKit
import Foundation

/// What program staff ask for when they issue one credential.
public struct IssueRequest: Sendable {
    public var achievementID: String
    public var recipientName: String
    public var recipientEmail: String
    /// nil: the workspace's default proof.
    public var proof: ProofFormat?
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

    /// Builds, signs and self-checks one credential. Nothing is written.
    ///
    /// - Throws: ``IssuerError`` for a bad request (unknown achievement, malformed e-mail, dates
    ///   out of order), a missing or demo key; ``CredentialKitError`` from signing.
    public func issue(_ request: IssueRequest, now: Date = Date()) throws -> IssuedCredential {
        let name = request.recipientName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw IssuerError(.invalidRequest, "the recipient name is empty") }
        let email = IdentityObject.normalizedEmail(request.recipientEmail)
        guard Self.isPlausibleEmail(email) else {
            throw IssuerError(.invalidRequest, "\"\(request.recipientEmail)\" is not an e-mail address")
        }
        let achievement = try workspace.achievement(request.achievementID)
        let validFrom = request.validFrom ?? now
        if let until = request.validUntil, until <= validFrom {
            throw IssuerError(.invalidRequest, "the expiry date \(XSDDateTime.string(from: until)) is not after the issue date \(XSDDateTime.string(from: validFrom))")
        }
        let format = request.proof ?? workspace.config.defaultProof
        let entry = try workspace.keyEntry(for: format)
        let key = try workspace.privateKey(entry, passphrase: passphrase)
        if !allowDemoKey, DemoKeys.isDemoKey(key.publicKey) {
            throw IssuerError(.demoKeyRefused,
                "the workspace key \(entry.file) is a published Laurel demo key, which anyone can sign with; generate a real key (`laurel init`) or pass --allow-demo-key for a demonstration")
        }

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
            id: id, issuer: workspace.issuerProfile, validFrom: Self.wholeSeconds(validFrom),
            validUntil: request.validUntil.map(Self.wholeSeconds), name: achievement.name,
            description: achievement.description, credentialSubject: subject, evidence: evidence)
        credential.awardedDate = Self.wholeSeconds(now)
        guard case .object(let document) = try credential.json() else {
            throw IssuerError(.invalidRequest, "the credential could not be encoded")
        }

        let contents: [UInt8]
        let credentialJSON: JSONObject
        if let suite = format.cryptosuite {
            let options = DataIntegrity.ProofOptions(cryptosuite: suite, verificationMethod: entry.verificationMethod,
                                                     created: Self.wholeSeconds(now))
            let secured = try DataIntegrity.sign(document, options: options, key: key)
            // Self-check: a credential that does not verify is never handed out.
            guard try DataIntegrity.verify(secured, key: key.publicKey) else {
                throw IssuerError(.invalidRequest, "internal check failed: the new credential's proof does not verify")
            }
            contents = JSONValue.object(secured).serializedBytes(pretty: true) + [0x0a]
            credentialJSON = secured
        } else {
            let jwt = try VCJWT.sign(document, key: key, keyID: entry.verificationMethod)
            guard try VCJWT.verifySignature(of: try VCJWT.decode(jwt), key: key.publicKey) else {
                throw IssuerError(.invalidRequest, "internal check failed: the new JWT's signature does not verify")
            }
            contents = Array(jwt.utf8) + [0x0a]
            credentialJSON = document
        }
        let fileName = "\(request.achievementID)-\(Self.fileNameSlug(name))-\(id.dropFirst("urn:uuid:".count).prefix(8)).\(format.fileExtension)"
        return IssuedCredential(id: id, format: format, contents: contents, credential: credentialJSON,
                                suggestedFileName: fileName)
    }

    /// Issues one credential and writes it atomically, to `output` or into the workspace's
    /// credentials directory; returns where it was written.
    public func issueAndWrite(_ request: IssueRequest, to output: URL? = nil, now: Date = Date()) throws -> (IssuedCredential, URL) {
        let issued = try issue(request, now: now)
        let url = output ?? workspace.directory
            .appendingPathComponent(workspace.config.credentialsDirectory)
            .appendingPathComponent(issued.suggestedFileName)
        try AtomicFile.write(issued.contents, to: url)
        return (issued, url)
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
