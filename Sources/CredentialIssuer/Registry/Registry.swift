import CredentialKit
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The issuer's registry: an SQLite database in the workspace recording every credential issued,
/// the status lists and the index each credential holds in them, every status change with its
/// reason, and an append-only audit log.
///
/// The database runs in WAL mode with `synchronous = FULL`, so a committed issuance survives a
/// crash or a power cut before its file is handed out. Every change is one SQLite transaction
/// begun with `BEGIN IMMEDIATE`; several `Registry` instances — in one process or in several —
/// can use one file at once: a writer waits up to ``busyTimeout`` seconds for another to finish.
///
/// Each instance speaks for one issuer (``issuerID``): it allocates from, lists and publishes
/// that issuer's status lists.
///
/// Beside the file live SQLite's `registry.sqlite-wal` and `-shm`, and `registry.sqlite.lock`,
/// which opening holds so that two processes never set up or migrate a new file at once.
public final class Registry: Sendable {
    /// The registry's file name inside a workspace.
    public static let fileName = "registry.sqlite"
    /// The smallest list Laurel creates: the Bitstring Status List spec's minimum of 131,072
    /// entries (16 KB), so that one credential's index says little about its holder.
    public static let minimumListSize = 131_072
    /// How long a writer waits for another connection's write transaction, in seconds.
    public static let busyTimeout: TimeInterval = 30

    /// The database file.
    public let url: URL
    /// The issuer whose lists this instance allocates from and publishes.
    public let issuerID: String
    /// Where lists are published; ends with `/`. A list's URL is this + `<purpose>-<sequence>.json`.
    public let statusBaseURL: String
    /// The number of entries of each list this instance creates.
    public let listSize: Int

    let pool: DatabasePool

    /// Opens the registry in `directory`, creating it (mode 0600) and applying any missing
    /// schema migrations.
    ///
    /// - Parameters:
    ///   - directory: the workspace directory; it must exist.
    ///   - issuerID: the issuer's id, as credentials and status lists name it.
    ///   - statusBaseURL: an http(s) URL where the lists are published, e.g.
    ///     `https://example.edu/status/`; a missing final `/` is added.
    ///   - listSize: entries per new list; at least ``minimumListSize`` and a multiple of 8.
    /// - Throws: ``IssuerError`` `.invalidRequest` for a bad argument, `.registry` when the file
    ///   cannot be opened or is not a registry, `.registryTooNew` when a newer Laurel upgraded it.
    public convenience init(directory: URL, issuerID: String, statusBaseURL: String,
                            listSize: Int = minimumListSize) throws {
        guard listSize >= Self.minimumListSize else {
            throw IssuerError(.invalidRequest,
                "a status list must have at least \(Self.minimumListSize) entries (Bitstring Status List v1.0), not \(listSize)")
        }
        try self.init(directory: directory, issuerID: issuerID, statusBaseURL: statusBaseURL,
                      belowMinimumListSize: listSize)
    }

    /// Opens the registry with any list size that is a positive multiple of 8, for tests of list
    /// rollover only: lists below ``minimumListSize`` give holders too little herd privacy.
    init(directory: URL, issuerID: String, statusBaseURL: String, belowMinimumListSize listSize: Int) throws {
        guard listSize > 0, listSize % 8 == 0 else {
            throw IssuerError(.invalidRequest, "a status list's size must be a positive multiple of 8, not \(listSize)")
        }
        guard !issuerID.isEmpty, !issuerID.contains(where: \.isWhitespace) else {
            throw IssuerError(.invalidRequest, "the issuer id \"\(issuerID)\" is empty or contains spaces")
        }
        var base = statusBaseURL
        guard base.hasPrefix("https://") || base.hasPrefix("http://"), !base.contains("#"), !base.contains("?"),
              !base.contains(where: \.isWhitespace), base.count > "https://".count else {
            throw IssuerError(.invalidRequest,
                "the status list base URL \"\(statusBaseURL)\" must be an http(s) URL without a query or fragment, e.g. https://example.edu/status/")
        }
        if !base.hasSuffix("/") { base += "/" }

        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw IssuerError(.fileSystem, "the directory \(directory.path) does not exist")
        }
        let url = directory.appendingPathComponent(Self.fileName)
        self.url = url
        self.issuerID = issuerID
        self.statusBaseURL = base
        self.listSize = listSize
        pool = try Self.withOpeningLock(url) {
            try Self.openDatabase(url)
        }
    }

    /// The schema versions (migration identifiers) applied to the file, oldest first.
    public func schemaVersions() throws -> [String] {
        try read { db in try RegistrySchema.migrator.appliedMigrations(db) }
    }

    // MARK: Opening

    /// Opens the pool and migrates it. The caller holds the opening lock, so two processes never
    /// both switch a new file to WAL mode or both run a migration.
    private static func openDatabase(_ url: URL) throws -> DatabasePool {
        do {
            if !FileManager.default.fileExists(atPath: url.path) {
                // SQLite gives the -wal and -shm files the database file's mode.
                let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
                if fd >= 0 { close(fd) }
            }
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout)
            configuration.label = "Laurel registry"
            let pool = try DatabasePool(path: url.path, configuration: configuration)
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            try RegistrySchema.migrator.migrate(pool)
            if try pool.read(RegistrySchema.migrator.hasBeenSuperseded) {
                throw IssuerError(.registryTooNew,
                    "the registry \(url.path) was upgraded by a newer version of Laurel; use that version")
            }
            return pool
        } catch {
            throw IssuerError.wrappingDatabaseError(error, path: url.path)
        }
    }

    /// Runs `body` holding an exclusive `flock` on `<registry>.lock`; the lock is released
    /// when the file is closed, also when the process dies.
    private static func withOpeningLock<T>(_ url: URL, _ body: () throws -> T) throws -> T {
        let lockPath = url.path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw IssuerError(.registry, "cannot open the registry lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw IssuerError(.registry, "cannot lock \(lockPath): \(String(cString: strerror(errno)))")
            }
        }
        return try body()
    }

    // MARK: Access

    /// One write transaction (`BEGIN IMMEDIATE`); database errors become ``IssuerError``s.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(updates)
        } catch {
            throw IssuerError.wrappingDatabaseError(error, path: url.path)
        }
    }

    /// One read transaction on a consistent snapshot.
    func read<T: Sendable>(_ value: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try pool.read(value)
        } catch {
            throw IssuerError.wrappingDatabaseError(error, path: url.path)
        }
    }
}
