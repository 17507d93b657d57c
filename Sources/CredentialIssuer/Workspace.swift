import CredentialKit
import Foundation

/// A Laurel workspace: a directory holding `laurel.json`, the issuer's keys (`keys/`, mode
/// 0600), its profile (`issuer.json`), the achievement catalog (`achievements/`) and the
/// credentials it issued (`credentials/`).
public struct Workspace: Sendable {
    public let directory: URL
    public private(set) var config: WorkspaceConfig

    public static let configFileName = "laurel.json"

    /// Opens the workspace at `directory`.
    ///
    /// - Throws: ``IssuerError`` with ``IssuerError/Code/notAWorkspace`` when there is no
    ///   `laurel.json`, or ``IssuerError/Code/invalidWorkspace`` naming what is wrong in it.
    public static func open(_ directory: URL) throws -> Workspace {
        let configURL = directory.appendingPathComponent(configFileName)
        guard FileManager.default.fileExists(atPath: configURL.path) else {
            throw IssuerError(.notAWorkspace,
                "\(directory.path) is not a Laurel workspace (no \(configFileName)); create one with `laurel init \(directory.path) --issuer-name NAME`")
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
        guard !config.keys.isEmpty else {
            throw IssuerError(.invalidWorkspace, "\(configURL.path) lists no signing keys")
        }
        return Workspace(directory: directory, config: config)
    }

    /// Creates a workspace at `directory` (which must be empty or absent) with a new key.
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
        try prepareEmptyDirectory(directory)

        let publicKey = key.publicKey
        let id = issuerID ?? publicKey.didKey
        let entry = WorkspaceConfig.KeyEntry(
            file: "keys/issuer-\(key.algorithm.rawValue).pem",
            algorithm: key.algorithm,
            verificationMethod: verificationMethod(issuerID: id, key: publicKey),
            publicKeyMultibase: publicKey.multikey,
            encrypted: passphrase != nil)
        let statusBase = statusBaseURL ?? Self.defaultStatusBaseURL(issuerID: id, issuerURL: issuerURL)
        if let statusBase { try validateStatusBaseURL(statusBase) }
        let config = WorkspaceConfig(
            issuer: .init(id: id, name: name, url: issuerURL),
            keys: [entry],
            defaultProof: .preferred(for: key.algorithm),
            statusBaseURL: statusBase,
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
        try workspace.save(config)
        return workspace
    }

    /// Adds another signing key (for another proof family) to the workspace.
    ///
    /// - Throws: when the issuer id is a `did:key`: such an issuer has exactly one key.
    public mutating func addKey(_ key: PrivateKey, passphrase: String? = nil) throws -> WorkspaceConfig.KeyEntry {
        guard !config.issuer.id.hasPrefix("did:key:") else {
            throw IssuerError(.invalidRequest,
                "this workspace's issuer is \(config.issuer.id), a did:key, which can hold only its own key; create a workspace with --issuer-id https://… to use several keys")
        }
        var file = "keys/issuer-\(key.algorithm.rawValue).pem"
        var n = 2
        while config.keys.contains(where: { $0.file == file }) {
            file = "keys/issuer-\(key.algorithm.rawValue)-\(n).pem"
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

    /// `<issuer URL>/status/`, or `<https issuer id>/status/`; nil for a DID issuer without a URL.
    static func defaultStatusBaseURL(issuerID: String, issuerURL: String?) -> String? {
        let base = issuerURL ?? (issuerID.hasPrefix("https://") ? issuerID : nil)
        guard let base else { return nil }
        return (base.hasSuffix("/") ? base : base + "/") + "status/"
    }

    static func validateStatusBaseURL(_ url: String) throws {
        guard url.hasPrefix("https://") || url.hasPrefix("http://"), !url.contains("?"), !url.contains("#"),
              !url.contains(where: \.isWhitespace) else {
            throw IssuerError(.invalidRequest, "the status list URL \"\(url)\" must be an https URL without a query or fragment, e.g. https://example.edu/status/")
        }
    }

    /// The registry of issued credentials and status lists (`registry.sqlite`), or nil when the
    /// workspace publishes no status lists.
    public func openRegistry() throws -> Registry? {
        guard let statusBaseURL = config.statusBaseURL else { return nil }
        return try Registry(directory: directory, issuerID: config.issuer.id, statusBaseURL: statusBaseURL)
    }

    /// The registry, or an error saying how to get status lists.
    public func requireRegistry() throws -> Registry {
        guard let registry = try openRegistry() else {
            throw IssuerError(.invalidWorkspace,
                "this workspace publishes no status lists (laurel.json has no statusBaseURL), so its credentials cannot be revoked or suspended; create workspaces with --issuer-url or --status-base-url")
        }
        return registry
    }

    /// Where `laurel` publishes status lists by default: `status/` in the workspace.
    public var statusDirectory: URL { directory.appendingPathComponent("status") }

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
        guard case .object(var profile) = try JSONValueEncoder().encode(issuerProfile) else {
            throw IssuerError(.invalidWorkspace, "the issuer profile could not be encoded")
        }
        profile["@context"] = .array([.string(JSONLDContexts.credentialsV2), .string(JSONLDContexts.openBadgesV3p0_3)])
        let methods: [JSONValue] = config.keys.map { key in
            ["id": .string(key.verificationMethod), "type": "Multikey",
             "controller": .string(config.issuer.id), "publicKeyMultibase": .string(key.publicKeyMultibase)]
        }
        profile["verificationMethod"] = .array(methods)
        profile["assertionMethod"] = .array(config.keys.map { .string($0.verificationMethod) })
        return .object(JSONObject([("@context", profile["@context"]!)] + profile.filter { $0.key != "@context" }.map { ($0.key, $0.value) }))
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

    /// The key entry that can make `format`, or an error saying how to get one.
    public func keyEntry(for format: ProofFormat) throws -> WorkspaceConfig.KeyEntry {
        guard let entry = config.keys.first(where: { format.keyAlgorithms.contains($0.algorithm) }) else {
            let needed = format.keyAlgorithms.map(\.rawValue).sorted().joined(separator: " or ")
            throw IssuerError(.noSuitableKey,
                "\(format.rawValue) needs a \(needed) key and this workspace has \(config.keys.map(\.algorithm.rawValue).joined(separator: ", ")); add one with `laurel keys generate --type \(format.keyAlgorithms.contains(.ed25519) ? "ed25519" : "p256") -w \(directory.path)`")
        }
        return entry
    }

    // MARK: Achievements

    var achievementsDirectory: URL { directory.appendingPathComponent("achievements") }

    /// The catalog ids (file names without `.json`) of the workspace's achievements, sorted.
    public func achievementIDs() throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: achievementsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Reads the achievement `catalogID` from `achievements/<catalogID>.json`.
    public func achievement(_ catalogID: String) throws -> Achievement {
        guard catalogID.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]*$"#, options: .regularExpression) != nil else {
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
        config = newConfig
        let json = try JSONValueEncoder().encode(newConfig)
        try AtomicFile.write(json.serializedBytes(pretty: true) + [0x0a],
                             to: directory.appendingPathComponent(Self.configFileName), overwrite: true)
        try AtomicFile.write(try issuerDocument().serializedBytes(pretty: true) + [0x0a],
                             to: directory.appendingPathComponent("issuer.json"), overwrite: true)
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

    private static func prepareEmptyDirectory(_ directory: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw IssuerError(.fileSystem, "\(directory.path) is a file, not a directory") }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            guard contents.isEmpty else {
                throw IssuerError(.fileSystem, "\(directory.path) is not empty; a workspace is created in a new or empty directory")
            }
        } else {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw IssuerError(.fileSystem, "cannot create \(directory.path): \(error.localizedDescription)")
            }
        }
    }

    static func validateIssuerID(_ id: String) throws {
        guard id.hasPrefix("https://") || id.hasPrefix("http://") || id.hasPrefix("did:"),
              !id.contains(" "), !id.contains("#") else {
            throw IssuerError(.invalidRequest, "the issuer id \"\(id)\" must be an https URL or a DID, without a fragment")
        }
    }

    /// The verification method URL for a key: the did:key's own method, or `<issuer id>#<multikey>`.
    static func verificationMethod(issuerID: String, key: PublicKey) -> String {
        if issuerID == key.didKey { return key.didKeyVerificationMethod }
        return issuerID + "#" + key.multikey
    }
}
