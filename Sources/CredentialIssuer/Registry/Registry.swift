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
/// Beside the file live SQLite's `registry.sqlite-wal` and `-shm`, `registry.sqlite.lock` (every
/// open `Registry` holds a shared `flock` on it for its lifetime, so a restore, which needs it
/// exclusively, never swaps the file under a process using it) and `registry.sqlite.setup.lock`
/// (held while opening, so two processes never set up or migrate a new file at once).
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
    /// The lock file's descriptor, holding a shared `flock` until the registry is released.
    private let lifetimeLock: Int32
    /// When the watermark was last written by this instance.
    let watermarkClock = WatermarkClock()

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
    convenience init(directory: URL, issuerID: String, statusBaseURL: String, belowMinimumListSize listSize: Int) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw IssuerError(.fileSystem, "the directory \(directory.path) does not exist")
        }
        try self.init(file: directory.appendingPathComponent(Self.fileName), issuerID: issuerID,
                      statusBaseURL: statusBaseURL, listSize: listSize)
    }

    /// Opens the registry database at `file` (any name: a restore prepares one beside the real one).
    ///
    /// - Parameter acceptingRollback: open a registry older than its watermark says (an old copy
    ///   put in place), for ``Workspace/reconcileRegistry(now:)`` and restores only.
    init(file url: URL, issuerID: String, statusBaseURL: String, listSize: Int = minimumListSize,
         acceptingRollback: Bool = false) throws {
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

        self.url = url
        self.issuerID = issuerID
        self.statusBaseURL = base
        self.listSize = listSize
        (pool, lifetimeLock) = try Self.withOpeningLock(url) { lock in
            (try Self.openDatabase(url), lock)
        }
        if !acceptingRollback { try checkWatermark() }
    }

    deinit {
        recordWatermark()
        close(lifetimeLock)
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

    /// Takes a shared `flock` on `<registry>.lock` (waiting while a restore holds it exclusively)
    /// and keeps it: `body` receives the descriptor to keep, and the lock is released when it is
    /// closed, also when the process dies. While `body` opens and migrates the file, an exclusive
    /// lock on `<registry>.setup.lock` keeps two processes from setting up one file at once.
    private static func withOpeningLock<T>(_ url: URL, _ body: (Int32) throws -> T) throws -> T {
        let lockPath = url.path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw IssuerError(.registry, "cannot open the registry lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        do {
            try lock(fd, LOCK_SH, path: lockPath)
            let setupPath = url.path + ".setup.lock"
            let setup = open(setupPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard setup >= 0 else {
                throw IssuerError(.registry, "cannot open the registry lock file \(setupPath): \(String(cString: strerror(errno)))")
            }
            defer { close(setup) }
            try lock(setup, LOCK_EX, path: setupPath)
            return try body(fd)
        } catch {
            close(fd)
            throw error
        }
    }

    private static func lock(_ fd: Int32, _ operation: Int32, path: String) throws {
        while flock(fd, operation) != 0 {
            guard errno == EINTR else {
                throw IssuerError(.registry, "cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Runs `body` while no `Registry` has the registry at `file` open, in this process or another:
    /// holds the lock file exclusively, without waiting.
    ///
    /// - Throws: ``IssuerError`` `.registryBusy` when the registry is in use.
    static func withExclusiveUse<T>(of file: URL, _ body: () throws -> T) throws -> T {
        let lockPath = file.path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw IssuerError(.registry, "cannot open the registry lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK {
                throw IssuerError(.registryBusy,
                    "another laurel process is using the registry \(file.path) (issuing, revoking, publishing or serving); stop it or let it finish, then try again")
            }
            throw IssuerError(.registry, "cannot lock \(lockPath): \(String(cString: strerror(errno)))")
        }
        return try body()
    }

    // MARK: Access

    /// One write transaction (`BEGIN IMMEDIATE`); database errors become ``IssuerError``s.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        let result: T
        do {
            result = try pool.write(updates)
        } catch {
            throw IssuerError.wrappingDatabaseError(error, path: url.path)
        }
        if watermarkClock.isDue() { recordWatermark() }
        return result
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
