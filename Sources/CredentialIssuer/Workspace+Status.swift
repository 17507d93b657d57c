import CredentialKit
import CredentialVerifier
import Foundation

/// Where a workspace publishes its status lists, how they stand there, and its registry's backups.
extension Workspace {
    // MARK: Destinations

    /// The directories status lists are published to (`statusDestinations` in `laurel.json`,
    /// relative ones resolved against the workspace); `status/` when none is configured.
    public var statusDestinations: [URL] {
        (config.statusDestinations ?? ["status"]).map(resolve)
    }

    /// Adds a directory to publish status lists to; revoke, suspend, unsuspend and `status publish`
    /// then keep it current too.
    ///
    /// - Parameter directory: stored as an absolute path.
    /// - Throws: ``IssuerError`` `.invalidRequest` when it is already a destination, `.fileSystem`
    ///   when it cannot be written.
    public mutating func addStatusDestination(_ directory: URL) throws {
        try requireFirstIssuer("status list destinations")
        let directory = directory.standardizedFileURL
        guard !statusDestinations.contains(where: { $0.standardizedFileURL.path == directory.path }) else {
            throw IssuerError(.invalidRequest, "\(directory.path) is already a status list destination")
        }
        try checkSafeDestination(directory)
        try StatusListPublisher.checkDestination(directory)
        var updated = config
        updated.statusDestinations = (config.statusDestinations ?? ["status"]) + [directory.path]
        try save(updated)
    }

    /// Refuses a destination where published files would mix with the workspace's own: the
    /// workspace itself or a folder above it, `keys/`, `achievements/` or the credentials folder.
    /// (Everything in a destination is served to the world.)
    func checkSafeDestination(_ directory: URL) throws {
        let path = directory.standardizedFileURL.resolvingSymlinksInPath().path
        let root = self.directory.standardizedFileURL.resolvingSymlinksInPath().path
        if root == path || root.hasPrefix(path == "/" ? "/" : path + "/") {
            throw IssuerError(.invalidRequest, "\(directory.path) holds the workspace itself, private keys included; publish status lists into a folder of their own")
        }
        for folder in ["keys", "achievements", "issuers", config.credentialsDirectory] {
            let inside = self.directory.appendingPathComponent(folder).standardizedFileURL.resolvingSymlinksInPath().path
            if path == inside || path.hasPrefix(inside + "/") {
                throw IssuerError(.invalidRequest, "\(directory.path) is inside the workspace's \(folder)/; publish status lists into a folder of their own")
            }
        }
    }

    /// Stops publishing to `directory` (its files are left as they are).
    ///
    /// - Throws: ``IssuerError`` `.invalidRequest` when it is not a destination, or is the last one.
    public mutating func removeStatusDestination(_ directory: URL) throws {
        try requireFirstIssuer("status list destinations")
        let path = directory.standardizedFileURL.path
        let configured = config.statusDestinations ?? ["status"]
        guard let index = configured.firstIndex(where: { resolve($0).standardizedFileURL.path == path })
                ?? configured.firstIndex(of: directory.relativePath) else {
            throw IssuerError(.invalidRequest, "\(path) is not a status list destination of this workspace")
        }
        guard configured.count > 1 else {
            throw IssuerError(.invalidRequest, "\(path) is the only status list destination; add another before removing it")
        }
        var updated = config
        updated.statusDestinations = configured.enumerated().filter { $0.offset != index }.map(\.element)
        try save(updated)
    }

    /// Refuses a workspace-wide change made through a partner issuer's view.
    func requireFirstIssuer(_ what: String) throws {
        if let partnerHandle {
            throw IssuerError(.invalidRequest, "\(what) belong to the whole workspace, not to the issuer \(partnerHandle); leave out the issuer selection")
        }
    }

    private func resolve(_ path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : directory.appendingPathComponent(path)
    }

    // MARK: Enabling status lists

    /// Gives a workspace that has none a status list URL, and creates its registry: credentials
    /// issued from now on carry revocation and suspension entries. (Those issued before cannot be
    /// revoked: their signed contents name no list.)
    ///
    /// - Throws: ``IssuerError`` `.invalidRequest` when the workspace already has a status URL (the
    ///   credentials it issued point at it, so it cannot change) or `url` is not an http(s) URL.
    public mutating func enableStatusLists(baseURL url: String) throws {
        try requireFirstIssuer("turning status lists on")
        if let existing = config.statusBaseURL {
            throw IssuerError(.invalidRequest,
                "this workspace already publishes status lists at \(existing); its credentials point there, so it cannot change")
        }
        try Self.validateStatusBaseURL(url)
        var updated = config
        updated.statusBaseURL = url.hasSuffix("/") ? url : url + "/"
        let file = directory.appendingPathComponent(Registry.fileName)
        if FileManager.default.fileExists(atPath: file.path) {
            throw IssuerError(.invalidRequest, "\(file.path) already exists although the workspace has no status URL; move it away first")
        }
        updated.registryID = try Self.createRegistry(in: directory, issuerID: config.issuer.id,
                                                     statusBaseURL: updated.statusBaseURL ?? url)
        try save(updated)
    }

    // MARK: Inspecting what verifiers see

    /// Reads published lists with the workspace's issuer id and keys.
    public func statusListInspector(expiringWithin: TimeInterval = 86_400) throws -> StatusListInspector {
        var keys: [String: PublicKey] = [:]
        for entry in config.keys {
            do {
                keys[entry.verificationMethod] = try PublicKey(multikey: entry.publicKeyMultibase)
            } catch {
                throw IssuerError(.invalidWorkspace, "laurel.json: the key \(entry.file) has an unreadable publicKeyMultibase: \(error)")
            }
        }
        return StatusListInspector(issuerID: config.issuer.id, keys: keys, expiringWithin: expiringWithin)
    }

    /// How each of the registry's lists stands in each directory: what a verifier given those files
    /// would see, compared with the registry.
    public func inspectStatusLists(in directories: [URL], now: Date = Date()) throws -> [PublishedListState] {
        let registry = try requireRegistry()
        let inspector = try statusListInspector()
        var states: [PublishedListState] = []
        for list in try registry.statusLists() {
            let bits = try registry.bitstring(listID: list.id)
            for directory in directories {
                states.append(inspector.inspect(file: directory.appendingPathComponent(list.fileName), of: list,
                                                expected: bits, now: now))
            }
        }
        return states
    }

    /// How each of the registry's lists stands at its URL, as a verifier on the internet sees it.
    ///
    /// - Parameter fetch: returns a URL's bytes, nil when there is nothing there (404), or throws
    ///   with a reason when it cannot be fetched.
    public func inspectStatusListsOnline(now: Date = Date(),
                                         fetch: (String) async throws -> [UInt8]?) async throws -> [PublishedListState] {
        let registry = try requireRegistry()
        let inspector = try statusListInspector()
        var states: [PublishedListState] = []
        for list in try registry.statusLists() {
            let bits = try registry.bitstring(listID: list.id)
            do {
                states.append(inspector.inspect(try await fetch(list.url), of: list, expected: bits, location: list.url, now: now))
            } catch {
                var state = inspector.inspect(nil, of: list, expected: bits, location: list.url, now: now)
                let reason = "\(error)"
                if !reason.contains("HTTP 404") && !reason.contains("HTTP 410") { state.condition = .unreachable }
                state.detail = "it cannot be fetched: \(reason)"
                states.append(state)
            }
        }
        return states
    }

    // MARK: Credentials the registry does not hold

    /// The credentials in the credentials folder that `registry` does not hold and that can be
    /// recorded again: signed with the workspace's keys, for its issuer, with both status entries.
    func recoverableCredentials(for registry: Registry, inspector: StatusListInspector) throws
        -> (recoverable: [RecoveredCredential], unusable: [(id: String, reason: String)]) {
        let folder = directory.appendingPathComponent(config.credentialsDirectory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        var catalog: [String: String] = [:]
        for catalogID in (try? achievementIDs()) ?? [] {
            if let id = try? achievement(catalogID).id { catalog[id] = catalogID }
            for translation in (try? translations(of: catalogID)) ?? [] { catalog[translation.id] = catalogID }
        }
        var recoverable: [RecoveredCredential] = []
        var unusable: [(String, String)] = []
        for name in names where !name.hasPrefix(".") && (name.hasSuffix(".json") || name.hasSuffix(".jwt")) {
            guard let bytes = try? Workspace.readFile(folder.appendingPathComponent(name), limit: CredentialInput.maxBytes),
                  let input = try? CredentialInput(bytes: bytes),
                  let id = input.credential["id"]?.stringValue, try registry.credential(id: id) == nil else { continue }
            if let problem = inspector.signatureProblem(input) {
                unusable.append((id, "\(name): \(problem)"))
                continue
            }
            let entries = (input.credential["credentialStatus"]?.asArray ?? []).compactMap { try? BitstringStatusListEntry(json: $0) }
            guard let revocation = entries.first(where: { $0.statusPurpose == "revocation" }),
                  let suspension = entries.first(where: { $0.statusPurpose == "suspension" }) else {
                unusable.append((id, "\(name): it carries no revocation and suspension entries"))
                continue
            }
            let credential = input.credential
            let subject = credential["credentialSubject"]?.asArray.first
            let email = subject?["identifier"]?.asArray.first { $0["identityType"]?.stringValue == "emailAddress" }?["identityHash"]?.stringValue
            func date(_ key: String) -> Date? { credential[key]?.stringValue.flatMap(XSDDateTime.date(from:)) }
            let validFrom = date("validFrom") ?? date("issuanceDate") ?? Date(timeIntervalSince1970: 0)
            let format = input.format == .jwt ? "jwt" : ((try? DataIntegrity.describeProof(of: credential))?.cryptosuite ?? "unknown")
            recoverable.append(RecoveredCredential(
                id: id, achievementID: subject?["achievement"]?["id"]?.stringValue.flatMap { catalog[$0] } ?? "unknown",
                recipientIdentifier: "recovered:" + (email ?? "unknown"), proofFormat: format,
                revocation: (revocation.statusListCredential, revocation.statusListIndex),
                suspension: (suspension.statusListCredential, suspension.statusListIndex),
                validFrom: validFrom, validUntil: date("validUntil") ?? date("expirationDate"),
                issuedAt: date("awardedDate") ?? validFrom, contents: bytes))
        }
        return (recoverable, unusable)
    }

    /// The credential files in the workspace's credentials folder whose credential the registry
    /// does not hold (issued after the backup it was restored from, say), with their ids.
    public func credentialFilesUnknownToRegistry() throws -> [(file: URL, id: String)] {
        let registry = try requireRegistry(acceptingRollback: true)
        let folder = directory.appendingPathComponent(config.credentialsDirectory)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        var unknown: [(URL, String)] = []
        for name in names where !name.hasPrefix(".") && (name.hasSuffix(".json") || name.hasSuffix(".jwt")) {
            let file = folder.appendingPathComponent(name)
            guard let bytes = try? Workspace.readFile(file, limit: CredentialInput.maxBytes),
                  let input = try? CredentialInput(bytes: bytes),
                  let id = input.credential["id"]?.stringValue else { continue }
            if try registry.credential(id: id) == nil { unknown.append((file, id)) }
        }
        return unknown
    }

    // MARK: Backups

    /// What ``restoreRegistry(from:replacingNewer:now:)`` did.
    public struct RegistryRestore: Sendable {
        /// What the backup holds.
        public var backup: Registry.BackupSummary
        /// Where the registry file that was in place now is (kept, never deleted); nil when there was none.
        public var replacedFile: URL?
        /// What was re-applied from the published lists.
        public var reconciliation: Registry.Reconciliation
    }

    /// Restores `registry.sqlite` from a backup made by ``Registry/backup(to:)``, then brings it in
    /// line with the status lists verifiers already see.
    ///
    /// The backup must be sound and this workspace's (its registry identity and its issuer). A
    /// registry file in place is kept, renamed `registry.sqlite.replaced-<time>`, never deleted;
    /// if it is readable and holds changes newer than the backup, the restore is refused unless
    /// `replacingNewer`. At every moment `registry.sqlite` is either the old file or the restored
    /// one. Afterwards every list is closed to new credentials, and each revocation or suspension
    /// the published lists hold that the backup lacks is applied again
    /// (``Registry/reconcile(withPublished:actor:now:)``). Stop other Laurel processes of this
    /// workspace first.
    public func restoreRegistry(from backup: URL, replacingNewer: Bool = false, now: Date = Date()) throws -> RegistryRestore {
        guard let statusBaseURL = config.statusBaseURL else {
            throw IssuerError(.noStatusLists, "this workspace publishes no status lists, so it has no registry to restore")
        }
        let file = directory.appendingPathComponent(Registry.fileName)
        var backupStat = stat()
        var fileStat = stat()
        if stat(backup.path, &backupStat) == 0, stat(file.path, &fileStat) == 0,
           backupStat.st_dev == fileStat.st_dev, backupStat.st_ino == fileStat.st_ino {
            throw IssuerError(.invalidRequest, "\(backup.path) is the registry in place, not a backup of it")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: backup.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw IssuerError(.invalidRequest, "\(backup.path) is a directory, not a registry backup")
        }
        if let type = (try? FileManager.default.attributesOfItem(atPath: backup.path))?[.type] as? FileAttributeType,
           type != .typeRegular {
            throw IssuerError(.invalidRequest, "\(backup.path) is not a regular file, so it is not a registry backup")
        }
        let summary = try Registry.inspectBackup(backup)
        guard summary.problems.isEmpty else {
            throw IssuerError(.invalidRequest, "\(backup.path) is damaged: \(summary.problems.prefix(3).joined(separator: "; "))")
        }
        if let expected = config.registryID, let found = summary.workspaceRegistryID, found != expected {
            throw IssuerError(.invalidRequest,
                "\(backup.path) is the backup of another workspace's registry (\(found)); this workspace's is \(expected)")
        }
        if let foreign = summary.issuers.first(where: { $0 != config.issuer.id }), !summary.issuers.contains(config.issuer.id) {
            throw IssuerError(.invalidRequest, "\(backup.path) holds status lists of \(foreign), not of this workspace's issuer \(config.issuer.id)")
        }
        return try Registry.withExclusiveUse(of: file) {
            try restore(from: backup, summary: summary, to: file, statusBaseURL: statusBaseURL,
                        replacingNewer: replacingNewer, now: now)
        }
    }

    /// The restore proper, while no other process uses the registry.
    private func restore(from backup: URL, summary: Registry.BackupSummary, to file: URL, statusBaseURL: String,
                         replacingNewer: Bool, now: Date) throws -> RegistryRestore {
        let present = FileManager.default.fileExists(atPath: file.path)
        // The registry in place counts (its newer changes, its revocations) only when it is this
        // workspace's, the backup's own history: another workspace's file is simply kept aside.
        let sameRegistry = present && (try? Registry.inspectBackup(file)).map {
            $0.workspaceRegistryID != nil && $0.workspaceRegistryID == summary.workspaceRegistryID
        } == true
        if sameRegistry, !replacingNewer,
           let missing = try? Registry.changes(in: file, missingFrom: backup), missing.count > 0 {
            throw IssuerError(.newerRegistry,
                "the registry in place holds \(missing.count) change\(missing.count == 1 ? "" : "s") that \(backup.path) does not\(missing.latestAt.map { " (the latest at \(XSDDateTime.string(from: $0)))" } ?? ""); restoring the backup would lose them")
        }
        AtomicFile.removeAbandonedTemporaryFiles(in: directory)  // a killed restore's copy

        // 1. The backup is copied beside the registry and brought in line with what verifiers see
        //    there, while the old file is still in place: a kill before step 3 changes nothing.
        let temporary = directory.appendingPathComponent(".\(Registry.fileName).restore.tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer {
            for suffix in ["", "-wal", "-shm", "-journal", ".lock", ".setup.lock", ".watermark"] { unlink(temporary.path + suffix) }
        }
        try Registry.copyBackup(backup, to: temporary)
        let reconciliation: Registry.Reconciliation
        let restored: (id: String, latestChange: Int64)
        do {
            let registry = try Registry(file: temporary, issuerID: config.issuer.id, statusBaseURL: statusBaseURL,
                                        acceptingRollback: true)
            let id = try registry.claimIdentity(config.registryID)
            reconciliation = try reconcileWithPublished(registry, previous: sameRegistry ? file : nil, now: now)
            restored = (id, try registry.latestChange())
            try registry.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        // 2. The old file is kept under another name (a hard link: it stays in place too), its
        //    write-ahead log folded into it first, so the log cannot be applied to the new file.
        var replaced: URL?
        if present {
            let stamp = XSDDateTime.string(from: now).replacingOccurrences(of: ":", with: "")
            let aside = directory.appendingPathComponent("\(Registry.fileName).replaced-\(stamp)")
            _ = Registry.checkpoint(file)
            guard link(file.path, aside.path) == 0 else {
                throw IssuerError(.fileSystem, "cannot keep the registry in place as \(aside.path): \(String(cString: strerror(errno)))")
            }
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: file.path + suffix) {
                guard rename(file.path + suffix, aside.path + suffix) == 0 else {
                    throw IssuerError(.fileSystem, "cannot move \(file.path + suffix) aside: \(String(cString: strerror(errno)))")
                }
            }
            replaced = aside
        }
        // 3. The restored registry is the one to compare with from now on (its lists are closed):
        //    the watermark is lowered first, so a kill before the swap leaves the old registry usable.
        Registry.writeWatermark(for: file, registryID: restored.id, latestChange: restored.latestChange)
        // 4. The restored, reconciled file takes its place in one step.
        for suffix in ["-wal", "-shm"] { unlink(temporary.path + suffix) }
        guard rename(temporary.path, file.path) == 0 else {
            throw IssuerError(.fileSystem, "cannot put the backup in place at \(file.path): \(String(cString: strerror(errno)))")
        }
        Self.syncDirectory(directory)
        if config.registryID == nil, let id = try Registry.inspectBackup(file).workspaceRegistryID {
            var updated = config
            updated.registryID = id
            try Self.writeConfig(updated, in: directory)
        }
        return RegistryRestore(backup: summary, replacedFile: replaced, reconciliation: reconciliation)
    }

    /// Applies to the registry every revocation and suspension the published lists (signed by the
    /// issuer, in any destination) hold that it lacks, takes back lists it does not know, and closes
    /// every list to new credentials — what a restore does, for a registry that lost changes some
    /// other way (an old copy put in place by hand).
    ///
    /// - Parameter alsoReading: directories of published lists to read besides the destinations
    ///   (one published to with `--out`, say).
    public func reconcileRegistry(alsoReading: [URL] = [], now: Date = Date()) throws -> Registry.Reconciliation {
        let registry = try requireRegistry(acceptingRollback: true)
        let result = try reconcileWithPublished(registry, directories: statusDestinations + alsoReading, now: now)
        // Every list is closed now, so this copy can issue again without reusing an index.
        try registry.resetWatermark()
        return result
    }

    /// What verifiers already see, signed by the issuer, wins over a restored registry: every
    /// revocation and suspension in a published list is applied again, lists the registry does not
    /// know are taken back, and every list is closed to new credentials.
    ///
    /// - Parameter previous: the registry file being replaced, whose revocations, suspensions and
    ///   lists count too when it can be read.
    private func reconcileWithPublished(_ registry: Registry, directories: [URL]? = nil, previous: URL? = nil,
                                        now: Date) throws -> Registry.Reconciliation {
        let directories = directories ?? statusDestinations
        let inspector = try statusListInspector()
        let lists = try registry.statusLists()
        var extra: [Int64: Set<Int>] = [:]
        var lifted: [Int64: Set<Int>] = [:]
        var warnings: [String] = []
        for list in lists {
            let bits = try registry.bitstring(listID: list.id)
            for destination in directories {
                let state = inspector.inspect(file: destination.appendingPathComponent(list.fileName), of: list, expected: bits, now: now)
                if state.condition == .unreadable || state.condition == .badlySigned {
                    warnings.append("\(state.location) could not be used (\(state.detail)); revocations it may hold were not taken back")
                }
                guard state.isIssuersList else { continue }
                extra[list.id, default: []].formUnion(state.extraIndices)
                if list.purpose == .suspension { lifted[list.id, default: []].formUnion(state.missingIndices) }
            }
        }
        // The registry being replaced, when readable: its revocations and suspensions stand, and
        // the lists it knew keep their URLs (a new list never takes one of theirs).
        var fromPrevious: [String: Registry.PublishedOnlyList] = [:]
        if let previous {
            do {
                let byURL = Dictionary(lists.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
                for (old, url) in try Registry.listsWithSetBits(in: previous) {
                    if let list = byURL[url] {
                        let bits = try registry.bitstring(listID: list.id)
                        extra[list.id, default: []].formUnion(old.setIndices.filter { $0 < bits.bitCount && !bits[$0] })
                    } else if url == registry.statusBaseURL + StatusListRecord.fileName(purpose: old.purpose, sequence: old.sequence) {
                        fromPrevious[url.replacingOccurrences(of: registry.statusBaseURL, with: "")] = old
                    }
                }
            } catch {
                warnings.append("the registry being replaced could not be read (\((error as? IssuerError)?.reason ?? "\(error)")); only the published lists were taken into account")
            }
        }
        // Lists published after the backup was made: <purpose>-<n>.json files the registry has no row for.
        let known = Set(lists.map(\.fileName))
        var found = fromPrevious
        for destination in directories {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: destination.path)) ?? []
            for name in names where !known.contains(name) {
                guard let (purpose, sequence) = Self.listFileName(name) else { continue }
                let file = destination.appendingPathComponent(name)
                guard let bytes = try? Workspace.readFile(file, limit: StatusListInspector.maxFileBytes),
                      let input = try? CredentialInput(bytes: bytes),
                      let subject = try? BitstringStatusListSubject(json: input.credential["credentialSubject"] ?? .null),
                      let published = try? subject.bitstring() else { continue }
                let record = StatusListRecord(id: -1, issuerID: config.issuer.id, purpose: purpose, sequence: sequence,
                                              url: registry.statusBaseURL + name, size: published.bitCount, allocatedCount: 0, version: 0)
                let state = inspector.inspect(bytes, of: record, expected: StatusBitstring(bitCount: published.bitCount),
                                              location: file.path, now: now)
                guard state.isIssuersList else { continue }
                var list = found[name] ?? Registry.PublishedOnlyList(purpose: purpose, sequence: sequence, size: published.bitCount, setIndices: [])
                list.setIndices = Array(Set(list.setIndices).union(state.extraIndices)).sorted()
                found[name] = list
            }
        }
        var result = try registry.reconcile(withPublished: extra, publishedOnly: found.values.sorted { ($0.purpose.rawValue, $0.sequence) < ($1.purpose.rawValue, $1.sequence) },
                                            lifted: lifted, actor: Workspace.actor, now: now)
        // Credentials issued after the backup, from their signed files: nothing issued is lost.
        let (recoverable, unreadable) = try recoverableCredentials(for: registry, inspector: inspector)
        let (recovered, skipped) = try registry.recover(recoverable, actor: Workspace.actor, now: now)
        result.recoveredCredentials = recovered
        result.unrecoverable = unreadable + skipped
        result.warnings = warnings
        return result
    }

    /// `revocation-3.json` → (.revocation, 3).
    static func listFileName(_ name: String) -> (StatusPurpose, Int)? {
        guard name.hasSuffix(".json") else { return nil }
        let stem = name.dropLast(5)
        for purpose in StatusPurpose.allCases where stem.hasPrefix(purpose.rawValue + "-") {
            if let sequence = Int(stem.dropFirst(purpose.rawValue.count + 1)), sequence >= 1,
               StatusListRecord.fileName(purpose: purpose, sequence: sequence) == name {
                return (purpose, sequence)
            }
        }
        return nil
    }
}
