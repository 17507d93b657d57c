import CredentialKit
import Foundation

/// Issues Open Badges 3.0 credentials from parts given to it: the issuer's profile, its signers
/// (keys loaded once), a store that allocates status entries and keeps what is issued, where
/// achievements and their translations come from, and who is acting. A ``Workspace`` is one way
/// to assemble it (``Workspace/issuingService(passphrase:allowDemoKey:actor:)``); an app can
/// assemble its own.
///
/// ```swift
/// let service = try workspace.issuingService(actor: "registrar@example.edu")
/// let results = await service.issue(requests)          // one result per request
/// ```
public struct IssuingService: Sendable {
    public var issuer: Profile
    /// The issuer's signers; the first is the default, others serve requests for their formats.
    public var signers: [CredentialSigner]
    /// Where credentials are recorded with their status entries; nil issues credentials without
    /// status, which can never be revoked (each carries a warning saying so).
    public var store: (any CredentialStore)?
    /// The achievement for a catalog id, in the catalog's default language.
    public var achievements: @Sendable (String) throws -> Achievement
    /// The translations of the achievement for a catalog id: full achievements in other languages,
    /// each with its own `id` and `inLanguage`. A request's ``IssueRequest/locale`` picks among
    /// them (``AchievementLanguages``).
    public var translations: @Sendable (String) throws -> [Achievement]
    /// Who is issuing, for the audit log.
    public var actor: String

    /// - Parameters:
    ///   - translations: the translations of a catalog id's achievement; default: none, so every
    ///     credential is in the default language (and a request for another carries a warning).
    ///   - achievements: the achievement for a catalog id, in the default language.
    public init(issuer: Profile, signers: [CredentialSigner], store: (any CredentialStore)?, actor: String,
                translations: @escaping @Sendable (String) throws -> [Achievement] = { _ in [] },
                achievements: @escaping @Sendable (String) throws -> Achievement) {
        self.issuer = issuer
        self.signers = signers
        self.store = store
        self.actor = actor
        self.translations = translations
        self.achievements = achievements
    }

    /// The achievement for a catalog id in every language the catalog holds it in.
    public func languages(of catalogID: String) throws -> AchievementLanguages {
        AchievementLanguages(catalogID: catalogID, original: try achievements(catalogID), translations: try translations(catalogID))
    }

    /// Issues one credential: builds it, records it (allocating its status entries), signs it
    /// and checks the signature. No file is written.
    ///
    /// - Throws: ``IssuerError`` for a bad request (unknown achievement, malformed e-mail, dates
    ///   out of order), no signer for the format; ``CredentialKitError`` from signing.
    public func issue(_ request: IssueRequest, now: Date = Date()) async throws -> IssuedCredential {
        let prepared = try prepare(request, now: now)
        return try await record(prepared, now: now)
    }

    /// Issues many requests: one result per request, in order, a failure affecting only its own.
    ///
    /// Requests are signed on every core and recorded in transactions of `chunkSize`; a chunk
    /// that fails as a whole (one request already issued, say) is retried request by request, so
    /// each gets its own answer.
    public func issue(_ requests: [IssueRequest], now: Date = Date(), chunkSize: Int = 64) async -> [Result<IssuedCredential, any Error>] {
        // Built on every core, each achievement (with its translations) read once for the whole call.
        let catalog = AchievementMemo(languages(of:))
        let shared = SharedJSON(issuer: issuer)
        let built = ResultSlots(count: requests.count)
        DispatchQueue.concurrentPerform(iterations: requests.count) { index in
            built.set(index, Result { try prepare(requests[index], now: now, achievement: catalog.languages, shared: shared) })
        }
        var results = [Result<IssuedCredential, any Error>?](repeating: nil, count: requests.count)
        var prepared: [(index: Int, credential: PreparedCredential)] = []
        for (index, outcome) in built.all.enumerated() {
            switch outcome {
            case .success(let credential): prepared.append((index, credential))
            case .failure(let error): results[index] = .failure(error)
            }
        }
        var start = 0
        while start < prepared.count {
            let chunk = Array(prepared[start..<min(start + max(chunkSize, 1), prepared.count)])
            start += chunk.count
            do {
                let issued = try await record(chunk.map(\.credential), now: now)
                for (item, credential) in zip(chunk, issued) { results[item.index] = .success(credential) }
            } catch {
                for item in chunk {
                    do { results[item.index] = .success(try await record(item.credential, now: now)) } catch { results[item.index] = .failure(error) }
                }
            }
        }
        return results.map { $0 ?? .failure(IssuerError(.invalidRequest, "the request was not issued")) }
    }

    // MARK: Steps

    /// A validated request, ready to sign once its status entries are known.
    struct PreparedCredential: Sendable {
        var id: String
        var format: ProofFormat
        var signer: CredentialSigner
        var document: JSONObject
        var record: IssuanceRecord
        var created: Date
        var fileName: String
        /// What the issuer should know (the credential is not in the learner's language, say).
        var warnings: [String] = []
    }

    func record(_ prepared: PreparedCredential, now: Date) async throws -> IssuedCredential {
        try await record([prepared], now: now)[0]
    }

    /// What the store's signing closures made, by credential id, from several threads.
    private final class IssuedByID: @unchecked Sendable {
        private let lock = NSLock()
        private var issued: [String: IssuedCredential] = [:]
        func set(_ credential: IssuedCredential) { lock.withLock { issued[credential.id] = credential } }
        func get(_ id: String) -> IssuedCredential? { lock.withLock { issued[id] } }
    }

    /// Records and signs several prepared credentials in one transaction of the store (signing in
    /// parallel where the store allows); without a store, signs them in parallel.
    func record(_ prepared: [PreparedCredential], now: Date) async throws -> [IssuedCredential] {
        let byID = Dictionary(prepared.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let made = IssuedByID()
        if let store {
            try await store.record(prepared.map(\.record), actor: actor, now: now) { record, allocation in
                guard let item = byID[record.credentialID] else {
                    throw IssuerError(.invalidRequest, "the store asked to sign \(record.credentialID), which was not requested")
                }
                let signed = try sign(item, credentialStatus: allocation.credentialStatus)
                made.set(signed)
                return SignedCredential(id: signed.id, format: signed.format, contents: signed.contents)
            }
        } else {
            let failures = IssuedByIDFailures()
            DispatchQueue.concurrentPerform(iterations: prepared.count) { index in
                do {
                    var signed = try sign(prepared[index], credentialStatus: nil)
                    signed.warnings.append(Self.unrevocableWarning)
                    made.set(signed)
                } catch { failures.set(error) }
            }
            if let error = failures.first { throw error }
        }
        return try prepared.map { item in
            guard let issued = made.get(item.id) else { throw IssuerError(.registry, "the store did not sign \(item.id)") }
            return issued
        }
    }

    /// The achievements looked up during one call, each read once, from several threads.
    private final class AchievementMemo: @unchecked Sendable {
        private let lock = NSLock()
        private var found: [String: Result<AchievementLanguages, any Error>] = [:]
        private let lookUp: @Sendable (String) throws -> AchievementLanguages
        init(_ lookUp: @escaping @Sendable (String) throws -> AchievementLanguages) { self.lookUp = lookUp }
        func languages(_ id: String) throws -> AchievementLanguages {
            if let known = lock.withLock({ found[id] }) { return try known.get() }
            let result = Result { try lookUp(id) }
            lock.withLock { found[id] = result }
            return try result.get()
        }
    }

    /// The JSON of what every credential of one call shares — the issuer's profile, each
    /// achievement version — encoded once, not once per learner, from several threads.
    final class SharedJSON: @unchecked Sendable {
        private let lock = NSLock()
        private let issuer: Profile
        private var issuerJSON: JSONValue?
        private var achievements: [String: (achievement: Achievement, json: JSONValue)] = [:]

        init(issuer: Profile) { self.issuer = issuer }

        func issuerValue() throws -> JSONValue {
            if let known = lock.withLock({ issuerJSON }) { return known }
            let json = try JSONValueEncoder().encode(issuer)
            lock.withLock { issuerJSON = json }
            return json
        }

        /// The achievement's JSON, remembered by its id (each language version has its own).
        func value(of achievement: Achievement) throws -> JSONValue {
            if let known = lock.withLock({ achievements[achievement.id] }), known.achievement == achievement { return known.json }
            let json = try JSONValueEncoder().encode(achievement)
            lock.withLock { achievements[achievement.id] = (achievement, json) }
            return json
        }
    }

    /// One result per index, filled from several threads.
    private final class ResultSlots: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result<PreparedCredential, any Error>?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ result: Result<PreparedCredential, any Error>) { lock.withLock { slots[index] = result } }
        var all: [Result<PreparedCredential, any Error>] {
            lock.withLock { slots.map { $0 ?? .failure(IssuerError(.invalidRequest, "the request was not prepared")) } }
        }
    }

    private final class IssuedByIDFailures: @unchecked Sendable {
        private let lock = NSLock()
        private var error: (any Error)?
        func set(_ error: any Error) { lock.withLock { if self.error == nil { self.error = error } } }
        var first: (any Error)? { lock.withLock { error } }
    }

    /// The signer for a request: of the asked key type, else the default if it can make the
    /// format, else the first that can.
    func signer(for format: ProofFormat, algorithm: KeyAlgorithm?) throws -> CredentialSigner {
        // A did:key issuer is its own key: a signer with another key would sign what no verifier
        // accepts as the issuer's. (An https or did:web issuer's documents are the caller's to
        // check, as Workspace/signer(for:algorithm:passphrase:allowDemoKey:) does.)
        if issuer.id.hasPrefix("did:key:"), let stranger = signers.first(where: { $0.key.publicKey.didKey != issuer.id }) {
            throw IssuerError(.keyNotIssuers,
                "the issuer is \(issuer.id), a did:key, but a signer's key is \(stranger.key.publicKey.didKey): what it signed would not be the issuer's")
        }
        let candidates = signers.filter { $0.canSign(format) && (algorithm == nil || $0.key.algorithm == algorithm) }
        guard let signer = candidates.first else {
            let have = signers.map(\.key.algorithm.rawValue).joined(separator: ", ")
            throw IssuerError(.noSuitableKey, "no signer can make \(format.rawValue)\(algorithm.map { " with a \($0.rawValue) key" } ?? ""); the issuer's keys are \(have)",
                              parameters: ["keyType": format.keyAlgorithms.contains(.ed25519) ? "ed25519" : "p256",
                                           "didKeyIssuer": issuer.id.hasPrefix("did:key:") ? "true" : "false"])
        }
        return signer
    }

    func prepare(_ request: IssueRequest, now: Date) throws -> PreparedCredential {
        try prepare(request, now: now, achievement: languages(of:))
    }

    /// - Parameter shared: the issuer's and achievements' JSON, encoded once for many requests.
    func prepare(_ request: IssueRequest, now: Date, achievement lookUp: (String) throws -> AchievementLanguages,
                 shared: SharedJSON? = nil) throws -> PreparedCredential {
        let (name, email) = try Self.validate(request)
        // The version in the learner's language; the credential's own name and description follow it.
        let version = try lookUp(request.achievementID).version(for: request.locale)
        let achievement = version.achievement
        let validFrom = Self.wholeSeconds(request.validFrom ?? now)
        let validUntil = request.validUntil.map(Self.wholeSeconds)
        if let validUntil, validUntil <= validFrom {
            throw IssuerError(.invalidRequest, "the expiry date \(XSDDateTime.string(from: validUntil)) is not after the issue date \(XSDDateTime.string(from: validFrom))")
        }
        guard let defaultSigner = signers.first else { throw IssuerError(.noSuitableKey, "the issuing service has no signer") }
        let format = request.proof ?? defaultSigner.format
        let signer = try signer(for: format, algorithm: request.keyAlgorithm)

        let id = request.credentialID ?? ("urn:uuid:" + Self.randomUUID())
        // With shared JSON, small stand-ins are encoded in the issuer's and achievement's places
        // and their JSON, encoded once, put there after.
        var subject = AchievementSubject(
            identifier: [
                IdentityObject.hashedEmail(email, salt: Hex.encode(SecureRandom.bytes(16))),
                IdentityObject(hashed: false, identityHash: name, identityType: "name", salt: nil),
            ],
            achievement: shared == nil ? achievement : Self.standInAchievement, narrative: request.narrative)
        if let value = request.result {
            subject.result = [AchievementResult(resultDescription: achievement.resultDescription?.first?.id, value: value)]
        }
        var evidence: [Evidence]?
        if request.evidenceURL != nil || request.evidenceNarrative != nil {
            evidence = [Evidence(id: request.evidenceURL, narrative: request.evidenceNarrative)]
        }
        var credential = OpenBadgeCredential(
            id: id, issuer: shared == nil ? issuer : Self.standInIssuer, validFrom: validFrom, validUntil: validUntil, name: achievement.name,
            description: achievement.description, credentialSubject: subject, evidence: evidence)
        credential.awardedDate = Self.wholeSeconds(now)
        guard case .object(var document) = try credential.json() else {
            throw IssuerError(.invalidRequest, "the credential could not be encoded")
        }
        if let shared {
            document["issuer"] = try shared.issuerValue()
            guard case .object(var encodedSubject) = document["credentialSubject"] else {
                throw IssuerError(.invalidRequest, "the credential's subject could not be encoded")
            }
            encodedSubject["achievement"] = try shared.value(of: achievement)
            document["credentialSubject"] = .object(encodedSubject)
        }
        let record = IssuanceRecord(credentialID: id, achievementID: request.achievementID,
                                    recipientIdentifier: Self.recipientIdentifier(email: email, issuerID: issuer.id),
                                    validFrom: validFrom, validUntil: validUntil, requestDigest: request.digest)
        let fileName = Self.fileName(achievementID: request.achievementID, recipientName: name, credentialID: id, format: format)
        return PreparedCredential(id: id, format: format, signer: signer, document: document, record: record,
                                  created: Self.wholeSeconds(now), fileName: fileName,
                                  warnings: version.fallbackWarning.map { [$0] } ?? [])
    }

    static let standInIssuer = Profile(id: "urn:laurel:stand-in", name: "")
    static let standInAchievement = Achievement(id: "urn:laurel:stand-in", name: "", description: "", criteria: Criteria(narrative: ""))

    /// The checks every request gets before anything is built: a name, an e-mail address, a well-formed
    /// language tag, an expiry after the start. Returns the trimmed name and the normalised address.
    ///
    /// - Throws: ``IssuerError`` `.invalidRequest` naming the problem.
    public static func validate(_ request: IssueRequest) throws -> (name: String, email: String) {
        let name = request.recipientName.trimmingWhitespace()
        guard !name.isEmpty else { throw IssuerError(.invalidRequest, "the recipient name is empty") }
        let email = IdentityObject.normalizedEmail(request.recipientEmail)
        guard Self.isPlausibleEmail(email) else {
            throw IssuerError(.invalidRequest, "\"\(request.recipientEmail)\" is not an e-mail address")
        }
        if let locale = request.locale, !LanguageTag.isWellFormed(locale) {
            throw IssuerError(.invalidRequest, "\"\(locale)\" is not a language tag (en, es, pt-BR …)")
        }
        if let from = request.validFrom, let until = request.validUntil, until <= from {
            throw IssuerError(.invalidRequest, "the expiry date \(XSDDateTime.string(from: until)) is not after the issue date \(XSDDateTime.string(from: from))")
        }
        return (name, email)
    }

    /// Adds the status entries, checks the credential against the OB 3.0 schema, signs it and
    /// checks the signature.
    func sign(_ prepared: PreparedCredential, credentialStatus: JSONValue?) throws -> IssuedCredential {
        var document = prepared.document
        if let credentialStatus { document["credentialStatus"] = credentialStatus }
        // Self-check before signing: what Laurel issues always matches its published schema.
        let violations = try SchemaSelfCheck.shared.get().violations(in: document)
        guard violations.isEmpty else {
            throw IssuerError(.invalidRequest, "the credential would not match the OB 3.0 schema: \(violations.prefix(3).map(\.description).joined(separator: "; "))")
        }
        let (contents, credential) = try prepared.signer.sign(document, format: prepared.format, created: prepared.created)
        return IssuedCredential(id: prepared.id, format: prepared.format, contents: contents, credential: credential,
                                suggestedFileName: prepared.fileName, warnings: prepared.warnings)
    }

    /// The warning every credential issued without a store carries.
    public static let unrevocableWarning =
        "this credential carries no status entries, so it can never be revoked or suspended; issue with a credential store so that credentials issued later can be revoked"

    /// How the store names a learner: a hash of the issuer and the normalised e-mail, stable
    /// across runs (so re-runs can be recognised) and not the address itself.
    static func recipientIdentifier(email: String, issuerID: String) -> String {
        "sha256:" + Hex.encode(Digest.sha256.hash(issuerID + "\n" + IdentityObject.normalizedEmail(email)))
    }

    static func isPlausibleEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !email.contains(where: { $0.isWhitespace })
    }

    /// The id a batch gives a credential: a UUID (RFC 9562 version 8) made from SHA-256 of the
    /// issuer, the achievement, the recipient's normalised e-mail and the run label — the same
    /// row always gets the same id, so a re-run finds what it issued before.
    public static func credentialID(issuerID: String, achievementID: String, email: String, runLabel: String) -> String {
        var bytes = Array(Digest.sha256.hash(["laurel-batch-credential", issuerID, achievementID,
                                              IdentityObject.normalizedEmail(email), runLabel].joined(separator: "\n")).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return "urn:uuid:" + uuidString(bytes)
    }

    static func uuidString(_ bytes: [UInt8]) -> String {
        let h = Array(Hex.encode(bytes))
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
    }

    static func randomUUID() -> String {
        var bytes = SecureRandom.bytes(16)
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return uuidString(bytes)
    }

    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// A credential's file name: `<achievement>-<recipient>-<first 8 of its id>.<json|jwt>`.
    public static func fileName(achievementID: String, recipientName: String, credentialID: String, format: ProofFormat) -> String {
        "\(achievementID)-\(fileNameSlug(recipientName))-\(credentialID.dropFirst("urn:uuid:".count).prefix(8)).\(format.fileExtension)"
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
