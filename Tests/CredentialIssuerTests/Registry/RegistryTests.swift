import CredentialKit
import Foundation
import GRDB
import Synchronization
import Testing
@testable import CredentialIssuer

@Suite("Registry")
struct RegistryTests {
    // MARK: Opening and migrations

    @Test("a v1 registry (with published flags) is migrated to v2: data kept, no identity until the workspace claims it")
    func migratesVersion1() throws {
        let temp = try TemporaryDirectory()
        do {
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1", migrate: RegistrySchema.createVersion1)
            let queue = try DatabaseQueue(path: temp.path(Registry.fileName).path)
            try migrator.migrate(queue)
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO statusList (issuer, purpose, sequence, url, size, version, publishedVersion, createdAt, publishedAt)
                    VALUES (?, 'revocation', 1, 'https://example.edu/status/revocation-1.json', 131072, 3, 2, 0, 0)
                    """, arguments: [RegistryFixture.issuerID])
            }
        }
        let registry = try RegistryFixture.open(temp.url)
        #expect(try registry.schemaVersions() == ["v1", "v2", "v3", "v4"])
        #expect(try registry.statusLists().map(\.version) == [3])
        #expect(try registry.workspaceRegistryID() == nil)
        let id = try registry.claimIdentity()
        #expect(try registry.claimIdentity("another") == id, "an identity, once given, stays")
    }

    @Test("a new registry records schemas v1 and v2; reopening keeps the data and applies nothing twice")
    func reopen() throws {
        let temp = try TemporaryDirectory()
        do {
            let registry = try RegistryFixture.open(temp.url)
            #expect(try registry.schemaVersions() == ["v1", "v2", "v3", "v4"])
            _ = try registry.recordIssuance(RegistryFixture.request(1), actor: "alice") {
                RegistryFixture.fakeSign(RegistryFixture.request(1), $0)
            }
        }
        let reopened = try RegistryFixture.open(temp.url)
        #expect(try reopened.schemaVersions() == ["v1", "v2", "v3", "v4"])
        #expect(try reopened.credential(id: "urn:example:1")?.achievementID == "cc-core")
        #expect(try RegistryFixture.open(temp.url).statusLists().count == 2)
        let mode = try FileManager.default.attributesOfItem(atPath: temp.path(Registry.fileName).path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the registry holds recipients' data")
    }

    @Test("bad arguments and a file that is not a registry are refused with a reason")
    func refusals() throws {
        let temp = try TemporaryDirectory()
        #expect(throws: IssuerError(.invalidRequest, "")) {
            _ = try Registry(directory: temp.url, issuerID: RegistryFixture.issuerID, statusBaseURL: RegistryFixture.baseURL,
                             listSize: 1_024)
        }
        #expect(throws: IssuerError(.invalidRequest, "")) {
            _ = try Registry(directory: temp.url, issuerID: RegistryFixture.issuerID, statusBaseURL: RegistryFixture.baseURL,
                             listSize: Registry.minimumListSize + 1)
        }
        for base in ["ftp://example.edu/status/", "https://example.edu/status?x=1", "https://example.edu/s#f", "status/", ""] {
            #expect(throws: IssuerError(.invalidRequest, ""), "\(base)") {
                _ = try Registry(directory: temp.url, issuerID: RegistryFixture.issuerID, statusBaseURL: base)
            }
        }
        #expect(throws: IssuerError(.invalidRequest, "")) {
            _ = try Registry(directory: temp.url, issuerID: "", statusBaseURL: RegistryFixture.baseURL)
        }
        #expect(throws: IssuerError(.fileSystem, "")) {
            _ = try RegistryFixture.open(temp.path("missing"))
        }
        try FileManager.default.createDirectory(at: temp.path("junk"), withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 4_096).write(to: temp.path("junk").appendingPathComponent(Registry.fileName))
        do {
            _ = try RegistryFixture.open(temp.path("junk"))
            Issue.record("a file of junk opened as a registry")
        } catch let error as IssuerError {
            #expect(error.code == .registry)
            #expect(error.reason.contains(Registry.fileName))
        }
    }

    @Test("a base URL without a final slash gets one")
    func baseURLSlash() throws {
        let temp = try TemporaryDirectory()
        let registry = try Registry(directory: temp.url, issuerID: RegistryFixture.issuerID,
                                    statusBaseURL: "https://example.edu/status")
        #expect(registry.statusBaseURL == "https://example.edu/status/")
    }

    // MARK: Issuance records

    @Test("an issuance is stored whole: fields, digest, contents, list positions, audit row")
    func issuanceRecord() throws {
        let fixture = try RegistryFixture()
        // Times keep whole milliseconds, and what is returned is exactly what reads back.
        let now = Date(timeIntervalSince1970: 1_760_000_000.123_456)
        var request = RegistryFixture.request(7, batch: "roster-2026-05")
        request.validUntil = Date(timeIntervalSince1970: 1_900_000_000)
        let returned = try fixture.registry.recordIssuance(request, actor: "alice", now: now) {
            RegistryFixture.fakeSign(request, $0)
        }
        let stored = try #require(try fixture.registry.credential(id: "urn:example:7"))
        #expect(stored == returned)
        #expect(stored.issuerID == RegistryFixture.issuerID)
        #expect(stored.recipientIdentifier == request.recipientIdentifier)
        #expect(stored.batchID == "roster-2026-05")
        #expect(stored.proofFormat == "eddsa-jcs-2022")
        #expect(stored.validFrom == request.validFrom)
        #expect(stored.validUntil == request.validUntil)
        #expect(abs(stored.issuedAt.timeIntervalSince(now)) < 0.001)
        #expect(stored.issuedAt.timeIntervalSince1970 == 1_760_000_000.123)
        #expect(stored.state == .active)
        #expect(stored.digest == Hex.encode(Digest.sha256.hash(stored.contents)))
        let contents = try JSONParser.parse(stored.contents)
        #expect(contents["credentialStatus"]?.arrayValue?.count == 2)
        #expect(stored.revocation.listURL == "https://example.edu/status/revocation-1.json")
        #expect(stored.suspension.listURL == "https://example.edu/status/suspension-1.json")

        let audit = try fixture.registry.auditEntries(limit: 10)
        #expect(audit.count == 1)
        #expect(audit[0].action == "issue")
        #expect(audit[0].actor == "alice")
        #expect(audit[0].credentialID == "urn:example:7")
        #expect(audit[0].at == stored.issuedAt)
        #expect(audit[0].details["batch"] == "roster-2026-05")
        #expect(audit[0].details["digest"]?.stringValue == stored.digest)
    }

    @Test("a credential id already recorded is refused before signing; nothing changes")
    func duplicate() throws {
        let fixture = try RegistryFixture()
        try fixture.issue(1)
        var signed = false
        #expect(throws: IssuerError(.duplicateCredential, "")) {
            _ = try fixture.registry.recordIssuance(RegistryFixture.request(0), actor: "test") { allocation in
                signed = true
                return RegistryFixture.fakeSign(RegistryFixture.request(0), allocation)
            }
        }
        #expect(!signed)
        #expect(try fixture.registry.statusLists().map(\.allocatedCount) == [1, 1])
        #expect(try fixture.registry.auditEntries(limit: 10).count == 1)
    }

    @Test("a signed credential with another id, an empty id, or validUntil before validFrom is refused")
    func invalidRequests() throws {
        let fixture = try RegistryFixture()
        #expect(throws: IssuerError(.invalidRequest, "")) {
            _ = try fixture.registry.recordIssuance(RegistryFixture.request(1), actor: "test") {
                RegistryFixture.fakeSign(RegistryFixture.request(2), $0)
            }
        }
        var empty = RegistryFixture.request(3)
        empty.credentialID = ""
        var backwards = RegistryFixture.request(4)
        backwards.validUntil = backwards.validFrom.addingTimeInterval(-1)
        for request in [empty, backwards] {
            #expect(throws: IssuerError(.invalidRequest, "")) {
                _ = try fixture.registry.recordIssuance(request, actor: "test") { RegistryFixture.fakeSign(request, $0) }
            }
        }
        #expect(try fixture.registry.statusLists().isEmpty)
    }

    @Test("credentialIDs(batch:) lists a batch in issue order and nothing else")
    func batchLookup() throws {
        let fixture = try RegistryFixture()
        try fixture.issue(3, batch: "run-a")
        try fixture.issue(2, from: 10, batch: "run-b")
        try fixture.issue(1, from: 20)
        #expect(try fixture.registry.credentialIDs(batch: "run-a") == ["urn:example:0", "urn:example:1", "urn:example:2"])
        #expect(try fixture.registry.credentialIDs(batch: "run-b") == ["urn:example:10", "urn:example:11"])
        #expect(try fixture.registry.credentialIDs(batch: "run-c").isEmpty)
    }

    // MARK: Status changes

    @Test("revoke sets the credential's bit in the revocation list only, keeps the reason, audits, bumps the version")
    func revoke() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(10)
        let target = records[3]
        let report = try fixture.registry.changeStatus(.revoke, credentialIDs: [target.id], reason: "graded in error",
                                                       actor: "registrar")
        #expect(report.credentialIDs(.changed) == [target.id])
        #expect(report.changedListURLs == [target.revocation.listURL])

        let revocationBits = try fixture.registry.bitstring(listID: target.revocation.listID)
        #expect(revocationBits.setIndices == [target.revocation.index])
        #expect(try fixture.registry.bitstring(listID: target.suspension.listID).setIndices.isEmpty)

        let stored = try #require(try fixture.registry.credential(id: target.id))
        #expect(stored.state == .revoked)
        #expect(stored.revocationReason == "graded in error")
        #expect(stored.revokedAt != nil)
        #expect(try fixture.registry.credential(id: records[4].id)?.state == .active)

        let lists = try fixture.registry.statusLists()
        #expect(lists.first { $0.purpose == .revocation }?.version == 2)
        #expect(lists.first { $0.purpose == .suspension }?.version == 1)

        let audit = try fixture.registry.auditEntries(limit: 1)[0]
        #expect(audit.action == "revoke")
        #expect(audit.actor == "registrar")
        #expect(audit.credentialID == target.id)
        #expect(audit.details["reason"] == "graded in error")
        #expect(audit.details["index"]?.stringValue == String(target.revocation.index))
    }

    @Test("suspend sets and unsuspend clears the suspension bit, each bumping the suspension list's version")
    func suspendUnsuspend() throws {
        let fixture = try RegistryFixture()
        let target = try fixture.issue(5)[2]
        let suspended = try fixture.registry.changeStatus(.suspend, credentialIDs: [target.id], reason: "under review",
                                                          actor: "registrar")
        #expect(suspended.credentialIDs(.changed) == [target.id])
        #expect(try fixture.registry.bitstring(listID: target.suspension.listID).setIndices == [target.suspension.index])
        #expect(try fixture.registry.bitstring(listID: target.revocation.listID).setIndices.isEmpty)
        var stored = try #require(try fixture.registry.credential(id: target.id))
        #expect(stored.state == .suspended)
        #expect(stored.suspensionReason == "under review")

        let again = try fixture.registry.changeStatus(.suspend, credentialIDs: [target.id], reason: nil, actor: "registrar")
        #expect(again.credentialIDs(.unchanged) == [target.id])
        #expect(again.changedListURLs.isEmpty)

        let cleared = try fixture.registry.changeStatus(.unsuspend, credentialIDs: [target.id], reason: "review done",
                                                        actor: "registrar")
        #expect(cleared.credentialIDs(.changed) == [target.id])
        #expect(try fixture.registry.bitstring(listID: target.suspension.listID).setIndices.isEmpty)
        stored = try #require(try fixture.registry.credential(id: target.id))
        #expect(stored.state == .active)
        #expect(stored.suspensionReason == nil)
        #expect(try fixture.registry.statusLists().first { $0.purpose == .suspension }?.version == 3)

        let notSuspended = try fixture.registry.changeStatus(.unsuspend, credentialIDs: [target.id], reason: nil, actor: "r")
        #expect(notSuspended.credentialIDs(.unchanged) == [target.id])
        let actions = try fixture.registry.auditEntries(limit: 3).map(\.action)
        #expect(actions == ["unsuspend", "suspend", "issue"])
        #expect(try fixture.registry.auditEntries(limit: 2)[0].details["reason"] == "review done")
    }

    @Test("revocation is final: revoking again changes nothing, suspend and unsuspend are refused")
    func revocationIsFinal() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(3)
        // records[1] is suspended first, then revoked: its suspension bit stays as it was.
        _ = try fixture.registry.changeStatus(.suspend, credentialIDs: [records[1].id], reason: "check", actor: "r")
        _ = try fixture.registry.changeStatus(.revoke, credentialIDs: [records[0].id, records[1].id], reason: "fraud", actor: "r")
        let versions = try fixture.registry.statusLists().map(\.version)

        let revokeAgain = try fixture.registry.changeStatus(.revoke, credentialIDs: [records[0].id], reason: "other", actor: "r")
        #expect(revokeAgain.credentialIDs(.unchanged) == [records[0].id])
        #expect(try fixture.registry.credential(id: records[0].id)?.revocationReason == "fraud")
        for action in [StatusAction.suspend, .unsuspend] {
            // All or nothing: records[2] is not suspended either.
            #expect(throws: IssuerError(.credentialRevoked, "")) {
                try fixture.registry.changeStatus(action, credentialIDs: [records[2].id, records[0].id, records[1].id], reason: nil,
                                                  actor: "r")
            }
        }
        #expect(try fixture.registry.credential(id: records[2].id)?.state == .active)
        #expect(try fixture.registry.statusLists().map(\.version) == versions)
        #expect(try fixture.registry.credential(id: records[1].id)?.state == .revoked)
        #expect(try fixture.registry.bitstring(listID: records[1].suspension.listID).setIndices == [records[1].suspension.index])
        #expect(Set(try fixture.registry.bitstring(listID: records[0].revocation.listID).setIndices)
                == [records[0].revocation.index, records[1].revocation.index])
    }

    @Test("an unknown id refuses the whole change, naming it; with skipUnknown the known ones change; a repeated id counts once")
    func unknownIDs() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(2)
        let ids = ["urn:example:nope", records[1].id, records[1].id, ""]
        #expect {
            try fixture.registry.changeStatus(.revoke, credentialIDs: ids, reason: nil, actor: "r")
        } throws: { error in
            (error as? IssuerError)?.code == .unknownCredential && (error as? IssuerError)?.reason.contains("urn:example:nope") == true
        }
        #expect(try fixture.registry.credential(id: records[1].id)?.state == .active)
        #expect(try fixture.registry.auditEntries(limit: 10).filter { $0.action == "revoke" }.isEmpty)

        let report = try fixture.registry.changeStatus(.revoke, credentialIDs: ids, reason: nil, actor: "r", skipUnknown: true)
        #expect(report.outcomes.map(\.credentialID) == ["urn:example:nope", records[1].id, ""])
        #expect(report.credentialIDs(.unknown) == ["urn:example:nope", ""])
        #expect(report.credentialIDs(.changed) == [records[1].id])
        #expect(try fixture.registry.auditEntries(limit: 10).filter { $0.action == "revoke" }.count == 1)

        let none = try fixture.registry.changeStatus(.revoke, credentialIDs: [], reason: nil, actor: "r")
        #expect(none.outcomes.isEmpty && none.changedListURLs.isEmpty)
    }

    @Test("a bulk revocation of 1,000 is one transaction: one version step, 1,000 audit rows, every bit set")
    func bulkRevocation() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(1_500)
        let chosen = Array(records.shuffled().prefix(1_000))
        let report = try fixture.registry.changeStatus(.revoke, credentialIDs: chosen.map(\.id), reason: "course withdrawn",
                                                       actor: "registrar")
        #expect(report.credentialIDs(.changed).count == 1_000)
        let list = try #require(try fixture.registry.statusLists().first { $0.purpose == .revocation })
        #expect(list.version == 2)
        #expect(Set(try fixture.registry.bitstring(listID: list.id).setIndices) == Set(chosen.map(\.revocation.index)))
        #expect(try fixture.registry.auditEntries(limit: 5_000).filter { $0.action == "revoke" }.count == 1_000)
    }

    // MARK: Audit

    @Test("recordAudit appends an entry with its details; entries come newest first")
    func audit() throws {
        let fixture = try RegistryFixture()
        let t0 = Date(timeIntervalSince1970: 1_760_000_000)
        try fixture.registry.recordAudit(action: "key-generate", actor: "ops", details: ["type": "ed25519"], now: t0)
        try fixture.registry.recordAudit(action: "key-rotate", actor: "ops", details: ["from": "a", "to": "b"],
                                         now: t0.addingTimeInterval(60))
        let entries = try fixture.registry.auditEntries(limit: 10)
        #expect(entries.map(\.action) == ["key-rotate", "key-generate"])
        #expect(entries[1].details == ["type": "ed25519"])
        #expect(entries[1].at == t0)
        #expect(entries[0].id > entries[1].id)
        #expect(try fixture.registry.auditEntries(limit: 1).count == 1)
        #expect(try fixture.registry.auditEntries(limit: -5).isEmpty)
        #expect(throws: IssuerError(.invalidRequest, "")) {
            try fixture.registry.recordAudit(action: "", actor: "ops", details: .null)
        }
    }

    @Test("an unknown list id is an error, not an empty list")
    func unknownList() throws {
        let fixture = try RegistryFixture()
        #expect(throws: IssuerError(.unknownStatusList, "")) { _ = try fixture.registry.bitstring(listID: 42) }
        #expect(try fixture.registry.credential(id: "urn:example:none") == nil)
    }

    // MARK: Concurrency

    @Test("several connections issuing and revoking at once: no index twice, no revocation lost, no busy error")
    func concurrentWriters() throws {
        let temp = try TemporaryDirectory()
        let directory = temp.url
        let writers = 4
        let deadline = Date().addingTimeInterval(4)
        let issued = Mutex<[String]>([])
        let revoked = Mutex<[String]>([])
        try runOnThreads(writers) { writer in
            // Each thread opens its own Registry: its own SQLite connections, as a separate process has.
            let registry = try RegistryFixture.open(directory, listSize: 2_048)
            var mine: [String] = []
            var n = 0
            while Date() < deadline {
                let request = RegistryFixture.request(n, prefix: "urn:writer\(writer):")
                _ = try registry.recordIssuance(request, actor: "writer\(writer)") { RegistryFixture.fakeSign(request, $0) }
                mine.append(request.credentialID)
                if n % 4 == 3 {
                    let victim = mine[Int.random(in: 0..<mine.count)]
                    let report = try registry.changeStatus(.revoke, credentialIDs: [victim], reason: "w\(writer)",
                                                           actor: "writer\(writer)")
                    if report.credentialIDs(.changed) == [victim] { revoked.withLock { $0.append(victim) } }
                }
                n += 1
            }
            issued.withLock { $0 += mine }
        }

        let registry = try RegistryFixture.open(temp.url, listSize: 2_048)
        let ids = issued.withLock { $0 }
        let revokedIDs = Set(revoked.withLock { $0 })
        #expect(ids.count > 50, "only \(ids.count) issued in 4 s")
        var revocationPositions = Set<[Int]>()
        var suspensionPositions = Set<[Int]>()
        var expectedBits: [Int64: Set<Int>] = [:]
        for id in ids {
            let record = try #require(try registry.credential(id: id))
            #expect(revocationPositions.insert([Int(record.revocation.listID), record.revocation.index]).inserted)
            #expect(suspensionPositions.insert([Int(record.suspension.listID), record.suspension.index]).inserted)
            #expect((record.state == .revoked) == revokedIDs.contains(id), "\(id)")
            if record.state == .revoked { expectedBits[record.revocation.listID, default: []].insert(record.revocation.index) }
        }
        let lists = try registry.statusLists()
        #expect(lists.reduce(0) { $0 + $1.allocatedCount } == 2 * ids.count)
        #expect(try registry.integrityProblems() == [])
        for list in lists where list.purpose == .revocation {
            #expect(Set(try registry.bitstring(listID: list.id).setIndices) == expectedBits[list.id, default: []])
        }
        #expect(try registry.auditEntries(limit: 1_000_000).count == ids.count + revokedIDs.count)
    }
}

/// Checks that reach under the API, through the registry's own database connection.
@Suite("Registry integrity")
struct RegistryIntegrityTests {
    @Test("a sound registry reports no problem; a lost, duplicated or doubly used index is reported")
    func integrity() throws {
        let fixture = try RegistryFixture(listSize: 64)
        let records = try fixture.issue(40)
        #expect(try fixture.registry.integrityProblems() == [])

        let lost = records[0].revocation
        try fixture.registry.pool.write { db in
            // An index both free and held, and a free row gone: both must show.
            try db.execute(sql: "INSERT INTO freeStatusIndex (listID, position, statusIndex) VALUES (?, 1000000, ?)",
                           arguments: [lost.listID, lost.index])
            try db.execute(sql: "DELETE FROM freeStatusIndex WHERE listID = ? AND position = (SELECT min(position) FROM freeStatusIndex WHERE listID = ?)",
                           arguments: [records[0].suspension.listID, records[0].suspension.listID])
        }
        let problems = try fixture.registry.integrityProblems()
        #expect(problems.contains { $0.contains("revocation-1.json") && $0.contains("both held by a credential and listed as free") })
        #expect(problems.contains { $0.contains("suspension-1.json") && $0.contains("do not add up") })
    }

    @Test("the audit log refuses updates and deletes")
    func auditIsAppendOnly() throws {
        let fixture = try RegistryFixture()
        try fixture.registry.recordAudit(action: "key-generate", actor: "ops", details: ["type": "ed25519"])
        for sql in ["UPDATE audit SET actor = 'mallory'", "DELETE FROM audit"] {
            #expect(throws: (any Error).self, "\(sql)") {
                try fixture.registry.pool.write { try $0.execute(sql: sql) }
            }
        }
        #expect(try fixture.registry.auditEntries(limit: 10).map(\.actor) == ["ops"])
    }

    @Test("a registry a newer Laurel migrated is refused, not used")
    func newerSchemaRefused() throws {
        let temp = try TemporaryDirectory()
        try RegistryFixture.open(temp.url).pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
        }
        #expect(throws: IssuerError(.registryTooNew, "")) { _ = try RegistryFixture.open(temp.url) }
    }
}
