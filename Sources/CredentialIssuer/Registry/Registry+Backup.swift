import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension Registry {
    /// The identity the workspace gave this registry when it was created (`laurel.json` records the
    /// same value), or nil for a file nobody has claimed: a new, empty registry, or one made by a
    /// Laurel older than registry identities.
    public func workspaceRegistryID() throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM registryInfo WHERE name = 'workspaceRegistryID'")
        }
    }

    /// Gives the registry its identity when it has none, and returns the identity it has.
    ///
    /// - Parameter id: the identity to give; nil makes a random one.
    func claimIdentity(_ id: String? = nil) throws -> String {
        try write { db in
            if let existing = try String.fetchOne(db, sql: "SELECT value FROM registryInfo WHERE name = 'workspaceRegistryID'") {
                return existing
            }
            let new = id ?? UUID().uuidString.lowercased()
            try db.execute(sql: "INSERT INTO registryInfo (name, value) VALUES ('workspaceRegistryID', ?)", arguments: [new])
            return new
        }
    }

    /// The issuers the registry holds status lists or credentials of.
    public func issuerIDs() throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT issuer FROM statusList UNION SELECT issuer FROM credential ORDER BY 1")
        }
    }

    /// How many credentials the registry holds, of every issuer.
    public func credentialCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM credential") ?? 0 }
    }

    /// Writes a consistent copy of the registry to `file` with SQLite's online backup, while other
    /// processes may go on issuing and revoking.
    ///
    /// The copy is made in a temporary file beside `file`, flushed to disk, then linked into place, so
    /// `file` is either absent or a whole registry.
    ///
    /// - Throws: ``IssuerError`` `.fileSystem` when `file` exists or its directory does not;
    ///   `.registry` for a database failure.
    public func backup(to file: URL) throws {
        try AtomicFile.checkWritable(file)
        AtomicFile.removeAbandonedTemporaryFiles(in: file.deletingLastPathComponent())
        let directory = file.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(file.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary.path + suffix) }
        }
        do {
            try Self.writeCopy(of: pool, to: temporary)
            guard link(temporary.path, file.path) == 0 else {
                throw IssuerError(.fileSystem, "cannot write \(file.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            throw IssuerError.wrappingDatabaseError(error, path: file.path)
        }
    }

    /// What a backup file holds, read without changing it.
    public struct BackupSummary: Sendable {
        public var workspaceRegistryID: String?
        public var credentialCount: Int
        public var revokedCount: Int
        /// The issuers whose status lists it holds.
        public var issuers: [String]
        /// The number of its newest audit entry (audit entries only grow), and when it was made:
        /// of two copies of one registry, the one with the higher number has changes the other lacks.
        public var latestChange: Int64
        public var latestChangeAt: Date?
        public var problems: [String]
    }

    /// Reads a backup file read-only: its identity, its size and SQLite's integrity check.
    ///
    /// - Throws: ``IssuerError`` `.invalidRequest` when the file is not a Laurel registry.
    public static func inspectBackup(_ file: URL) throws -> BackupSummary {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw IssuerError(.fileSystem, "\(file.path) does not exist")
        }
        do {
            let queue = try readOnlyQueue(file)
            defer { try? queue.close() }
            return try queue.read { db in
                guard try db.tableExists("credential"), try db.tableExists("statusList") else {
                    throw IssuerError(.invalidRequest, "\(file.path) is not a Laurel registry (it has no credential and statusList tables)")
                }
                let id = try db.tableExists("registryInfo")
                    ? try String.fetchOne(db, sql: "SELECT value FROM registryInfo WHERE name = 'workspaceRegistryID'") : nil
                return BackupSummary(
                    workspaceRegistryID: id,
                    credentialCount: try Int.fetchOne(db, sql: "SELECT count(*) FROM credential") ?? 0,
                    revokedCount: try Int.fetchOne(db, sql: "SELECT count(*) FROM credential WHERE revokedAt IS NOT NULL") ?? 0,
                    issuers: try String.fetchAll(db, sql: "SELECT DISTINCT issuer FROM statusList ORDER BY issuer"),
                    latestChange: try Int64.fetchOne(db, sql: "SELECT max(id) FROM audit") ?? 0,
                    latestChangeAt: try Int64.fetchOne(db, sql: "SELECT max(at) FROM audit").map(RegistryTime.date(milliseconds:)),
                    problems: try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" })
            }
        } catch let error as IssuerError {
            throw error
        } catch {
            throw IssuerError(.invalidRequest, "\(file.path) is not a readable Laurel registry: \(IssuerError.wrappingDatabaseError(error, path: file.path))")
        }
    }

    /// Every status list the registry at `file` holds, with its set bits (revoked, currently
    /// suspended, retained), read without changing the file.
    static func listsWithSetBits(in file: URL) throws -> [(list: PublishedOnlyList, url: String)] {
        do {
            let queue = try readOnlyQueue(file)
            defer { try? queue.close() }
            return try queue.read { db in
                let retained = try db.tableExists("retainedStatusBit")
                return try Row.fetchAll(db, sql: "SELECT id, purpose, sequence, size, url FROM statusList ORDER BY id").compactMap { row in
                    guard let purpose = StatusPurpose(rawValue: try row.decode(forColumn: "purpose")) else { return nil }
                    let id: Int64 = try row.decode(forColumn: "id")
                    var sql = purpose == .revocation
                        ? "SELECT revocationIndex FROM credential WHERE revocationListID = ? AND revokedAt IS NOT NULL"
                        : "SELECT suspensionIndex FROM credential WHERE suspensionListID = ? AND suspendedAt IS NOT NULL"
                    var arguments: StatementArguments = [id]
                    if retained {
                        sql += " UNION SELECT statusIndex FROM retainedStatusBit WHERE listID = ?"
                        arguments += [id]
                    }
                    let indices = try Int.fetchAll(db, sql: sql, arguments: arguments)
                    return (PublishedOnlyList(purpose: purpose, sequence: try row.decode(forColumn: "sequence"),
                                              size: try row.decode(forColumn: "size"), setIndices: indices.sorted()),
                            try row.decode(forColumn: "url"))
                }
            }
        } catch {
            throw IssuerError.wrappingDatabaseError(error, path: file.path)
        }
    }

    /// The changes (audit entries) the registry at `current` has that the one at `backup` lacks:
    /// how many, and when the newest was made. Zero means `backup` holds all of `current`'s history.
    static func changes(in current: URL, missingFrom backup: URL) throws -> (count: Int, latestAt: Date?) {
        do {
            let queue = try readOnlyQueue(current)
            defer { try? queue.close() }
            return try queue.inDatabase { db in
                try db.execute(sql: "ATTACH DATABASE ? AS backup", arguments: [backup.path])
                defer { try? db.execute(sql: "DETACH DATABASE backup") }
                let row = try Row.fetchOne(db, sql: """
                    SELECT count(*) AS n, max(a.at) AS latest FROM main.audit a
                    WHERE NOT EXISTS (SELECT 1 FROM backup.audit b WHERE b.id = a.id AND b.at = a.at AND b.actor = a.actor
                                      AND b.action = a.action AND b.details = a.details)
                    """)
                let latest: Int64? = try row?.decode(forColumn: "latest")
                return (try row?.decode(forColumn: "n") ?? 0, latest.map(RegistryTime.date(milliseconds:)))
            }
        } catch {
            throw IssuerError.wrappingDatabaseError(error, path: current.path)
        }
    }

    /// Copies the registry backup `source` to the new file `temporary` through SQLite's backup API,
    /// flushed to disk, ready to be renamed into place.
    static func copyBackup(_ source: URL, to temporary: URL) throws {
        do {
            let from = try readOnlyQueue(source)
            defer { try? from.close() }
            try writeCopy(of: from, to: temporary)
        } catch {
            unlink(temporary.path)
            throw IssuerError.wrappingDatabaseError(error, path: source.path)
        }
    }

    /// A connection that reads the database at `file` and can change nothing (a backup, or a
    /// registry about to be replaced).
    private static func readOnlyQueue(_ file: URL) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: file.path, configuration: configuration)
    }

    /// Copies the database `source` reads into the new file `temporary` with SQLite's backup API,
    /// as one self-contained file (no `-wal` beside it to lose when it is copied), flushed to disk.
    private static func writeCopy(of source: some DatabaseReader, to temporary: URL) throws {
        defer {
            for suffix in ["-wal", "-shm", "-journal"] { unlink(temporary.path + suffix) }
        }
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw IssuerError(.fileSystem,
                "cannot create a file in \(temporary.deletingLastPathComponent().path): \(String(cString: strerror(errno)))")
        }
        close(fd)
        let copy = try DatabaseQueue(path: temporary.path)
        try source.backup(to: copy)
        try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        try copy.close()
        let flush = open(temporary.path, O_RDONLY | O_CLOEXEC)
        if flush >= 0 { fsync(flush); close(flush) }
    }

    /// Writes every committed change of the database at `file` into the file itself and empties its
    /// write-ahead log, so the file can be moved without the log. False when it cannot be opened.
    static func checkpoint(_ file: URL) -> Bool {
        guard let queue = try? DatabaseQueue(path: file.path) else { return false }
        defer { try? queue.close() }
        return (try? queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }) != nil
    }

    /// A list published by the issuer that the registry has no row for (a backup older than the list).
    public struct PublishedOnlyList: Sendable {
        public var purpose: StatusPurpose
        public var sequence: Int
        public var size: Int
        /// Its set bits, as published.
        public var setIndices: [Int]

        public init(purpose: StatusPurpose, sequence: Int, size: Int, setIndices: [Int]) {
            self.purpose = purpose
            self.sequence = sequence
            self.size = size
            self.setIndices = setIndices
        }
    }

    /// What ``reconcile(withPublished:publishedOnly:actor:now:)`` did.
    public struct Reconciliation: Sendable {
        /// Credentials revoked or suspended again because a published list said so.
        public var reapplied: [(credentialID: String, action: StatusAction)] = []
        /// Bits kept set for credentials the registry does not hold (issued after the backup).
        public var retained: [(listURL: String, index: Int)] = []
        /// Lists the registry did not know, taken back from what was published (closed, bits kept).
        public var recovered: [String] = []
        /// Credentials the registry holds as suspended whose published suspension list shows them
        /// not suspended (a suspension lifted after the backup); left suspended, for the issuer to check.
        public var suspendedOnlyInRegistry: [String] = []
        /// Lists closed to new credentials.
        public var closedLists = 0
        /// Credentials taken back from their signed files (issued after the backup).
        public var recoveredCredentials: [String] = []
        /// Credential files that could not be taken back, with why.
        public var unrecoverable: [(id: String, reason: String)] = []
        /// What could not be read (a list file, the registry that was replaced), so revocations it
        /// may hold were not taken back; each in plain words.
        public var warnings: [String] = []
    }

    /// Brings a registry just restored from a backup in line with what verifiers already see.
    ///
    /// Every list is closed to new credentials (an index free in the backup may have been given to
    /// a credential issued after it). For each index a list signed by the issuer has set but the
    /// registry has not: the credential holding it is revoked or suspended again, with an audit row;
    /// an index no credential holds (one issued after the backup) stays set for good
    /// (`retainedStatusBit`). Lists published but unknown to the registry are recorded again,
    /// closed, with their set bits kept. All in one transaction.
    ///
    /// - Parameters:
    ///   - extra: by list id, the indices published lists have set that the registry has not.
    ///   - publishedOnly: lists found published that the registry has no row for.
    ///   - lifted: by list id, the suspension indices the registry has set that a published list has not.
    public func reconcile(withPublished extra: [Int64: Set<Int>], publishedOnly: [PublishedOnlyList] = [],
                          lifted: [Int64: Set<Int>] = [:], actor: String, now: Date = Date()) throws -> Reconciliation {
        let now = RegistryTime.normalised(now)
        let issuerID = issuerID
        let statusBaseURL = statusBaseURL
        return try write { db in
            var result = Reconciliation()
            var extra = extra
            for list in publishedOnly {
                let url = statusBaseURL + StatusListRecord.fileName(purpose: list.purpose, sequence: list.sequence)
                guard try Int.fetchOne(db, sql: "SELECT count(*) FROM statusList WHERE url = ?", arguments: [url]) == 0 else { continue }
                try db.execute(sql: """
                    INSERT INTO statusList (issuer, purpose, sequence, url, size, createdAt) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [issuerID, list.purpose.rawValue, list.sequence, url, list.size, RegistryTime.milliseconds(now)])
                let listID = db.lastInsertedRowID
                try StatusIndexAllocator.insertFreeIndices(listID: listID, size: list.size, in: db)
                try Self.appendAudit(in: db, at: now, actor: actor, action: "recover-status-list", credentialID: nil,
                                     details: ["list": .string(url), "setBits": .number(Double(list.setIndices.count)),
                                               "reason": "published by the issuer but unknown to the registry when it was restored"])
                extra[listID] = Set(list.setIndices)
                result.recovered.append(url)
            }
            try db.execute(sql: "UPDATE statusList SET closed = 1 WHERE closed = 0")
            result.closedLists = db.changesCount
            for (listID, indices) in extra.sorted(by: { $0.key < $1.key }) where !indices.isEmpty {
                let list = try Self.statusList(id: listID, in: db)
                let (listColumn, indexColumn, action) = list.purpose == .revocation
                    ? ("revocationListID", "revocationIndex", StatusAction.revoke)
                    : ("suspensionListID", "suspensionIndex", StatusAction.suspend)
                for index in indices.sorted() where index >= 0 && index < list.size {
                    let holder = try Row.fetchOne(db, sql: "SELECT id, revokedAt FROM credential WHERE \(listColumn) = ? AND \(indexColumn) = ?",
                                                  arguments: [listID, index])
                    if let holder {
                        let id: String = try holder.decode(forColumn: "id")
                        let revoked = try holder.decode(Int64?.self, forColumn: "revokedAt") != nil
                        if action == .suspend && revoked { continue }
                        let reason = "\(action == .revoke ? "revoked" : "suspended") in the published list \(list.url) when the registry was restored from a backup"
                        try Self.applyChange(action, credentialID: id, reason: reason, now: now, in: db)
                        try Self.appendAudit(in: db, at: now, actor: actor, action: action.rawValue, credentialID: id,
                                             details: ["list": .string(list.url), "index": .string(String(index)), "reason": .string(reason)])
                        result.reapplied.append((id, action))
                    } else {
                        try db.execute(sql: "INSERT OR IGNORE INTO retainedStatusBit (listID, statusIndex) VALUES (?, ?)",
                                       arguments: [listID, index])
                        try Self.appendAudit(in: db, at: now, actor: actor, action: "retain-status-bit", credentialID: nil,
                                             details: ["list": .string(list.url), "index": .string(String(index)),
                                                       "reason": "set in the published list when the registry was restored; no credential in the registry holds it"])
                        result.retained.append((list.url, index))
                    }
                }
                try db.execute(sql: "UPDATE statusList SET version = version + 1 WHERE id = ?", arguments: [listID])
            }
            for (listID, indices) in lifted {
                for index in indices.sorted() {
                    if let id = try String.fetchOne(db, sql: "SELECT id FROM credential WHERE suspensionListID = ? AND suspensionIndex = ? AND suspendedAt IS NOT NULL",
                                                    arguments: [listID, index]) {
                        result.suspendedOnlyInRegistry.append(id)
                    }
                }
            }
            return result
        }
    }
}
