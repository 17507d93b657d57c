import CredentialKit
import Foundation
import GRDB

/// A status list file written by ``StatusListPublisher``.
public struct PublishedList: Sendable, Hashable {
    /// The registry's list.
    public var list: StatusListRecord
    /// The file written.
    public var file: URL
    public var validFrom: Date
    public var validUntil: Date
    /// How many bits are set in the published list.
    public var setBits: Int
}

/// What one run of ``StatusListPublisher/publish(registry:to:witnesses:inspector:validity:all:actor:now:sign:)`` did.
public struct PublishReport: Sendable {
    /// The files written, by list then destination.
    public var written: [PublishedList] = []
    /// The files that were already current and were left as they are.
    public var unchanged: [PublishedListState] = []
    /// Lists not written anywhere because they would clear a revocation that a published copy
    /// holds; each names the list, the files and the indices.
    public var refusals: [IssuerError] = []
    /// Destinations (or files in them) that could not be written; the others were.
    public var failures: [IssuerError] = []

    /// True when every destination now holds every list as the registry has it.
    public var isComplete: Bool { refusals.isEmpty && failures.isEmpty }

    /// Every refusal and failure, in plain words.
    public var problems: [String] { (refusals + failures).map(\.reason) }
}

/// Writes the issuer's status lists, as signed `BitstringStatusListCredential` files, into every
/// destination directory whose copy is not current.
///
/// Whether a destination needs a list is decided by reading the file that is there
/// (``StatusListInspector``): missing, unreadable, badly signed, holding other bits than the
/// registry, or with less than half of `validity` left — never by a flag, so a destination a
/// revoke did not reach, or one published to for the first time, is brought up to date by the
/// next run. A destination that cannot be written is reported and the others are still written.
///
/// Each list is published under the registry's write lock: its bits are read, each destination's
/// file inspected, the list credential signed once and written atomically (temporary file +
/// rename) to every destination that needs it, and an audit row added. A crash at any point leaves
/// each file whole, old or new. Holding the lock keeps two publishers from putting an older list
/// over a newer one.
///
/// Revocation is final in every published file: when any copy of a revocation list signed by the
/// issuer — in a destination or a witness directory — has a bit set that the registry does not,
/// the list is written nowhere (see ``PublishReport/refusals``), so a lost, replaced or outdated
/// registry can never un-revoke a credential, not even through a new or emptied destination.
public enum StatusListPublisher {
    /// How long a published list stays valid by default: seven days. Long enough that a daily or
    /// weekly `laurel status publish` (and an offline verifier given the file) never sees a
    /// stale list; short enough that an old copy cannot hide a revocation for long. Lists are
    /// re-signed when less than half of this remains.
    public static let defaultValidity: TimeInterval = 7 * 24 * 60 * 60

    /// Brings every destination up to date.
    ///
    /// - Parameters:
    ///   - destinations: directories where `<purpose>-<sequence>.json` files go; created when absent.
    ///   - witnesses: more directories of published lists, read (never written) for the revocations
    ///     they hold — the workspace's other destinations when publishing to one directory.
    ///   - inspector: reads what is there, with the issuer's id and keys.
    ///   - validity: `validUntil` − `validFrom` of each list credential written, in seconds.
    ///   - all: re-sign and rewrite every list in every destination, current or not.
    ///   - actor: who is publishing, for the audit log.
    ///   - now: the lists' `validFrom`.
    ///   - sign: secures an unsigned list credential with the issuer's key and returns the file's
    ///     bytes (JSON with an embedded proof, or a JWT). It runs under the registry's write lock.
    /// - Returns: what was written, what was already current, what was refused and what failed.
    /// - Throws: ``IssuerError`` for a bad argument or a registry failure, or what `sign` throws;
    ///   lists published before the failure stay published, the failing one keeps its old files.
    @discardableResult
    public static func publish(registry: Registry, to destinations: [URL], witnesses: [URL] = [],
                               inspector: StatusListInspector, validity: TimeInterval = defaultValidity,
                               all: Bool = false, actor: String, now: Date = Date(),
                               sign: (JSONObject) throws -> [UInt8]) throws -> PublishReport {
        guard validity > 0 else {
            throw IssuerError(.invalidRequest, "a status list's validity must be positive, not \(validity) seconds")
        }
        guard !destinations.isEmpty else {
            throw IssuerError(.invalidRequest, "there is nowhere to publish: no destination directory is given")
        }
        var report = PublishReport()
        var usable: [URL] = []
        for destination in destinations {
            do {
                try checkDestination(destination)
                try createDirectory(destination)
                usable.append(destination)
            } catch let error as IssuerError {
                report.failures.append(error)
            }
        }
        let witnesses = witnesses.filter { witness in !usable.contains { $0.standardizedFileURL.path == witness.standardizedFileURL.path } }
        let validFrom = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let validUntil = validFrom.addingTimeInterval(validity.rounded(.up))
        let renewBefore = now.addingTimeInterval(validity / 2)

        // Under the write lock no other Laurel process is writing these directories: whatever
        // temporary file is there was left by one that died.
        try registry.write { _ in
            for destination in usable { AtomicFile.removeAbandonedTemporaryFiles(in: destination) }
        }

        for list in try registry.statusLists() {
            try registry.publishList(id: list.id, actor: actor, now: now, validUntil: validUntil) { current, bits in
                let states = usable.map { inspector.inspect(file: $0.appendingPathComponent(current.fileName), of: current,
                                                            expected: bits, now: now) }
                let seen = witnesses.map { inspector.inspect(file: $0.appendingPathComponent(current.fileName), of: current,
                                                             expected: bits, now: now) }
                if let refusal = try lostChange(in: states + seen, of: current, registry: registry) {
                    report.refusals.append(refusal)
                    return nil
                }
                var targets: [URL] = []
                for state in states {
                    let due = all || !state.isCurrent || (state.validUntil.map { $0 < renewBefore } ?? false)
                    if due { targets.append(URL(fileURLWithPath: state.location)) } else { report.unchanged.append(state) }
                }
                guard !targets.isEmpty else { return nil }
                let credential = try listCredential(for: current, bitstring: bits, issuerID: registry.issuerID,
                                                    validFrom: validFrom, validUntil: validUntil)
                let bytes = try sign(credential)
                var written: [JSONValue] = []
                for file in targets {
                    do {
                        try AtomicFile.write(bytes, to: file, overwrite: true)
                    } catch let error as IssuerError {
                        report.failures.append(error)
                        continue
                    }
                    written.append(.string(file.path))
                    report.written.append(PublishedList(list: current, file: file, validFrom: validFrom,
                                                        validUntil: validUntil, setBits: bits.setIndices.count))
                }
                guard !written.isEmpty else { return nil }
                return ["files": .array(written), "setBits": .number(Double(bits.setIndices.count))]
            }
        }
        return report
    }

    /// The unsigned `BitstringStatusListCredential` (VC Data Model 2.0) for `list`.
    public static func listCredential(for list: StatusListRecord, bitstring: StatusBitstring, issuerID: String,
                                      validFrom: Date, validUntil: Date) throws -> JSONObject {
        let subject = BitstringStatusListSubject(id: list.url + "#list", statusPurposes: [list.purpose.rawValue],
                                                 encodedList: try bitstring.encodedList())
        return [
            "@context": [.string(JSONLDContexts.credentialsV2)],
            "id": .string(list.url),
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": .string(issuerID),
            "validFrom": .string(XSDDateTime.string(from: validFrom)),
            "validUntil": .string(XSDDateTime.string(from: validUntil)),
            "credentialSubject": subject.json,
        ]
    }

    /// The refusal due when publishing `list` would take back a change the issuer published: a
    /// revocation (always final) or a suspension never lifted, that some issuer-signed copy holds
    /// and the registry does not (it lost it). Nil when there is none.
    static func lostChange(in states: [PublishedListState], of list: StatusListRecord, registry: Registry) throws -> IssuerError? {
        let holding = states.filter { $0.isIssuersList && !$0.extraIndices.isEmpty }
        guard !holding.isEmpty else { return nil }
        let extra = Array(Set(holding.flatMap(\.extraIndices))).sorted()
        let lost = Set(extra).subtracting(try registry.clearableIndices(extra, of: list)).sorted()
        guard !lost.isEmpty else { return nil }
        let files = holding.filter { !Set($0.extraIndices).isDisjoint(with: lost) }.map(\.location)
        let (state, change) = list.purpose == .revocation ? ("revoked", "un-revoke") : ("suspended", "lift the suspension of")
        return IssuerError(.wouldUnrevoke,
            "\(files.joined(separator: " and ")) \(files.count == 1 ? "has" : "have") \(describe(lost)) of \(list.url) \(state), which the registry does not; publishing the registry's list would \(change) \(lost.count == 1 ? "it" : "them"), so the list was written nowhere")
    }

    /// Checks, before a status change commits, that publishing it can succeed: each destination can
    /// be written, no list file there is something other than a file, and no copy of a revocation
    /// list signed by the issuer holds a revocation the registry lacks (publishing would be refused).
    ///
    /// - Throws: the first problem, as ``IssuerError``.
    public static func preflight(registry: Registry, destinations: [URL], inspector: StatusListInspector,
                                 now: Date = Date()) throws {
        for destination in destinations { try checkDestination(destination) }
        for list in try registry.statusLists() {
            let bits = try registry.bitstring(listID: list.id)
            for destination in destinations {
                let file = destination.appendingPathComponent(list.fileName)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory) {
                    let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
                    guard !isDirectory.boolValue, (attributes?[.type] as? FileAttributeType) == .typeRegular else {
                        throw IssuerError(.fileSystem, "\(file.path) is not a regular file, so the list cannot be published there; move it away")
                    }
                }
                let state = inspector.inspect(file: file, of: list, expected: bits, now: now)
                if let lost = try lostChange(in: [state], of: list, registry: registry) {
                    throw IssuerError(.wouldUnrevoke, lost.reason + "; no change can be published until the registry has it again")
                }
            }
        }
    }

    /// Checks, before anything is changed, that lists can be published into `directory`: it is a
    /// directory (or can be made one) that this process may write.
    public static func checkDestination(_ directory: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw IssuerError(.fileSystem, "\(directory.path) is a file; status lists are published into a directory")
            }
            // The only sure test (a read-only mount, /proc…): make a file there.
            try AtomicFile.checkWritable(directory.appendingPathComponent(".laurel-probe"))
            return
        }
        var info = stat()
        if lstat(directory.path, &info) == 0 {
            throw IssuerError(.fileSystem, "\(directory.path) is a symbolic link to nothing; status lists are published into a directory")
        }
        // The nearest existing ancestor must be a writable directory.
        var ancestor = directory.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), ancestor.path != "/" {
            ancestor = ancestor.deletingLastPathComponent()
        }
        guard isDirectory.boolValue, access(ancestor.path, W_OK | X_OK) == 0 else {
            throw IssuerError(.fileSystem, "cannot create \(directory.path): \(ancestor.path) is not a directory this user can write")
        }
    }

    static func describe(_ indices: [Int]) -> String {
        let shown = indices.prefix(5).map(String.init).joined(separator: ", ")
        return (indices.count == 1 ? "index " : "indices ") + shown + (indices.count > 5 ? " and \(indices.count - 5) more" : "")
    }

    private static func createDirectory(_ directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw IssuerError(.fileSystem, "cannot create \(directory.path): \(error.localizedDescription)")
        }
    }
}

extension Registry {
    /// Publishes one list in one write transaction: `write` gets the list and its bits as they are
    /// now and writes what is needed, returning details for the audit row (nil: nothing written,
    /// no audit row). If `write` throws, the transaction is rolled back.
    func publishList(id listID: Int64, actor: String, now: Date, validUntil: Date,
                     write writeFiles: (StatusListRecord, StatusBitstring) throws -> JSONObject?) throws {
        let now = RegistryTime.normalised(now)
        try write { db in
            let list = try Self.statusList(id: listID, in: db)
            guard var details = try writeFiles(list, try Self.bitstring(of: list, in: db)) else { return }
            details["list"] = .string(list.url)
            details["version"] = .number(Double(list.version))
            details["validUntil"] = .string(XSDDateTime.string(from: validUntil))
            try Self.appendAudit(in: db, at: now, actor: actor, action: "publish", credentialID: nil, details: .object(details))
        }
    }
}
