import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so a reader never sees half of one: a temporary file in the same directory,
/// flushed to disk, then moved into place in one step.
public enum AtomicFile {
    /// Writes `bytes` to `url`.
    ///
    /// - Parameters:
    ///   - permissions: the file mode, e.g. `0o600` for a private key.
    ///   - overwrite: when false, an existing file is an error and is left untouched.
    ///   - durable: flush the file and its directory to disk before returning; false leaves that
    ///     to a later ``syncFileSystem(containing:)`` (for many files written at once).
    /// - Throws: ``IssuerError`` naming the path and the problem; nothing is left behind on failure.
    public static func write(_ bytes: [UInt8], to url: URL, permissions: mode_t = 0o644, overwrite: Bool = false,
                             durable: Bool = true) throws {
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw IssuerError(.fileSystem, "\(url.path) is a directory, not a file")
            }
            if !overwrite {
                throw IssuerError(.fileSystem, "\(url.path) already exists; choose another name or remove it first")
            }
        }
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw IssuerError(.fileSystem, "the directory \(directory.path) does not exist")
        }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else {
            throw IssuerError(.fileSystem, "cannot create a file in \(directory.path): \(String(cString: strerror(errno)))")
        }
        var written = 0
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                written += n
            }
        }
        if durable, failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if fchmod(fd, permissions) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        close(fd)
        if let failure {
            unlink(temporary.path)
            throw IssuerError(.fileSystem, "cannot write \(url.path): \(failure)")
        }
        if overwrite {
            guard rename(temporary.path, url.path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary.path)
                throw IssuerError(.fileSystem, "cannot move the new file into place at \(url.path): \(reason)")
            }
        } else {
            // link() fails if the target exists, so a concurrent writer is never overwritten.
            guard link(temporary.path, url.path) == 0 else {
                let reason = errno == EEXIST ? "it already exists" : String(cString: strerror(errno))
                unlink(temporary.path)
                throw IssuerError(.fileSystem, "cannot write \(url.path): \(reason)")
            }
            unlink(temporary.path)
        }
        if durable { syncDirectory(directory) }
    }

    /// Flushes everything written to the file system holding `directory` to disk: one call for
    /// the many files a batch writes without `durable`.
    public static func syncFileSystem(containing directory: URL) throws {
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw IssuerError(.fileSystem, "the directory \(directory.path) does not exist")
        }
        // sync(2) flushes every file system; Glibc's module does not export the narrower syncfs(2).
        sync()
        syncDirectory(directory)
    }

    /// Checks, before any work is done, that `url` could be written as a new file: its directory
    /// exists and nothing is there yet.
    public static func checkWritable(_ url: URL) throws {
        var isDirectory: ObjCBool = false
        var info = stat()
        if lstat(url.path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFLNK, !FileManager.default.fileExists(atPath: url.path) {
                throw IssuerError(.fileSystem, "\(url.path) is a symbolic link to nothing; choose another name or remove it first")
            }
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            throw IssuerError(.fileSystem, isDirectory.boolValue ? "\(url.path) is a directory, not a file"
                                                               : "\(url.path) already exists; choose another name or remove it first")
        }
        let directory = url.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw IssuerError(.fileSystem, "the directory \(directory.path) does not exist")
        }
        // The only sure test of a directory (a read-only mount, /proc, a full disk…): make a file there.
        let probe = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let fd = open(probe.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw IssuerError(.fileSystem, "cannot write in \(directory.path): \(String(cString: strerror(errno)))")
        }
        var byte: UInt8 = 0x0a
        let wrote = Glibc.write(fd, &byte, 1)
        let reason = wrote == 1 ? nil : String(cString: strerror(errno))
        close(fd)
        unlink(probe.path)
        if let reason { throw IssuerError(.fileSystem, "cannot write in \(directory.path): \(reason)") }
    }

    /// Removes the temporary files that writers killed part-way left in `directory`
    /// (`.<name>.tmp-<pid>-<n>`, as ``write(_:to:permissions:overwrite:)`` names them), when the
    /// process that made them is gone. Returns how many were removed.
    @discardableResult
    public static func removeAbandonedTemporaryFiles(in directory: URL) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: ".tmp-", options: .backwards) else { continue }
            // `.<name>.tmp-<pid>-<n>`, or SQLite's `-journal`, `-wal`, `-shm` or a registry's
            // `.lock`, `.setup.lock`, `.watermark` beside such a file.
            var tail = String(name[range.upperBound...])
            for suffix in [".setup.lock", ".lock", ".watermark"] where tail.hasSuffix(suffix) { tail.removeLast(suffix.count) }
            let parts = tail.split(separator: "-")
            guard parts.count == 2 || (parts.count == 3 && ["journal", "wal", "shm"].contains(parts[2])),
                  let pid = pid_t(parts[0]), UInt32(parts[1]) != nil, pid > 0 else { continue }
            // Another live process's file in progress is left alone.
            if pid == getpid() || kill(pid, 0) == 0 || errno == EPERM { continue }
            if unlink(directory.appendingPathComponent(name).path) == 0 { removed += 1 }
        }
        return removed
    }

    /// Flushes a directory entry change (a rename) to disk.
    private static func syncDirectory(_ directory: URL) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
