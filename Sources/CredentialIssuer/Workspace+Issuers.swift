import CredentialKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The issuers of one workspace: its first issuer and the partners it issues for, each with its
/// own profile, keys, catalog and status lists.
extension Workspace {
    /// One issuer of the workspace, as `laurel issuer list` shows it.
    public struct IssuerSummary: Sendable, Hashable {
        /// What `--issuer` selects it by.
        public var handle: String
        public var id: String
        public var name: String
        public var url: String?
        public var keyAlgorithms: [KeyAlgorithm]
        public var statusBaseURL: String?
        /// Whether it is the workspace's first issuer (the default).
        public var isFirst: Bool
    }

    /// Every issuer of the workspace, the first (default) one first.
    public func issuers() throws -> [IssuerSummary] {
        let root = partnerHandle == nil ? config : try Self.open(directory).config
        var all = [IssuerSummary(handle: Self.firstIssuerHandle, id: root.issuer.id, name: root.issuer.name, url: root.issuer.url,
                                 keyAlgorithms: root.keys.map(\.algorithm), statusBaseURL: root.statusBaseURL, isFirst: true)]
        for partner in root.partnerIssuers ?? [] {
            all.append(IssuerSummary(handle: partner.handle, id: partner.issuer.id, name: partner.issuer.name, url: partner.issuer.url,
                                     keyAlgorithms: partner.keys.map(\.algorithm), statusBaseURL: partner.statusBaseURL, isFirst: false))
        }
        return all
    }

    /// The workspace speaking for the issuer `selector` names — a handle (`main` is the first
    /// issuer) or an issuer id; nil or empty: the first issuer.
    ///
    /// - Throws: ``IssuerError`` `.unknownIssuer` naming the issuers there are.
    public func forIssuer(_ selector: String?) throws -> Workspace {
        let root = partnerHandle == nil ? self : try Self.open(directory)
        guard let selector, !selector.isEmpty else { return root }
        if selector == Self.firstIssuerHandle || selector == root.config.issuer.id { return root }
        guard let partner = root.config.partnerIssuers?.first(where: { $0.handle == selector || $0.issuer.id == selector }) else {
            let known = try root.issuers().map { "\($0.handle) (\($0.name))" }.joined(separator: ", ")
            throw IssuerError(.unknownIssuer, "this workspace has no issuer \"\(selector)\"; its issuers are \(known)",
                              parameters: ["issuer": selector])
        }
        return root.view(of: partner)
    }

    /// The partner's settings in the shape of a workspace's, with its own folders.
    private func view(of partner: WorkspaceConfig.PartnerIssuer) -> Workspace {
        var settings = WorkspaceConfig(issuer: partner.issuer, keys: partner.keys, defaultProof: partner.defaultProof,
                                       statusBaseURL: partner.statusBaseURL)
        settings.credentialsDirectory = config.credentialsDirectory + "/" + partner.handle
        settings.statusDestinations = (config.statusDestinations ?? ["status"])
            .map { ($0.hasSuffix("/") ? $0 : $0 + "/") + partner.handle }
        settings.registryID = config.registryID
        settings.partnerIssuers = config.partnerIssuers
        var view = Workspace(directory: directory, config: settings)
        view.partnerHandle = partner.handle
        return view
    }

    /// Whether two http(s) URLs name the same place as a web client reaches it: the scheme and host
    /// in any case, a trailing dot on the host, the default port written or not, percent-encoded
    /// path characters and a final `/` make no difference.
    static func sameWebAddress(_ a: String, _ b: String) -> Bool {
        func normalized(_ url: String) -> String {
            guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else { return url }
            var host = (components.host ?? "").lowercased()
            if host.hasSuffix(".") { host.removeLast() }
            let port = components.port.flatMap { ($0 == 443 && scheme == "https") || ($0 == 80 && scheme == "http") ? nil : $0 }
            var path = components.percentEncodedPath.removingPercentEncoding ?? components.percentEncodedPath
            if !path.hasSuffix("/") { path += "/" }
            return "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(path)"
        }
        return normalized(a) == normalized(b)
    }

    /// Refuses a `laurel.json` whose issuers are not distinct: a repeated handle, a partner with the
    /// id of another issuer (it would sign as that issuer), or two issuers publishing status lists
    /// at one address.
    static func checkDistinctIssuers(_ config: WorkspaceConfig, file: String) throws {
        var handles: Set<String> = [firstIssuerHandle]
        var ids: Set<String> = [config.issuer.id]
        var statusURLs = config.statusBaseURL.map { [$0] } ?? []
        for partner in config.partnerIssuers ?? [] {
            guard handles.insert(partner.handle).inserted else {
                throw IssuerError(.invalidWorkspace, "\(file): the issuer handle \(partner.handle) is used twice")
            }
            guard ids.insert(partner.issuer.id).inserted else {
                throw IssuerError(.invalidWorkspace, "\(file): the issuer \(partner.handle) has the id \(partner.issuer.id), which another issuer of the workspace has; each issuer has its own id")
            }
            if let url = partner.statusBaseURL {
                if statusURLs.contains(where: { sameWebAddress($0, url) }) {
                    throw IssuerError(.invalidWorkspace, "\(file): the issuer \(partner.handle) publishes its status lists at \(url), where another issuer does; each issuer needs its own")
                }
                statusURLs.append(url)
            }
        }
    }

    /// Where this issuer's own files are: the workspace itself, or `issuers/<handle>/` for a partner.
    public var issuerDirectory: URL {
        partnerHandle.map { directory.appendingPathComponent("issuers").appendingPathComponent($0) } ?? directory
    }

    /// `issuer.json`: the profile and keys verifiers fetch from the issuer's id.
    public var issuerDocumentURL: URL { issuerDirectory.appendingPathComponent("issuer.json") }

    /// The folder of this issuer's private keys, relative to the workspace.
    var keysFolder: String { partnerHandle.map { "issuers/\($0)/keys" } ?? "keys" }

    /// Adds a partner issuer with a new key of its own: its profile, key, catalog (the example
    /// partner microcredential, under its name, with its badge images in `badges/`) and, when the
    /// workspace publishes status lists, its own lists at `statusBaseURL`.
    ///
    /// All or nothing: its folder is built aside and renamed into `issuers/<handle>/` before
    /// `laurel.json` names it; a folder a killed run left unnamed is replaced.
    ///
    /// - Parameters:
    ///   - handle: what `--issuer` selects it by: lower-case letters, digits and `-`.
    ///   - issuerID: an https URL or did:web; nil makes the key's did:key the issuer id.
    ///   - statusBaseURL: nil derives `<url or https id>/status/`; it must differ from every other issuer's.
    /// - Returns: the workspace speaking for the new issuer.
    @discardableResult
    public func addPartnerIssuer(handle: String, name: String, issuerID: String? = nil, issuerURL: String? = nil,
                                 statusBaseURL: String? = nil, key: PrivateKey, passphrase: String? = nil) throws -> Workspace {
        let root = partnerHandle == nil ? self : try Self.open(directory)
        guard handle.range(of: #"^[a-z0-9][a-z0-9-]{0,39}$"#, options: .regularExpression) != nil else {
            throw IssuerError(.invalidRequest, "\"\(handle)\" cannot be an issuer handle: use up to 40 lower-case letters, digits and '-', e.g. example-state")
        }
        let existing = try root.issuers()
        guard !existing.contains(where: { $0.handle == handle }) else {
            throw IssuerError(.invalidRequest, "the workspace already has an issuer \"\(handle)\"")
        }
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmedName.isEmpty else { throw IssuerError(.invalidRequest, "the issuer name is empty") }
        if let issuerID { try Self.validateIssuerID(issuerID) }
        if let issuerURL { try Self.validateWebURL(issuerURL, what: "issuer URL") }
        if let issuerID, issuerID.hasPrefix("did:key:"), issuerID != key.publicKey.didKey {
            throw IssuerError(.invalidRequest,
                "the issuer id \(issuerID) is a did:key of another key; a did:key issuer is its own key (\(key.publicKey.didKey)), so use that, an https URL or a did:web")
        }
        let id = issuerID ?? key.publicKey.didKey
        if let same = existing.first(where: { $0.id == id }) {
            throw IssuerError(.invalidRequest, "the issuer id \(id) is already the workspace's issuer \"\(same.handle)\"; each issuer has its own id")
        }
        var statusBase: String?
        if root.config.statusBaseURL != nil {
            guard let base = statusBaseURL ?? Self.defaultStatusBaseURL(issuerID: id, issuerURL: issuerURL) else {
                throw IssuerError(.invalidRequest,
                    "the workspace publishes status lists, so the new issuer needs its own status list URL: give its web address or a status URL (e.g. https://example.edu/status/)",
                    parameters: ["needs": "statusURL"])
            }
            try Self.validateStatusBaseURL(base)
            let normalized = base.hasSuffix("/") ? base : base + "/"
            if let same = existing.first(where: { $0.statusBaseURL.map { Self.sameWebAddress($0, normalized) } == true }) {
                throw IssuerError(.invalidRequest, "\(normalized) is already where the issuer \"\(same.handle)\" publishes its status lists; each issuer needs its own")
            }
            statusBase = normalized
            _ = try root.requireRegistry()  // the shared registry exists, with its identity, before any partner uses it
        } else if statusBaseURL != nil {
            throw IssuerError(.invalidRequest,
                "this workspace publishes no status lists (its first issuer has none), so a partner's cannot be set either")
        }

        let issuers = directory.appendingPathComponent("issuers")
        let target = issuers.appendingPathComponent(handle)
        try? FileManager.default.createDirectory(at: issuers, withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: target.path) {
            // Left by a run killed before laurel.json named it (it is not in `existing`).
            try? FileManager.default.removeItem(at: target)
        }
        let staging = issuers.appendingPathComponent(".\(handle).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let entry = WorkspaceConfig.KeyEntry(
            file: "issuers/\(handle)/keys/issuer-\(key.algorithm.rawValue).pem", algorithm: key.algorithm,
            verificationMethod: Self.verificationMethod(issuerID: id, key: key.publicKey),
            publicKeyMultibase: key.publicKey.multikey, encrypted: passphrase != nil)
        let partner = WorkspaceConfig.PartnerIssuer(
            handle: handle, issuer: .init(id: id, name: trimmedName, url: issuerURL), keys: [entry],
            defaultProof: .preferred(for: key.algorithm), statusBaseURL: statusBase)
        var updated = root.config
        updated.partnerIssuers = (updated.partnerIssuers ?? []) + [partner]
        let view = Workspace(directory: directory, config: updated).view(of: partner)
        do {
            for sub in ["keys", "achievements"] {
                try FileManager.default.createDirectory(at: staging.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
            _ = chmod(staging.appendingPathComponent("keys").path, 0o700)
            try AtomicFile.write(Array(try key.pkcs8PEM(passphrase: passphrase).utf8),
                                 to: staging.appendingPathComponent("keys/issuer-\(key.algorithm.rawValue).pem"), permissions: 0o600)
            let seed = AchievementCatalog.partnerMicrocredential
            let original = seed.achievement.id
            try AtomicFile.write(try Self.partnerSeed(seed.achievement, for: view.issuerProfile, original: original)
                                    .serializedBytes(pretty: true) + [0x0a],
                                 to: staging.appendingPathComponent("achievements/\(seed.catalogID).json"))
            for translation in seed.translations {
                guard let language = translation.inLanguage else { continue }
                let folder = staging.appendingPathComponent("achievements/\(language)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try AtomicFile.write(try Self.partnerSeed(translation, for: view.issuerProfile, original: original)
                                        .serializedBytes(pretty: true) + [0x0a],
                                     to: folder.appendingPathComponent("\(seed.catalogID).json"))
            }
            try Self.writeBadges(of: [seed], into: staging.appendingPathComponent("badges"))
            try AtomicFile.write(try view.issuerDocument().serializedBytes(pretty: true) + [0x0a],
                                 to: staging.appendingPathComponent("issuer.json"))
            guard rename(staging.path, target.path) == 0 else {
                throw IssuerError(.fileSystem, "cannot create \(target.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        Self.syncDirectory(issuers)
        try Self.writeConfig(updated, in: directory)
        return view
    }

    /// The example microcredential as a partner's own: created by it, and under its web address
    /// when it has one (the catalog's placeholder university otherwise).
    /// - Parameter original: the catalog's id for the achievement; its language versions' ids
    ///   and anchors extend it, and all move with it.
    static func partnerSeed(_ achievement: Achievement, for profile: Profile, original old: String) throws -> JSONValue {
        var achievement = achievement
        achievement.creator = profile
        let json = try JSONValueEncoder().encode(achievement)
        guard let web = profile.url ?? (profile.id.hasPrefix("https://") ? profile.id : nil) else { return json }
        let new = (web.hasSuffix("/") ? String(web.dropLast()) : web) + "/microcredentials/" + (old.split(separator: "/").last.map(String.init) ?? "course")
        func rebase(_ value: JSONValue) -> JSONValue {
            switch value {
            case .string(let text) where text == old || text.hasPrefix(old + "#") || text.hasPrefix(old + "/"):
                return .string(new + text.dropFirst(old.count))
            case .array(let items): return .array(items.map(rebase))
            case .object(let object):
                var rebased = JSONObject()
                for (key, member) in object { rebased[key] = key == "creator" ? member : rebase(member) }
                return .object(rebased)
            default: return value
            }
        }
        return rebase(json)
    }
}
