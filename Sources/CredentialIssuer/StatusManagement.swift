import CredentialKit
import Foundation

/// Revocation, suspension and status-list publishing for a workspace.
extension CredentialIssuer {
    /// Signs and writes the workspace's status lists that need it (changed, never published, or
    /// past half their validity; every list when `all`).
    ///
    /// - Parameters:
    ///   - directory: where the list files go; nil: the workspace's `status/`.
    ///   - validity: how long each signed list stays valid.
    /// - Returns: the lists written.
    @discardableResult
    public func publishStatusLists(to directory: URL? = nil, all: Bool = false,
                                   validity: TimeInterval = StatusListPublisher.defaultValidity,
                                   now: Date = Date()) throws -> [PublishedList] {
        let registry = try workspace.requireRegistry()
        let format = workspace.config.defaultProof
        let entry = try workspace.keyEntry(for: format)
        let key = try workspace.privateKey(entry, passphrase: passphrase)
        if !allowDemoKey, DemoKeys.isDemoKey(key.publicKey) {
            throw IssuerError(.demoKeyRefused, "the workspace key \(entry.file) is a published demo key; pass --allow-demo-key for a demonstration")
        }
        return try StatusListPublisher.publish(
            registry: registry, to: directory ?? workspace.statusDirectory, validity: validity, all: all,
            actor: Workspace.actor, now: now
        ) { credential in
            try Self.secure(credential, format: format, key: key, verificationMethod: entry.verificationMethod, created: now)
        }
    }

    /// Revokes, suspends or unsuspends credentials in one registry transaction, then re-signs and
    /// publishes the changed lists once.
    ///
    /// - Parameters:
    ///   - publishTo: where to publish; nil: the workspace's `status/`.
    ///   - publish: false leaves publishing to a later `laurel status publish`.
    public func changeStatus(_ action: StatusAction, credentialIDs: [String], reason: String?,
                             publish: Bool = true, publishTo: URL? = nil,
                             now: Date = Date()) throws -> (report: StatusChangeReport, published: [PublishedList]) {
        let registry = try workspace.requireRegistry()
        let report = try registry.changeStatus(action, credentialIDs: credentialIDs, reason: reason, actor: Workspace.actor, now: now)
        guard publish, !report.changedListURLs.isEmpty else { return (report, []) }
        return (report, try publishStatusLists(to: publishTo, now: now))
    }

    /// Secures a JSON document (a credential or a status list) in `format`, returning the file's bytes.
    static func secure(_ document: JSONObject, format: ProofFormat, key: PrivateKey, verificationMethod: String,
                       created: Date) throws -> [UInt8] {
        if let suite = format.cryptosuite {
            let options = DataIntegrity.ProofOptions(cryptosuite: suite, verificationMethod: verificationMethod,
                                                     created: wholeSeconds(created))
            return JSONValue.object(try DataIntegrity.sign(document, options: options, key: key)).serializedBytes(pretty: true) + [0x0a]
        }
        return Array(try VCJWT.sign(document, key: key, keyID: verificationMethod).utf8) + [0x0a]
    }
}

extension Workspace {
    /// The workspace's published documents by URL — `issuer.json` under an https issuer id and each
    /// status list under its URL — so its credentials can be verified offline.
    public func publishedDocuments() throws -> [String: String] {
        var files: [String: String] = [:]
        if config.issuer.id.hasPrefix("https://") || config.issuer.id.hasPrefix("http://") {
            files[config.issuer.id] = directory.appendingPathComponent("issuer.json").path
        }
        if let registry = try openRegistry() {
            for list in try registry.statusLists() {
                let file = statusDirectory.appendingPathComponent(list.fileName)
                if FileManager.default.fileExists(atPath: file.path) { files[list.url] = file.path }
            }
        }
        return files
    }
}
