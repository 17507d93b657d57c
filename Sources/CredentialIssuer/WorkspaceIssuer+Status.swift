import CredentialKit
import Foundation

/// What a revoke, suspend or unsuspend did: the registry change, and how publishing went.
public struct StatusChangeResult: Sendable {
    /// Each credential's outcome. The registry change stands even when publishing failed.
    public var report: StatusChangeReport
    /// What publishing wrote and left; nil when publishing was not asked for or failed.
    public var published: PublishReport?
    /// Why the destinations could not all be brought up to date after the registry changed, in
    /// plain words; nil when they were. The next publish finishes the job.
    public var publishingFailure: String?
}

/// Revocation, suspension and status-list publishing for a workspace.
extension WorkspaceIssuer {
    /// Brings every destination's status lists up to date with the registry: writes each list
    /// that is missing, stale, badly signed or past half its validity there (every list when `all`).
    ///
    /// - Parameters:
    ///   - destinations: the directories to publish to; nil: the workspace's ``Workspace/statusDestinations``.
    ///   - validity: how long each signed list stays valid.
    /// - Returns: what was written, left as it was, and refused (a list that would un-revoke).
    @discardableResult
    public func publishStatusLists(to destinations: [URL]? = nil, all: Bool = false,
                                   validity: TimeInterval = StatusListPublisher.defaultValidity,
                                   now: Date = Date()) throws -> PublishReport {
        let registry = try workspace.requireRegistry()
        let signer = try listSigner()
        // Publishing to chosen directories still reads the workspace's own destinations, so that a
        // new or emptied directory never receives a list without a revocation they hold.
        return try publish(registry, signer: signer, to: destinations ?? workspace.statusDestinations,
                           witnesses: destinations == nil ? [] : workspace.statusDestinations, all: all,
                           validity: validity, now: now)
    }

    /// Revokes, suspends or unsuspends credentials in one registry transaction — all of them or
    /// none — then brings every destination up to date.
    ///
    /// Everything that can refuse is checked before the registry changes: the registry, the
    /// signing key (passphrase, demo key) and the destinations. If publishing still fails after
    /// the change, the result says so in ``StatusChangeResult/publishingFailure``; the next
    /// publish finishes the job, because destinations are compared with the registry.
    ///
    /// - Parameters:
    ///   - skipUnknown: change the credentials the registry holds and report the others, instead
    ///     of refusing the whole change.
    ///   - publish: false leaves publishing to a later ``publishStatusLists(to:all:validity:now:)``.
    ///   - alsoPublishTo: directories to bring up to date besides the workspace's destinations.
    /// - Throws: ``IssuerError`` for a refusal; nothing has changed then.
    public func changeStatus(_ action: StatusAction, credentialIDs: [String], reason: String?,
                             skipUnknown: Bool = false, publish: Bool = true, alsoPublishTo: [URL] = [],
                             now: Date = Date()) throws -> StatusChangeResult {
        let registry = try workspace.requireRegistry()
        var destinations = workspace.statusDestinations
        for extra in alsoPublishTo where !destinations.contains(where: { $0.standardizedFileURL.path == extra.standardizedFileURL.path }) {
            destinations.append(extra)
        }
        var signer: CredentialSigner?
        if publish {
            signer = try listSigner()
            try StatusListPublisher.preflight(registry: registry, destinations: destinations,
                                              inspector: try workspace.statusListInspector(), now: now)
        }
        let report = try registry.changeStatus(action, credentialIDs: credentialIDs, reason: reason,
                                               actor: actor, skipUnknown: skipUnknown, now: now)
        guard let signer else { return StatusChangeResult(report: report, published: nil, publishingFailure: nil) }
        do {
            let published = try self.publish(registry, signer: signer, to: destinations, witnesses: [], all: false,
                                              validity: StatusListPublisher.defaultValidity, now: now)
            let failure = published.isComplete ? nil : published.problems.joined(separator: "; ")
            return StatusChangeResult(report: report, published: published, publishingFailure: failure)
        } catch {
            return StatusChangeResult(report: report, published: nil, publishingFailure: "\(error)")
        }
    }

    /// The key that signs status lists: the default proof's, loaded and checked.
    func listSigner() throws -> CredentialSigner {
        try workspace.signer(for: workspace.config.defaultProof, passphrase: passphrase, allowDemoKey: allowDemoKey)
    }

    private func publish(_ registry: Registry, signer: CredentialSigner, to destinations: [URL], witnesses: [URL], all: Bool,
                         validity: TimeInterval, now: Date) throws -> PublishReport {
        try StatusListPublisher.publish(
            registry: registry, to: destinations, witnesses: witnesses, inspector: try workspace.statusListInspector(),
            validity: validity,
            all: all, actor: actor, now: now
        ) { list in
            try signer.sign(list, created: now).contents
        }
    }

}

extension Workspace {
    /// The workspace's published documents by URL — `issuer.json` under an https issuer id and each
    /// status list under its URL, from the first destination — so its credentials can be verified offline.
    public func publishedDocuments() throws -> [String: String] {
        var files: [String: String] = [:]
        for url in try keyDocuments().keys {
            files[url] = issuerDocumentURL.path
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
