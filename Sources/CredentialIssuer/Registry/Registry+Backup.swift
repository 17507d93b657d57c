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
        let directory = file.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(file.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary.path + suffix) }
        }
        do {
            let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw IssuerError(.fileSystem, "cannot create a file in \(directory.path): \(String(cString: strerror(errno)))")
            }
            close(fd)
            do {
                let copy = try DatabaseQueue(path: temporary.path)
                try pool.backup(to: copy)
                try copy.writeWithoutTransaction { db in
                    // A single self-contained file: no -wal beside it to lose when it is copied.
                    try db.execute(sql: "PRAGMA journal_mode = DELETE")
                }
                try copy.close()
            }
            let fd2 = open(temporary.path, O_RDONLY | O_CLOEXEC)
            if fd2 >= 0 { fsync(fd2); close(fd2) }
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
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: file.path, configuration: configuration)
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
                    problems: try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" })
            }
        } catch let error as IssuerError {
            throw error
        } catch {
            throw IssuerError(.invalidRequest, "\(file.path) is not a readable Laurel registry: \(IssuerError.wrappingDatabaseError(error, path: file.path))")
        }
    }

    /// Copies the registry backup `source` to `destination` (a registry file that does not exist),
    /// through SQLite's backup API and a temporary file, so `destination` is whole or absent.
    static func copyBackup(_ source: URL, to destination: URL) throws {
        let directory = destination.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(destination.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary.path + suffix) }
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let from = try DatabaseQueue(path: source.path, configuration: configuration)
            let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw IssuerError(.fileSystem, "cannot create a file in \(directory.path): \(String(cString: strerror(errno)))")
            }
            close(fd)
            let to = try DatabaseQueue(path: temporary.path)
            try from.backup(to: to)
            try to.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try to.close()
            try from.close()
            let fd2 = open(temporary.path, O_RDONLY | O_CLOEXEC)
            if fd2 >= 0 { fsync(fd2); close(fd2) }
            guard link(temporary.path, destination.path) == 0 else {
                throw IssuerError(.fileSystem, "cannot write \(destination.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            throw IssuerError.wrappingDatabaseError(error, path: destination.path)
        }
    }
}
