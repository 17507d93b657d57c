import CredentialKit
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The registry's watermark: `registry.sqlite.watermark`, beside the database, records the
/// newest change (audit entry number) the registry has had. Audit numbers only grow, so a
/// registry whose newest change is older than its watermark is an old copy put in place of the
/// real one — whose free status indices may already belong to credentials it does not know, so
/// that issuing from it would give two credentials one index (and a new one a revoked index).
/// Opening such a registry is refused; ``Workspace/restoreRegistry(from:replacingNewer:now:)``
/// and ``Workspace/reconcileRegistry(now:)`` reset the watermark once the copy is made safe.
///
/// The file is written after a write transaction commits — at most once a second, and when the
/// `Registry` is released (so once per `laurel` command) — without `fsync`: a watermark lost or
/// behind in a crash only weakens the check, never makes it refuse a sound registry.
extension Registry {
    /// Throttles watermark writes: one file write per second is plenty for a check that only needs
    /// to know that newer changes existed.
    final class WatermarkClock: @unchecked Sendable {
        private let lock = NSLock()
        private var last = Date.distantPast

        /// True (and the clock reset) when a second has passed since the last write.
        func isDue(now: Date = Date()) -> Bool {
            lock.withLock {
                guard now.timeIntervalSince(last) >= 1 else { return false }
                last = now
                return true
            }
        }
    }

    var watermarkURL: URL { Self.watermarkURL(for: url) }

    static func watermarkURL(for file: URL) -> URL { URL(fileURLWithPath: file.path + ".watermark") }

    /// The number of the newest audit entry, 0 when there is none.
    func latestChange() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM audit") ?? 0 }
    }

    /// The watermark file's registry identity and change number, when it can be read.
    func readWatermark() -> (registryID: String?, latestChange: Int64)? {
        guard let data = FileManager.default.contents(atPath: watermarkURL.path),
              let json = try? JSONParser.parse(Array(data)),
              let latest = json["latestChange"]?.doubleValue else { return nil }
        return (json["registryID"]?.stringValue, Int64(latest))
    }

    /// Raises the watermark to the registry's newest change (never lowers it).
    func recordWatermark() {
        guard let latest = try? latestChange() else { return }
        if let current = readWatermark(), current.latestChange >= latest { return }
        writeWatermark(latest)
    }

    /// Sets the watermark to the registry's newest change, lower or not: the registry as it is
    /// now is the one to compare with from here on.
    func resetWatermark() throws {
        writeWatermark(try latestChange())
    }

    private func writeWatermark(_ latest: Int64) {
        Self.writeWatermark(for: url, registryID: (try? workspaceRegistryID()) ?? nil, latestChange: latest)
    }

    /// Writes the watermark of the registry at `file` (temporary file + rename, no fsync).
    static func writeWatermark(for file: URL, registryID id: String?, latestChange latest: Int64) {
        let watermarkURL = watermarkURL(for: file)
        let json: JSONValue = ["registryID": id.map { .string($0) } ?? .null, "latestChange": .number(Double(latest))]
        let temporary = watermarkURL.deletingLastPathComponent()
            .appendingPathComponent(".\(watermarkURL.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        let bytes = json.serializedBytes() + [0x0a]
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written != bytes.count || rename(temporary, watermarkURL.path) != 0 { unlink(temporary) }
    }

    /// Refuses a registry older than its watermark.
    ///
    /// - Throws: ``IssuerError`` `.registryRolledBack`.
    func checkWatermark() throws {
        guard let mark = readWatermark() else { return }
        let id = try workspaceRegistryID()
        if let markID = mark.registryID, let id, markID != id { return }  // another registry's: the workspace checks identity
        let latest = try latestChange()
        guard latest >= mark.latestChange else {
            throw IssuerError(.registryRolledBack,
                "the registry \(url.path) is older than the one this workspace last used: its newest change is #\(latest), but change #\(mark.latestChange) was made. An old copy was put in place; issuing from it could give a new credential an index that already belongs to another (a revoked one, even)")
        }
    }
}
