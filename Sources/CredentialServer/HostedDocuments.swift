import CredentialIssuer
import CredentialKit
import Foundation

/// A document the server hosts for one of its workspace's issuers.
public struct HostedDocument: Sendable {
    public enum Kind: String, Sendable {
        /// An issuer profile with its keys, at an https issuer id.
        case issuerProfile
        /// The DID document of a did:web issuer.
        case didDocument
        /// An achievement definition, at its https id.
        case achievement
        /// A status list credential, as the registry has it now.
        case statusList
    }

    public var kind: Kind
    /// The URL verifiers fetch it from.
    public var url: String
    public var bytes: [UInt8]
    public var contentType: String
    /// How long a cache may keep it, in seconds.
    public var maxAge: Int
}

/// What the server hosts, found by URL path, always read from the workspace as it is now: each
/// issuer's controller document (its `issuer.json` at an https issuer id's path, its `did.json` for
/// a did:web), its achievements that have https ids, and its status lists — published from the
/// registry first whenever it has moved on, so the list served is never older than the registry.
///
/// Hosts are not compared (a server often sits behind a proxy that names it otherwise); the path
/// alone says which document is meant.
public struct HostedDocuments: Sendable {
    public var workspace: Workspace
    /// Unlocks an encrypted key, to sign a status list that changed.
    public var passphrase: String?
    /// Allow signing status lists with the demo key (`laurel demo`'s workspace).
    public var allowDemoKey: Bool

    /// How long caches may keep status lists: short, so a revocation reaches verifiers soon.
    public static let statusListMaxAge = 60
    /// How long caches may keep profiles, DID documents and achievements.
    public static let documentMaxAge = 300

    public init(workspace: Workspace, passphrase: String? = nil, allowDemoKey: Bool = false) {
        self.workspace = workspace
        self.passphrase = passphrase
        self.allowDemoKey = allowDemoKey
    }

    /// The document at `path` (`/issuers/partner`, `/.well-known/did.json`, `/status/revocation-1.json`), or nil.
    ///
    /// - Throws: ``IssuerError`` when the workspace cannot be read, or a changed status list cannot be signed.
    public func document(atPath path: String) throws -> HostedDocument? {
        let path = Self.normalised(path)
        for issuer in try workspace.issuers() {
            let view = try workspace.forIssuer(issuer.handle)
            if let document = try statusList(of: view, atPath: path) ?? controllerDocument(of: view, atPath: path)
                ?? achievement(of: view, atPath: path) {
                return document
            }
        }
        return nil
    }

    /// The document verifiers fetch from `url`, when it is one this server hosts.
    public func document(at url: String) throws -> HostedDocument? {
        guard let components = URLComponents(string: url), components.scheme == "https" || components.scheme == "http",
              components.query == nil, components.fragment == nil else { return nil }
        guard let document = try document(atPath: components.percentEncodedPath) else { return nil }
        // Only a URL naming the document itself: another host's same path is not ours.
        return Self.sameDocument(document.url, url) ? document : nil
    }

    // MARK: Kinds

    private func controllerDocument(of view: Workspace, atPath path: String) throws -> HostedDocument? {
        for (url, document) in try view.keyDocuments() where Self.path(of: url) == path {
            let isDID = view.config.issuer.id.hasPrefix("did:")
            return HostedDocument(kind: isDID ? .didDocument : .issuerProfile, url: url,
                                  bytes: Array(document.serialized(pretty: true).utf8) + [0x0a],
                                  contentType: isDID ? "application/did+ld+json" : "application/ld+json",
                                  maxAge: Self.documentMaxAge)
        }
        return nil
    }

    private func achievement(of view: Workspace, atPath path: String) throws -> HostedDocument? {
        try achievements(of: view).first { Self.path(of: $0.url) == path }
    }

    /// The achievements with http(s) ids, each language version at its own id.
    private func achievements(of view: Workspace) throws -> [HostedDocument] {
        var documents: [HostedDocument] = []
        for catalogID in try view.achievementIDs() {
            let languages = try view.achievementLanguages(catalogID)
            for version in languages.versions {
                let id = version.achievement.id
                guard id.hasPrefix("https://") || id.hasPrefix("http://") else { continue }
                guard case .object(let encoded) = try JSONValueEncoder().encode(version.achievement) else { continue }
                var document: JSONObject = ["@context": [.string(JSONLDContexts.credentialsV2), .string(JSONLDContexts.openBadgesV3p0_3)]]
                for (key, value) in encoded { document[key] = value }
                documents.append(HostedDocument(kind: .achievement, url: id,
                                                bytes: Array(JSONValue.object(document).serialized(pretty: true).utf8) + [0x0a],
                                                contentType: "application/ld+json", maxAge: Self.documentMaxAge))
            }
        }
        return documents
    }

    private func statusList(of view: Workspace, atPath path: String) throws -> HostedDocument? {
        guard let registry = try view.openRegistry(),
              let list = try registry.statusLists().first(where: { Self.path(of: $0.url) == path }) else { return nil }
        // Brought up to date first: a revocation recorded a moment ago is in what is served.
        let issuer = WorkspaceIssuer(workspace: view, passphrase: passphrase, allowDemoKey: allowDemoKey, actor: "laurel serve")
        let report = try issuer.publishStatusLists()
        let file = view.statusDirectory.appendingPathComponent(list.fileName)
        guard report.isComplete, let data = FileManager.default.contents(atPath: file.path) else {
            let problems = report.problems.isEmpty ? ["\(file.path) could not be read"] : report.problems
            throw IssuerError(.fileSystem, "the status list \(list.url) could not be brought up to date: \(problems.joined(separator: "; "))")
        }
        let bytes = Array(data)
        let isJWT = bytes.first.map { $0 != UInt8(ascii: "{") } ?? false
        return HostedDocument(kind: .statusList, url: list.url, bytes: bytes,
                              contentType: isJWT ? "application/vc+jwt" : "application/vc+ld+json",
                              maxAge: Self.statusListMaxAge)
    }

    // MARK: Paths

    static func path(of url: String) -> String? {
        URLComponents(string: url).map { normalised($0.percentEncodedPath) }
    }

    /// `""` is `/`; a trailing slash is dropped (`/issuers/cc/` names `/issuers/cc`).
    static func normalised(_ path: String) -> String {
        var path = path.isEmpty ? "/" : path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    static func sameDocument(_ a: String, _ b: String) -> Bool {
        guard let x = URLComponents(string: a), let y = URLComponents(string: b) else { return false }
        return x.scheme?.lowercased() == y.scheme?.lowercased() && x.host?.lowercased() == y.host?.lowercased()
            && x.port == y.port && normalised(x.percentEncodedPath) == normalised(y.percentEncodedPath)
    }
}
