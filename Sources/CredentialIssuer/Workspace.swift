import CredentialKit
import CredentialVerifier
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A Laurel workspace: a directory holding `laurel.json`, the issuer's keys (`keys/`, mode
/// 0600), its profile (`issuer.json`), the achievement catalog (`achievements/`), the
/// achievements' badge images (`badges/`) and the credentials it issued (`credentials/`).
///
/// A workspace can issue for several issuers (``WorkspaceConfig/partnerIssuers``): a `Workspace`
/// value speaks for one of them — ``forIssuer(_:)`` selects it — and its ``config`` is that
/// issuer's, so signing, status lists and the catalog are always that issuer's own.
public struct Workspace: Sendable {
    public let directory: URL
    /// The configuration of the issuer this value speaks for: `laurel.json` itself for the first
    /// issuer; for a partner, its entry there in the same shape.
    public private(set) var config: WorkspaceConfig
    /// The handle of the partner issuer this value speaks for; nil for the workspace's first issuer.
    public internal(set) var partnerHandle: String? = nil

    /// The handle that selects the workspace's first issuer.
    public static let firstIssuerHandle = "main"

    public static let configFileName = "laurel.json"

    /// Opens the workspace at `directory`.
    ///
    /// - Throws: ``IssuerError`` with ``IssuerError/Code/notAWorkspace`` when there is no
    ///   `laurel.json`, or ``IssuerError/Code/invalidWorkspace`` naming what is wrong in it.
    public static func open(_ directory: URL) throws -> Workspace {
        let configURL = directory.appendingPathComponent(configFileName)
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw IssuerError(.notAWorkspace,
                "\(directory.path) is not a Laurel workspace (it has no \(configFileName))")
        }
        let config: WorkspaceConfig
        do {
            let json = try JSONParser.parse(try readFile(configURL, limit: 1 << 20))
            config = try JSONValueDecoder().decode(WorkspaceConfig.self, from: json)
        } catch let error as IssuerError {
            throw error
        } catch {
            throw IssuerError(.invalidWorkspace, "\(configURL.path): \(error)")
        }
        guard config.version == 1 else {
            throw IssuerError(.invalidWorkspace,
                "\(configURL.path) is format version \(config.version), which this Laurel does not know (it reads version 1); use the Laurel that made it")
        }
        guard !config.keys.isEmpty else {
            throw IssuerError(.invalidWorkspace, "\(configURL.path) lists no signing keys")
        }
        try checkDistinctIssuers(config, file: configURL.path)
        if let destinations = config.statusDestinations {
            guard !destinations.isEmpty else {
                throw IssuerError(.invalidWorkspace,
                    "\(configURL.path): statusDestinations is empty, so revocations would be published nowhere; remove the member to publish into status/, or list at least one directory")
            }
            guard destinations.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw IssuerError(.invalidWorkspace, "\(configURL.path): statusDestinations holds an empty path")
            }
            let workspace = Workspace(directory: directory, config: config)
            for destination in workspace.statusDestinations {
                do {
                    try workspace.checkSafeDestination(destination)
                } catch let error as IssuerError {
                    throw IssuerError(.invalidWorkspace, "\(configURL.path): statusDestinations: \(error.reason)")
                }
            }
        }
        return Workspace(directory: directory, config: config)
    }

    /// Creates a workspace at `directory` (which must be empty or absent) with a new key.
    ///
    /// All or nothing: the workspace is built in a temporary directory beside `directory` and
    /// renamed into place, so a failure or a kill part-way leaves no half-made workspace (and the
    /// temporary directory a killed run left is removed by the next one).
    ///
    /// - Parameters:
    ///   - issuerName: the issuer's display name (any script).
    ///   - issuerID: an https URL or DID for the issuer; nil makes the key's `did:key` the issuer id.
    ///   - key: the signing key; generate one with ``PrivateKey/generate(_:rsaBits:)``.
    ///   - passphrase: encrypts the key file when given.
    ///   - demo: marks a workspace made with a published demo key.
    ///   - statusBaseURL: where status lists will be published; nil derives `<issuer URL or https id>/status/`,
    ///     and a workspace with neither issues credentials that cannot be revoked.
    public static func create(at directory: URL, issuerName: String, issuerID: String? = nil, issuerURL: String? = nil,
                              statusBaseURL: String? = nil, key: PrivateKey, passphrase: String? = nil,
                              demo: Bool = false) throws -> Workspace {
        let name = issuerName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw IssuerError(.invalidRequest, "the issuer name is empty") }
        if let issuerID { try validateIssuerID(issuerID) }
        if let issuerURL { try validateWebURL(issuerURL, what: "issuer URL") }
        if let issuerID, issuerID.hasPrefix("did:key:"), issuerID != key.publicKey.didKey {
            throw IssuerError(.invalidRequest,
                "the issuer id \(issuerID) is a did:key of another key; a did:key issuer is its own key (\(key.publicKey.didKey)), so use that, an https URL or a did:web")
        }
        let directory = directory.standardizedFileURL
        let id = issuerID ?? key.publicKey.didKey
        let statusBase = statusBaseURL ?? Self.defaultStatusBaseURL(issuerID: id, issuerURL: issuerURL)
        if let statusBase { try validateStatusBaseURL(statusBase) }
        try checkEmptyOrAbsent(directory)

        let parent = directory.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw IssuerError(.fileSystem, "cannot create \(parent.path): \(error.localizedDescription)")
        }
        let stagingPrefix = ".\(directory.lastPathComponent).laurel-init"
        removeAbandonedStagingDirectories(in: parent)
        let staging = parent.appendingPathComponent("\(stagingPrefix).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw IssuerError(.fileSystem, "cannot create a workspace in \(parent.path): \(error.localizedDescription)")
        }
        do {
            try build(in: staging, issuer: .init(id: id, name: name, url: issuerURL), statusBaseURL: statusBase,
                      key: key, passphrase: passphrase, demo: demo)
            // rename() replaces an empty directory, and fails if another process filled it meanwhile.
            guard rename(staging.path, directory.path) == 0 else {
                let reason = errno == ENOTEMPTY || errno == EEXIST ? "it is no longer empty" : String(cString: strerror(errno))
                throw IssuerError(.fileSystem, "cannot create the workspace at \(directory.path): \(reason)")
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        syncDirectory(parent)
        return try open(directory)
    }

    /// Writes a complete workspace into the empty directory `directory`.
    private static func build(in directory: URL, issuer: WorkspaceConfig.IssuerSettings, statusBaseURL: String?,
                              key: PrivateKey, passphrase: String?, demo: Bool) throws {
        let publicKey = key.publicKey
        let entry = WorkspaceConfig.KeyEntry(
            file: "keys/issuer-\(key.algorithm.rawValue).pem",
            algorithm: key.algorithm,
            verificationMethod: verificationMethod(issuerID: issuer.id, key: publicKey),
            publicKeyMultibase: publicKey.multikey,
            encrypted: passphrase != nil)
        var config = WorkspaceConfig(
            issuer: issuer,
            keys: [entry],
            defaultProof: .preferred(for: key.algorithm),
            statusBaseURL: statusBaseURL,
            demo: demo ? true : nil)
        var workspace = Workspace(directory: directory, config: config)

        for sub in ["keys", "achievements", config.credentialsDirectory] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        _ = chmod(directory.appendingPathComponent("keys").path, 0o700)
        try AtomicFile.write(Array(try key.pkcs8PEM(passphrase: passphrase).utf8),
                             to: directory.appendingPathComponent(entry.file), permissions: 0o600)
        for achievement in AchievementCatalog.seed {
            try workspace.saveAchievement(achievement.achievement, catalogID: achievement.catalogID)
        }
        try workspace.saveTranslations(of: AchievementCatalog.seed)
        try writeBadges(of: AchievementCatalog.seed, into: workspace.badgesDirectory)
        if let statusBaseURL {
            config.registryID = try createRegistry(in: directory, issuerID: issuer.id, statusBaseURL: statusBaseURL)
        }
        try workspace.save(config)
    }

    /// Creates `registry.sqlite` in `directory` and returns the identity it was given.
    static func createRegistry(in directory: URL, issuerID: String, statusBaseURL: String) throws -> String {
        let registry = try Registry(directory: directory, issuerID: issuerID, statusBaseURL: statusBaseURL)
        return try registry.claimIdentity()
    }

    /// Adds another signing key (for another proof family) to the workspace.
    ///
    /// - Throws: when the issuer id is a `did:key`: such an issuer has exactly one key.
    public mutating func addKey(_ key: PrivateKey, passphrase: String? = nil) throws -> WorkspaceConfig.KeyEntry {
        guard !config.issuer.id.hasPrefix("did:key:") else {
            throw IssuerError(.invalidRequest,
                "this workspace's issuer is \(config.issuer.id), a did:key, which can hold only its own key; a workspace whose issuer is an https URL or a did:web can hold several")
        }
        var file = "\(keysFolder)/issuer-\(key.algorithm.rawValue).pem"
        var n = 2
        while config.keys.contains(where: { $0.file == file }) {
            file = "\(keysFolder)/issuer-\(key.algorithm.rawValue)-\(n).pem"
            n += 1
        }
        let entry = WorkspaceConfig.KeyEntry(
            file: file, algorithm: key.algorithm,
            verificationMethod: Self.verificationMethod(issuerID: config.issuer.id, key: key.publicKey),
            publicKeyMultibase: key.publicKey.multikey, encrypted: passphrase != nil)
        try AtomicFile.write(Array(try key.pkcs8PEM(passphrase: passphrase).utf8),
                             to: directory.appendingPathComponent(file), permissions: 0o600)
        var updated = config
        updated.keys.append(entry)
        try save(updated)
        return entry
    }

    /// Makes a new key current in place of the current key of type `algorithm` (by default the
    /// one the default proof signs with), and retires the old one as of `time`: it signs nothing
    /// more, and stays in `issuer.json` (a did:web's DID document) with that time as its
    /// `expires`, so credentials it signed before still verify, and any dated after do not.
    ///
    /// The new key is written like the old one (encrypted with `passphrase` when the old one was).
    /// `issuer.json` must then be published where verifiers fetch it before the new key's
    /// credentials can be verified.
    ///
    /// - Throws: ``IssuerError`` for a did:key issuer (its one key is its identity: a new key is
    ///   a new issuer), when there is no current key of that type, or when an encrypted key's
    ///   passphrase is missing.
    public mutating func rotateKey(algorithm: KeyAlgorithm? = nil, passphrase: String? = nil,
                                   at time: Date = Date()) throws -> (retired: WorkspaceConfig.KeyEntry, current: WorkspaceConfig.KeyEntry) {
        guard !config.issuer.id.hasPrefix("did:key:") else {
            throw IssuerError(.invalidRequest,
                "this issuer is \(config.issuer.id), a did:key: its one key is its identity, so a new key would be a new issuer. An issuer with an https id or a did:web can rotate its keys")
        }
        let wanted = try algorithm ?? keyEntry(for: config.defaultProof).algorithm
        guard let index = config.keys.firstIndex(where: { $0.isCurrent && $0.algorithm == wanted }) else {
            throw IssuerError(.noSuitableKey, "this issuer has no current \(wanted.rawValue) key to rotate; it has \(config.keys.filter(\.isCurrent).map(\.algorithm.rawValue).joined(separator: ", "))")
        }
        let old = config.keys[index]
        // A rotation killed part-way may have left its temporary files.
        _ = AtomicFile.removeAbandonedTemporaryFiles(in: issuerDocumentURL.deletingLastPathComponent())
        _ = AtomicFile.removeAbandonedTemporaryFiles(in: directory)
        if old.encrypted && passphrase == nil {
            throw IssuerError(.invalidRequest, "the key \(old.file) is encrypted, so its successor is too: a passphrase is needed")
        }
        // The old key is checked to be the one laurel.json names (and readable) before it is retired.
        let oldKey = try privateKey(old, passphrase: old.encrypted ? passphrase : nil)
        guard oldKey.publicKey.multikey == old.publicKeyMultibase else {
            throw IssuerError(.keyNotIssuers, "the key in \(old.file) is not the key laurel.json lists for it; nothing was changed")
        }
        let key = try PrivateKey.generate(wanted)
        var file = "\(keysFolder)/issuer-\(wanted.rawValue).pem"
        var n = 2
        while config.keys.contains(where: { $0.file == file }) || FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path) {
            file = "\(keysFolder)/issuer-\(wanted.rawValue)-\(n).pem"
            n += 1
        }
        let current = WorkspaceConfig.KeyEntry(
            file: file, algorithm: wanted,
            verificationMethod: Self.verificationMethod(issuerID: config.issuer.id, key: key.publicKey),
            publicKeyMultibase: key.publicKey.multikey, encrypted: old.encrypted)
        try AtomicFile.write(Array(try key.pkcs8PEM(passphrase: old.encrypted ? passphrase : nil).utf8),
                             to: directory.appendingPathComponent(file), permissions: 0o600)
        var updated = config
        // Proofs carry whole seconds: the next whole second is after every proof the old key made.
        updated.keys[index].retired = XSDDateTime.string(from: Date(timeIntervalSince1970: time.timeIntervalSince1970.rounded(.up)))
        // The new key takes the old one's place, so it is the one chosen for the same proofs.
        updated.keys.insert(current, at: index)
        try save(updated)
        return (updated.keys[index + 1], current)
    }

    /// `<issuer URL>/status/`, or `<https issuer id>/status/`; nil for a DID issuer without a URL.
    static func defaultStatusBaseURL(issuerID: String, issuerURL: String?) -> String? {
        let base = issuerURL ?? (issuerID.hasPrefix("https://") ? issuerID : nil)
        guard let base else { return nil }
        return (base.hasSuffix("/") ? base : base + "/") + "status/"
    }

    /// An https URL without a query, fragment, user name or dot segments (plain http only on
    /// this machine, for tests: verifiers fetch status lists over HTTPS only).
    static func validateStatusBaseURL(_ url: String) throws {
        let components = URLComponents(string: url)
        let host = components?.host ?? ""
        let loopback = ["localhost", "127.0.0.1", "[::1]", "::1"].contains(host)
        guard let components, components.scheme == "https" || (components.scheme == "http" && loopback), !host.isEmpty,
              components.query == nil, components.fragment == nil, components.user == nil, components.password == nil,
              !components.path.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }),
              !url.contains(where: \.isWhitespace) else {
            throw IssuerError(.invalidRequest, "the status list URL \"\(url)\" must be an https URL without a query, fragment, user name or dot segments, e.g. https://example.edu/status/")
        }
    }

    /// The registry of issued credentials and status lists (`registry.sqlite`), or nil when the
    /// workspace publishes no status lists.
    ///
    /// - Throws: ``IssuerError`` `.registryMissing` when the workspace has issued (its registry has
    ///   an identity in `laurel.json`, or credentials or published lists exist) but `registry.sqlite`
    ///   is missing, empty, or another workspace's: a new, empty registry would forget every
    ///   credential and revocation, so none is made.
    public func openRegistry() throws -> Registry? {
        try openRegistry(acceptingRollback: false)
    }

    func openRegistry(acceptingRollback: Bool) throws -> Registry? {
        guard let statusBaseURL = config.statusBaseURL else { return nil }
        let file = directory.appendingPathComponent(Registry.fileName)
        AtomicFile.removeAbandonedTemporaryFiles(in: directory)  // a killed restore's copy, say
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? nil
        let restore = "Restore it from your latest backup; a new, empty registry would forget every credential and revocation."
        if let expected = config.registryID {
            guard let size, size > 0 else {
                throw IssuerError(.registryMissing,
                    "the registry \(file.path) is \(size == nil ? "missing" : "empty"), but this workspace has one (laurel.json names registry \(expected)). \(restore)")
            }
            let registry = try Registry(file: file, issuerID: config.issuer.id, statusBaseURL: statusBaseURL,
                                        acceptingRollback: acceptingRollback)
            let found = try registry.workspaceRegistryID()
            guard found == expected else {
                throw IssuerError(.registryMissing,
                    "the registry \(file.path) is not this workspace's: \(found.map { "it is registry \($0)" } ?? "it was never given to a workspace (a new, empty file?)"), and laurel.json names registry \(expected). \(restore)")
            }
            return registry
        }
        // A workspace made before registries had identities, or one whose status lists were just enabled.
        let evidence = try issuanceEvidence()
        if (size ?? 0) == 0, let evidence {
            throw IssuerError(.registryMissing,
                "the registry \(file.path) is \(size == nil ? "missing" : "empty"), but this workspace has issued credentials (\(evidence)). \(restore)")
        }
        let registry = try Registry(directory: directory, issuerID: config.issuer.id, statusBaseURL: statusBaseURL)
        if try registry.workspaceRegistryID() == nil, try registry.credentialCount() == 0, let evidence {
            throw IssuerError(.registryMissing,
                "the registry \(file.path) holds no credentials, but this workspace has issued some (\(evidence)). \(restore)")
        }
        let issuers = try registry.issuerIDs()
        if !issuers.isEmpty, !issuers.contains(config.issuer.id) {
            throw IssuerError(.registryMissing,
                "the registry \(file.path) is not this workspace's: it holds the credentials of \(issuers.joined(separator: ", ")), not of \(config.issuer.id). \(restore)")
        }
        try recordRegistryID(try registry.claimIdentity())
        return registry
    }

    /// What shows that this workspace has issued credentials, in words; nil when nothing does.
    func issuanceEvidence() throws -> String? {
        let credentials = directory.appendingPathComponent(config.credentialsDirectory)
        let issued = ((try? FileManager.default.contentsOfDirectory(atPath: credentials.path)) ?? [])
            .filter { !$0.hasPrefix(".") }
        if !issued.isEmpty { return "\(issued.count) file\(issued.count == 1 ? "" : "s") in \(credentials.path)" }
        for destination in statusDestinations {
            let lists = ((try? FileManager.default.contentsOfDirectory(atPath: destination.path)) ?? [])
                .filter { ($0.hasPrefix("revocation-") || $0.hasPrefix("suspension-")) && $0.hasSuffix(".json") }
            if !lists.isEmpty { return "status lists published in \(destination.path)" }
        }
        return nil
    }

    /// The registry, or an error saying how to get status lists.
    public func requireRegistry() throws -> Registry {
        try requireRegistry(acceptingRollback: false)
    }

    func requireRegistry(acceptingRollback: Bool) throws -> Registry {
        guard let registry = try openRegistry(acceptingRollback: acceptingRollback) else {
            throw IssuerError(.noStatusLists,
                "this workspace publishes no status lists (laurel.json has no statusBaseURL), so its credentials cannot be revoked or suspended")
        }
        return registry
    }

    /// Where `laurel` publishes status lists by default, and where `laurel demo` reads them: the
    /// first of ``statusDestinations``.
    public var statusDirectory: URL { statusDestinations[0] }

    /// Who is acting, for the audit log: the login name, or "laurel".
    public static var actor: String {
        ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "laurel"
    }

    /// The issuer's profile as credentials embed it.
    public var issuerProfile: Profile {
        Profile(id: config.issuer.id, name: LocalizedText(config.issuer.name), url: config.issuer.url,
                email: config.issuer.email)
    }

    /// `issuer.json`: the issuer profile with its keys, to publish at the issuer id's URL so
    /// verifiers can find the keys and see that the issuer controls them.
    public func issuerDocument() throws -> JSONValue {
        guard case .object(let profile) = try JSONValueEncoder().encode(issuerProfile) else {
            throw IssuerError(.invalidWorkspace, "the issuer profile could not be encoded")
        }
        var document: JSONObject = ["@context": [.string(JSONLDContexts.credentialsV2), .string(JSONLDContexts.openBadgesV3p0_3)]]
        for (key, value) in profile { document[key] = value }
        // Retired keys stay listed, with the time they stopped being used as their `expires`
        // (Controlled Identifiers §2.2), so what they signed before still verifies.
        document["verificationMethod"] = .array(config.keys.map { key in
            var method: JSONObject = ["id": .string(key.verificationMethod), "type": "Multikey",
                                      "controller": .string(config.issuer.id), "publicKeyMultibase": .string(key.publicKeyMultibase)]
            if let retired = key.retired { method["expires"] = .string(retired) }
            return .object(method)
        })
        document["assertionMethod"] = .array(config.keys.map { .string($0.verificationMethod) })
        return .object(document)
    }

    /// The controller documents this workspace publishes, by the URL a verifier fetches them
    /// from: its `issuer.json` file (as it would be uploaded) at an https issuer id, or as the
    /// `did.json` of a did:web issuer. (A did:key issuer needs none.)
    ///
    /// - Throws: ``IssuerError`` when `issuer.json` is missing or is not JSON.
    public func keyDocuments() throws -> [String: JSONValue] {
        let id = config.issuer.id
        let url: String
        if id.hasPrefix("https://") || id.hasPrefix("http://") {
            url = id
        } else if id.hasPrefix("did:web:") {
            url = StandardKeyResolver.didWebDocumentURL(id)
        } else {
            return [:]
        }
        let file = issuerDocumentURL
        do {
            return [url: try JSONParser.parse(try Self.readFile(file, limit: 4 << 20))]
        } catch let error as IssuerError {
            throw IssuerError(.invalidWorkspace, "\(error.reason); it is the issuer document verifiers fetch from \(url)")
        } catch {
            throw IssuerError(.invalidWorkspace, "\(file.path) is not valid JSON (\(error)); it is the issuer document verifiers fetch from \(url)")
        }
    }

    /// The signer for `format` (with a key of type `algorithm` when one is asked for), its key
    /// loaded and checked: not a demo key (unless allowed), and the very key a verifier finds for
    /// its verification method — resolved the verifier's way, from the documents this workspace
    /// publishes — controlled by the issuer. A key file replaced by another key is refused here,
    /// before anything is signed.
    public func signer(for format: ProofFormat, algorithm: KeyAlgorithm? = nil, passphrase: String?,
                       allowDemoKey: Bool = false) throws -> CredentialSigner {
        let entry = try keyEntry(for: format, algorithm: algorithm)
        let key = try privateKey(entry, passphrase: passphrase)
        if !allowDemoKey, DemoKeys.isDemoKey(key.publicKey) {
            throw IssuerError(.demoKeyRefused,
                "the workspace key \(entry.file) is a published Laurel demo key, which anyone can sign with")
        }
        let issuer = config.issuer.id
        let resolved: ResolvedKey
        do {
            resolved = try StandardKeyResolver.resolve(entry.verificationMethod, documents: try keyDocuments())
        } catch {
            // laurel.json names a key its issuer.json does not list: a rotation stopped between the two files.
            let derived = try? issuerDocument()
            let listedInConfig = derived?["verificationMethod"]?.asArray.contains { $0["id"]?.stringValue == entry.verificationMethod } == true
            throw IssuerError(.keyNotIssuers,
                "verifiers could not find the key \(entry.verificationMethod) that \(entry.file) would sign with: \(error)"
                    + (listedInConfig ? "; laurel.json names it but issuer.json does not list it, as when a key rotation stops before it finishes: rotate the key again to finish (the key it made is kept as retired), or restore issuer.json and laurel.json from a backup" : ""))
        }
        guard resolved.key == key.publicKey else {
            throw IssuerError(.keyNotIssuers,
                "the key in \(entry.file) is not the key verifiers find for \(entry.verificationMethod); the key file, laurel.json or issuer.json may have been changed. Nothing was signed")
        }
        guard resolved.controller == issuer else {
            throw IssuerError(.keyNotIssuers,
                "verifiers find the key \(entry.verificationMethod) controlled by \(resolved.controller), not by the issuer \(issuer); nothing was signed")
        }
        return try CredentialSigner(key: key, verificationMethod: entry.verificationMethod, format: format)
    }

    /// The issuing service for this workspace, every key loaded and checked once: the default
    /// proof's signer first, then one for each other key. For a batch or a server.
    public func issuingService(passphrase: String? = nil, allowDemoKey: Bool = false,
                               actor: String = Workspace.actor) throws -> IssuingService {
        var signers = [try signer(for: config.defaultProof, passphrase: passphrase, allowDemoKey: allowDemoKey)]
        for entry in config.keys where entry.isCurrent && entry.algorithm != signers[0].key.algorithm {
            signers.append(try signer(for: ProofFormat.preferred(for: entry.algorithm), algorithm: entry.algorithm,
                                      passphrase: passphrase, allowDemoKey: allowDemoKey))
        }
        return issuingService(signers: signers, store: try openRegistry(), actor: actor)
    }

    /// The issuing service with the given signers and store, and this workspace's profile and catalog.
    func issuingService(signers: [CredentialSigner], store: (any CredentialStore)?, actor: String) -> IssuingService {
        let workspace = self
        return IssuingService(issuer: issuerProfile, signers: signers, store: store, actor: actor,
                              translations: { try workspace.translations(of: $0) }) { id in
            try workspace.achievement(id)
        }
    }

    /// Loads the private key for `entry`.
    public func privateKey(_ entry: WorkspaceConfig.KeyEntry, passphrase: String?) throws -> PrivateKey {
        let url = directory.appendingPathComponent(entry.file)
        let pem = String(decoding: try Self.readFile(url, limit: 1 << 20), as: UTF8.self)
        do {
            return try PrivateKey(pem: pem, passphrase: passphrase)
        } catch let error as CredentialKitError {
            throw IssuerError(.invalidWorkspace, "\(url.path): \(error.reason)")
        }
    }

    /// The key entry that can make `format` (of type `algorithm` when one is asked for: a
    /// workspace with several keys signs JWTs with any of them), or an error saying how to get one.
    public func keyEntry(for format: ProofFormat, algorithm: KeyAlgorithm? = nil) throws -> WorkspaceConfig.KeyEntry {
        if let algorithm {
            guard format.keyAlgorithms.contains(algorithm) else {
                throw IssuerError(.noSuitableKey, "\(format.rawValue) cannot be signed with a \(algorithm.rawValue) key; it needs \(format.keyAlgorithms.map(\.rawValue).sorted().joined(separator: " or "))")
            }
            guard let entry = config.keys.first(where: { $0.isCurrent && $0.algorithm == algorithm }) else {
                throw IssuerError(.noSuitableKey, "this workspace has no \(algorithm.rawValue) key; it has \(config.keys.map(\.algorithm.rawValue).joined(separator: ", "))")
            }
            return entry
        }
        guard let entry = config.keys.first(where: { $0.isCurrent && format.keyAlgorithms.contains($0.algorithm) }) else {
            let needed = format.keyAlgorithms.map(\.rawValue).sorted()
            let didKey = config.issuer.id.hasPrefix("did:key:")
            throw IssuerError(.noSuitableKey,
                "\(format.rawValue) needs a \(needed.joined(separator: " or ")) key and this workspace has \(config.keys.map(\.algorithm.rawValue).joined(separator: ", "))"
                    + (didKey ? "; its issuer is a did:key, which holds only its own key" : ""),
                parameters: ["keyType": format.keyAlgorithms.contains(.ed25519) ? "ed25519" : "p256", "didKeyIssuer": didKey ? "true" : "false"])
        }
        return entry
    }

    // MARK: Achievements

    var achievementsDirectory: URL { issuerDirectory.appendingPathComponent("achievements") }

    /// The catalog ids (file names without `.json`) of the workspace's achievements, sorted.
    public func achievementIDs() throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: achievementsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Reads the achievement `catalogID` from `achievements/<catalogID>.json`.
    public func achievement(_ catalogID: String) throws -> Achievement {
        guard Self.isCatalogID(catalogID) else {
            throw IssuerError(.unknownAchievement, "\"\(catalogID)\" is not an achievement id (letters, digits, '.', '_' and '-')")
        }
        let url = achievementsDirectory.appendingPathComponent(catalogID + ".json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = (try? achievementIDs())?.joined(separator: ", ") ?? ""
            throw IssuerError(.unknownAchievement, "no achievement \"\(catalogID)\" in \(achievementsDirectory.path); known: \(known)")
        }
        do {
            return try JSONValueDecoder().decode(Achievement.self, from: try JSONParser.parse(try Self.readFile(url, limit: 4 << 20)))
        } catch {
            throw IssuerError(.invalidWorkspace, "\(url.path): \(error)")
        }
    }

    /// Writes an achievement to the catalog.
    public func saveAchievement(_ achievement: Achievement, catalogID: String) throws {
        let json = try JSONValueEncoder().encode(achievement)
        try AtomicFile.write(json.serializedBytes(pretty: true) + [0x0a],
                             to: achievementsDirectory.appendingPathComponent(catalogID + ".json"), overwrite: true)
    }

    // MARK: Files

    mutating func save(_ newConfig: WorkspaceConfig) throws {
        if let partnerHandle {
            // A partner's settings are its entry in the workspace's laurel.json.
            var root = try Self.open(directory).config
            guard let index = root.partnerIssuers?.firstIndex(where: { $0.handle == partnerHandle }) else {
                throw IssuerError(.invalidWorkspace, "laurel.json no longer lists the issuer \(partnerHandle)")
            }
            root.partnerIssuers?[index] = WorkspaceConfig.PartnerIssuer(
                handle: partnerHandle, issuer: newConfig.issuer, keys: newConfig.keys,
                defaultProof: newConfig.defaultProof, statusBaseURL: newConfig.statusBaseURL)
            if root.registryID == nil { root.registryID = newConfig.registryID }
            try Self.writeConfig(root, in: directory)
        } else {
            try Self.writeConfig(newConfig, in: directory)
        }
        config = newConfig
        try AtomicFile.write(try issuerDocument().serializedBytes(pretty: true) + [0x0a],
                             to: issuerDocumentURL, overwrite: true)
    }

    /// Records the registry's identity in `laurel.json` (the workspace's, for a partner too).
    func recordRegistryID(_ id: String) throws {
        var root = partnerHandle == nil ? config : try Self.open(directory).config
        root.registryID = id
        try Self.writeConfig(root, in: directory)
    }

    static func writeConfig(_ config: WorkspaceConfig, in directory: URL) throws {
        let json = try JSONValueEncoder().encode(config)
        try AtomicFile.write(json.serializedBytes(pretty: true) + [0x0a],
                             to: directory.appendingPathComponent(configFileName), overwrite: true)
    }

    /// Reads a file with a size limit, with errors that name the path.
    static func readFile(_ url: URL, limit: Int) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw IssuerError(.fileSystem, "\(url.path) does not exist")
        }
        guard !isDirectory.boolValue else { throw IssuerError(.fileSystem, "\(url.path) is a directory, not a file") }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= limit else { throw IssuerError(.fileSystem, "\(url.path) is \(size) bytes, more than the \(limit) allowed") }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw IssuerError(.fileSystem, "\(url.path) cannot be read")
        }
        return Array(data)
    }

    private static func checkEmptyOrAbsent(_ directory: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw IssuerError(.fileSystem, "\(directory.path) is a file, not a directory") }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        guard contents.isEmpty else {
            throw IssuerError(.fileSystem, "\(directory.path) is not empty; a workspace is created in a new or empty directory")
        }
    }

    /// Removes the staging directories of `create` runs in `parent` that were killed (their process
    /// is gone), whatever workspace they were making: they hold a private key.
    private static func removeAbandonedStagingDirectories(in parent: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(".") {
            guard let marker = name.range(of: ".laurel-init.tmp-", options: .backwards) else { continue }
            let parts = name[marker.upperBound...].split(separator: "-")
            guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0 else { continue }
            if pid == getpid() || kill(pid, 0) == 0 || errno == EPERM { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }

    static func syncDirectory(_ directory: URL) {
        let fd = Glibc.open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// An issuer id is signed into every credential: an https URL (plain http only on this machine,
    /// for tests) or a DID with a method and an identifier — no spaces, fragment, query or user name.
    static func validateIssuerID(_ id: String) throws {
        if id.hasPrefix("did:") {
            let parts = id.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber) }),
                  !parts[2].isEmpty, !id.contains(where: { $0.isWhitespace || $0.isNewline }), !id.contains("#"), !id.contains("?") else {
                throw IssuerError(.invalidRequest, "the issuer id \"\(id)\" is not a DID (did:<method>:<identifier>, e.g. did:web:example.edu)")
            }
            guard parts[1] == "web" || parts[1] == "key" else {
                throw IssuerError(.invalidRequest,
                    "the issuer id \"\(id)\" uses did:\(parts[1]), which verifiers cannot resolve to its keys; use did:web, the key's own did:key or an https URL")
            }
            if parts[1] == "web", !StandardKeyResolver.isValidDidWeb(id) {
                throw IssuerError(.invalidRequest,
                    "the issuer id \"\(id)\" is not a did:web verifiers can resolve: its host must be a domain name (with %3A only before a port) and its path plain segments")
            }
            return
        }
        do {
            try validateWebURL(id, what: "issuer id")
        } catch {
            throw IssuerError(.invalidRequest, "the issuer id \"\(id)\" must be an https URL or a DID: \((error as? IssuerError)?.reason ?? "")")
        }
    }

    /// An https URL with a host and no user name, password, fragment or whitespace (plain http only
    /// on this machine, for tests: verifiers fetch over HTTPS).
    static func validateWebURL(_ url: String, what: String) throws {
        let components = URLComponents(string: url)
        let host = components?.host ?? ""
        let loopback = ["localhost", "127.0.0.1", "[::1]", "::1"].contains(host)
        guard let components, let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            throw IssuerError(.invalidRequest, "the \(what) \"\(url)\" is not an https URL")
        }
        guard scheme == "https" || loopback else {
            throw IssuerError(.invalidRequest, "the \(what) \"\(url)\" is plain http, which verifiers do not fetch; use https (http is allowed only for localhost, for tests)")
        }
        guard !host.isEmpty, components.user == nil, components.password == nil, components.fragment == nil,
              components.port.map({ (1...65_535).contains($0) })
                ?? !url.dropFirst(scheme.count + 3).prefix(while: { $0 != "/" && $0 != "?" }).hasSuffix(":"),
              !url.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw IssuerError(.invalidRequest, "the \(what) \"\(url)\" must have a host, a port (if any) from 1 to 65535, and no spaces, user name, password or fragment")
        }
    }

    /// The verification method URL for a key: the did:key's own method, or `<issuer id>#<multikey>`
    /// — for an RSA key, whose Multikey runs to hundreds of characters (too long for a JWT
    /// header's kid), `<issuer id>#<RFC 7638 JWK thumbprint>`.
    static func verificationMethod(issuerID: String, key: PublicKey) -> String {
        if issuerID == key.didKey { return key.didKeyVerificationMethod }
        if key.algorithm == .rsa, let canonical = try? key.jwk.canonicalBytes() {
            return issuerID + "#" + Base64URL.encode(Digest.sha256.hash(canonical))
        }
        return issuerID + "#" + key.multikey
    }
}
