import CredentialKit
import Foundation
import GRDB

/// A status list written by ``StatusListPublisher``.
public struct PublishedList: Sendable, Hashable {
    /// The list as the registry now records it (``StatusListRecord/publishedVersion`` updated).
    public var list: StatusListRecord
    /// The file written.
    public var file: URL
    public var validFrom: Date
    public var validUntil: Date
    /// How many bits are set in the published list.
    public var setBits: Int
}

/// Writes the issuer's status lists as signed `BitstringStatusListCredential` files.
///
/// Each list is published in its own registry write transaction: its bits are read, the list
/// credential is built and signed, the file replaced atomically (temporary file + rename), and only
/// then is the list's version marked as published and an audit row added. A crash at any point
/// leaves the previous file or the new one, never part of one; a list whose file was replaced but
/// whose version was not yet marked is simply published again by the next run. Holding the write
/// lock while the file is written keeps two publishers from putting an older list over a newer one.
public enum StatusListPublisher {
    /// How long a published list stays valid by default: seven days. Long enough that a daily or
    /// weekly `laurel status publish` (and an offline verifier given the file) never sees a
    /// stale list; short enough that an old copy cannot hide a revocation for long. Lists are
    /// re-signed when less than half of this remains.
    public static let defaultValidity: TimeInterval = 7 * 24 * 60 * 60

    /// Publishes the lists that need it: every list when `all` is true; otherwise those whose bits
    /// changed since they were last published, never published, or with less than half of
    /// `validity` left before their `validUntil`.
    ///
    /// - Parameters:
    ///   - outDirectory: where `<purpose>-<sequence>.json` files go; created when absent.
    ///   - validity: `validUntil` − `validFrom` of each list credential, in seconds.
    ///   - actor: who is publishing, for the audit log.
    ///   - now: the lists' `validFrom`.
    ///   - sign: secures an unsigned list credential with the issuer's key and returns the file's
    ///     bytes (JSON with an embedded proof, or a JWT). It runs under the registry's write lock.
    /// - Returns: the lists written, in registry order.
    /// - Throws: ``IssuerError`` for file or registry failures, or what `sign` throws; lists
    ///   published before the failure stay published, the failing one keeps its old file.
    @discardableResult
    public static func publish(registry: Registry, to outDirectory: URL, validity: TimeInterval = defaultValidity,
                               all: Bool = false, actor: String, now: Date = Date(),
                               sign: (JSONObject) throws -> [UInt8]) throws -> [PublishedList] {
        guard validity > 0 else {
            throw IssuerError(.invalidRequest, "a status list's validity must be positive, not \(validity) seconds")
        }
        try prepareDirectory(outDirectory)
        let validFrom = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let validUntil = validFrom.addingTimeInterval(validity.rounded(.up))
        let due = try registry.statusLists().filter { list in
            all || list.needsPublishing || (list.publishedUntil ?? .distantPast) < now.addingTimeInterval(validity / 2)
        }
        var published: [PublishedList] = []
        for list in due {
            let file = outDirectory.appendingPathComponent(list.fileName)
            var setBits = 0
            let updated = try registry.publishList(id: list.id, actor: actor, now: now, validUntil: validUntil) { current, bits in
                let credential = try listCredential(for: current, bitstring: bits, issuerID: registry.issuerID,
                                                    validFrom: validFrom, validUntil: validUntil)
                try AtomicFile.write(try sign(credential), to: file, overwrite: true)
                setBits = bits.setIndices.count
                return ["file": .string(file.path), "setBits": .number(Double(setBits))]
            }
            published.append(PublishedList(list: updated, file: file, validFrom: validFrom, validUntil: validUntil,
                                           setBits: setBits))
        }
        return published
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

    private static func prepareDirectory(_ directory: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw IssuerError(.fileSystem, "\(directory.path) is a file; status lists are published into a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw IssuerError(.fileSystem, "cannot create \(directory.path): \(error.localizedDescription)")
        }
    }
}

extension Registry {
    /// Publishes one list in one write transaction: `write` gets the list and its bits as they are
    /// now, writes the file and returns details for the audit row; then the list's current version
    /// is marked published. If `write` throws, nothing is marked.
    func publishList(id listID: Int64, actor: String, now: Date, validUntil: Date,
                     write writeFile: (StatusListRecord, StatusBitstring) throws -> JSONObject) throws -> StatusListRecord {
        try write { db in
            var list = try Self.statusList(id: listID, in: db)
            var details = try writeFile(list, try Self.bitstring(of: list, in: db))
            try db.execute(sql: """
                UPDATE statusList SET publishedVersion = version, publishedAt = ?, publishedUntil = ? WHERE id = ?
                """, arguments: [now, validUntil, listID])
            details["list"] = .string(list.url)
            details["version"] = .number(Double(list.version))
            details["validUntil"] = .string(XSDDateTime.string(from: validUntil))
            try Self.appendAudit(in: db, at: now, actor: actor, action: "publish", credentialID: nil, details: .object(details))
            list.publishedVersion = list.version
            list.publishedAt = now
            list.publishedUntil = validUntil
            return list
        }
    }
}
