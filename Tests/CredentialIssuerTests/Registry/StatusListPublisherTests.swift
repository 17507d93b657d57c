import CredentialKit
import Foundation
import Testing
@testable import CredentialIssuer

@Suite("StatusListPublisher")
struct StatusListPublisherTests {
    @Test("writes one BitstringStatusListCredential per list, shaped as VCDM 2.0 and the spec require")
    func credentialShape() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(3)
        _ = try fixture.registry.changeStatus(.revoke, credentialIDs: [records[0].id], reason: nil, actor: "r")
        let now = Date(timeIntervalSince1970: 1_760_000_000.75)
        let published = try fixture.publish(now: now, validity: 86_400).written
        #expect(published.map(\.file.lastPathComponent) == ["revocation-1.json", "suspension-1.json"])
        #expect(published.map(\.setBits) == [1, 0])
        #expect(fixture.temp.listing().filter { $0.hasPrefix("status/") } == ["status/revocation-1.json", "status/suspension-1.json"])

        let json = try JSONParser.parse(Array(try Data(contentsOf: fixture.temp.path("status/revocation-1.json"))))
        #expect(json["@context"] == ["https://www.w3.org/ns/credentials/v2"])
        #expect(json["id"] == "https://example.edu/status/revocation-1.json")
        #expect(json["type"] == ["VerifiableCredential", "BitstringStatusListCredential"])
        #expect(json["issuer"] == .string(RegistryFixture.issuerID))
        #expect(json["validFrom"] == "2025-10-09T08:53:20Z")
        #expect(json["validUntil"] == "2025-10-10T08:53:20Z")
        let subject = try BitstringStatusListSubject(json: json["credentialSubject"] ?? .null)
        #expect(subject.id == "https://example.edu/status/revocation-1.json#list")
        #expect(subject.statusPurposes == ["revocation"])
        let bits = try subject.bitstring()
        #expect(bits.bitCount == Registry.minimumListSize)
        #expect(bits.setIndices == [records[0].revocation.index])
        #expect(try fixture.publishedBits("suspension-1.json").setIndices.isEmpty)

        // Every entry a credential carries points into a list that was published.
        let entry = try BitstringStatusListEntry(json: try JSONParser.parse(records[0].contents)["credentialStatus"]?.arrayValue?.first ?? .null)
        #expect(entry.statusListCredential == json["id"]?.stringValue)
    }

    @Test("what a destination holds decides what is written: current files are left, changed lists and new destinations are written")
    func comparesDestinations() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(4)
        let t0 = Date(timeIntervalSince1970: 1_760_000_000)
        #expect(try fixture.publish(now: t0).written.count == 2)
        let again = try fixture.publish(now: t0.addingTimeInterval(60))
        #expect(again.written.isEmpty)
        #expect(again.unchanged.map(\.condition) == [.current, .current])

        _ = try fixture.registry.changeStatus(.suspend, credentialIDs: [records[2].id], reason: nil, actor: "r")
        let second = try fixture.publish(now: t0.addingTimeInterval(120))
        #expect(second.written.map(\.list.purpose) == [.suspension])
        #expect(try fixture.publishedBits("suspension-1.json").setIndices == [records[2].suspension.index])

        // A destination published to for the first time gets every list; status/ stays as it is.
        let both = try fixture.publish(now: t0.addingTimeInterval(180), to: [fixture.temp.path("status"), fixture.temp.path("www")])
        #expect(both.written.map(\.file.path) == [fixture.temp.path("www/revocation-1.json").path, fixture.temp.path("www/suspension-1.json").path])
        #expect(try fixture.publishedBits("suspension-1.json", in: "www").setIndices == [records[2].suspension.index])

        // A revocation that reached only one destination reaches the other on the next run.
        _ = try fixture.registry.changeStatus(.revoke, credentialIDs: [records[1].id], reason: nil, actor: "r")
        try fixture.publish(now: t0.addingTimeInterval(240))
        #expect(try fixture.publishedBits("revocation-1.json", in: "www").setIndices.isEmpty)
        let caughtUp = try fixture.publish(now: t0.addingTimeInterval(300), to: [fixture.temp.path("status"), fixture.temp.path("www")])
        #expect(caughtUp.written.map(\.file.path) == [fixture.temp.path("www/revocation-1.json").path])
        #expect(try fixture.publishedBits("revocation-1.json", in: "www").setIndices == [records[1].revocation.index])

        #expect(try fixture.publish(all: true, now: t0.addingTimeInterval(360)).written.count == 2)
        let audit = try fixture.registry.auditEntries(limit: 100).filter { $0.action == "publish" }
        #expect(audit.count == 9)
        #expect(audit[0].details["version"] != nil && audit[0].details["list"] != nil && audit[0].details["files"] != nil)
    }

    @Test("lists are re-signed when less than half their validity remains")
    func republishesBeforeExpiry() throws {
        let fixture = try RegistryFixture()
        try fixture.issue(1)
        let t0 = Date(timeIntervalSince1970: 1_760_000_000)
        let day: TimeInterval = 86_400 * 4
        #expect(try fixture.publish(now: t0, validity: day).written.count == 2)
        #expect(try fixture.publish(now: t0.addingTimeInterval(day / 2 - 60), validity: day).written.isEmpty)
        let refreshed = try fixture.publish(now: t0.addingTimeInterval(day / 2 + 60), validity: day).written
        #expect(refreshed.count == 2)
        #expect(refreshed.allSatisfy { $0.validUntil == t0.addingTimeInterval(day * 1.5 + 60) })
    }

    @Test("a file changed by hand, unsigned, another issuer's or unreadable is rewritten")
    func rewritesWhatIsNotSound() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(3)
        _ = try fixture.registry.changeStatus(.suspend, credentialIDs: [records[0].id], reason: nil, actor: "r")
        try fixture.publish()
        let file = fixture.temp.path("status/suspension-1.json")
        let good = try Data(contentsOf: file)
        var unsigned = try JSONParser.parse(Array(good)).objectValue ?? [:]
        unsigned["proof"] = nil
        let variants: [(String, [UInt8])] = [
            ("garbage", Array("not a list".utf8)),
            ("unsigned", JSONValue.object(unsigned).serializedBytes()),
            ("changed validUntil", Array(String(decoding: good, as: UTF8.self).replacingOccurrences(of: "\"validUntil\": \"", with: "\"validUntil\": \"2099").utf8)),
        ]
        for (name, bytes) in variants {
            try Data(bytes).write(to: file)
            let report = try fixture.publish()
            #expect(report.written.map(\.file) == [file], "\(name)")
            #expect(try Data(contentsOf: file) != Data(bytes), "\(name)")
            #expect(try fixture.publishedBits("suspension-1.json").setIndices == [records[0].suspension.index], "\(name)")
        }
    }

    @Test("a revocation list that would clear a published revocation is never written")
    func neverUnrevokes() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(3)
        _ = try fixture.registry.changeStatus(.revoke, credentialIDs: [records[1].id], reason: nil, actor: "r")
        try fixture.publish()
        let file = fixture.temp.path("status/revocation-1.json")
        let before = try Data(contentsOf: file)

        // A second registry (a lost one replaced, an old backup) publishing into the same folder.
        let other = try TemporaryDirectory()
        let replacement = try RegistryFixture.open(other.url)
        _ = try replacement.recordIssuances([RegistryFixture.request(0)], actor: "t", sign: RegistryFixture.fakeSign)
        let report = try StatusListPublisher.publish(registry: replacement, to: [fixture.temp.path("status")],
                                                     inspector: RegistryFixture.inspector, all: true, actor: "t") {
            try RegistryFixture.signList($0)
        }
        #expect(report.refusals.count == 1)
        #expect(report.refusals.first?.code == .wouldUnrevoke)
        #expect(report.refusals.first?.reason.contains("index \(records[1].revocation.index)") == true)
        #expect(!report.isComplete)
        #expect(report.written.map(\.file.lastPathComponent) == ["suspension-1.json"])
        #expect(try Data(contentsOf: file) == before)
    }

    @Test("replaces the old file atomically and removes temporary files a killed writer left")
    func replacesFile() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(10)
        try fixture.publish()
        let file = fixture.temp.path("status/revocation-1.json")
        let before = try Data(contentsOf: file)
        // What a writer killed between creating and renaming its file leaves: a dead process's pid.
        let dead = fixture.temp.path("status/.revocation-1.json.tmp-999999-12345")
        try Data("half a li".utf8).write(to: dead)
        let live = fixture.temp.path("status/.revocation-1.json.tmp-\(getpid())-1")
        try Data("in progress".utf8).write(to: live)
        _ = try fixture.registry.changeStatus(.revoke, credentialIDs: [records[5].id], reason: nil, actor: "r")
        try fixture.publish()
        #expect(try Data(contentsOf: file) != before)
        #expect(try fixture.publishedBits("revocation-1.json").setIndices == [records[5].revocation.index])
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.temp.path("status").path).sorted()
        #expect(names == [".revocation-1.json.tmp-\(getpid())-1", "revocation-1.json", "suspension-1.json"])
    }

    @Test("a failing signer leaves the previous file in place; the next run writes it")
    func failingSigner() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(5)
        try fixture.publish()
        let file = fixture.temp.path("status/revocation-1.json")
        let before = try Data(contentsOf: file)
        _ = try fixture.registry.changeStatus(.revoke, credentialIDs: [records[1].id], reason: nil, actor: "r")
        let publishesBefore = try fixture.registry.auditEntries(limit: 100).filter { $0.action == "publish" }.count

        #expect(throws: SignerFailure.self) {
            try StatusListPublisher.publish(registry: fixture.registry, to: [fixture.temp.path("status")],
                                            inspector: RegistryFixture.inspector, actor: "r") { _ in
                throw SignerFailure()
            }
        }
        #expect(try Data(contentsOf: file) == before)
        #expect(try fixture.registry.auditEntries(limit: 100).filter { $0.action == "publish" }.count == publishesBefore)

        let redone = try fixture.publish().written
        #expect(redone.map(\.list.purpose) == [.revocation])
        #expect(try fixture.publishedBits("revocation-1.json").setIndices == [records[1].revocation.index])
    }

    @Test("the signer's bytes are written as they are: a JWT-secured list is not re-encoded")
    func signerBytesVerbatim() throws {
        let fixture = try RegistryFixture()
        try fixture.issue(1)
        var seen: [JSONObject] = []
        try StatusListPublisher.publish(registry: fixture.registry, to: [fixture.temp.path("out")],
                                        inspector: RegistryFixture.inspector, actor: "r") { credential in
            seen.append(credential)
            return Array("eyJhbGciOiJFZERTQSJ9.e30.c2ln\n".utf8)
        }
        #expect(seen.count == 2)
        #expect(try String(contentsOf: fixture.temp.path("out/suspension-1.json"), encoding: .utf8) == "eyJhbGciOiJFZERTQSJ9.e30.c2ln\n")
    }

    @Test("a non-positive validity or no destination is refused; a destination that cannot be written is reported and the others are still written")
    func refusalsAndFailures() throws {
        let fixture = try RegistryFixture()
        try fixture.issue(1)
        #expect(throws: IssuerError(.invalidRequest, "")) { try fixture.publish(validity: 0) }
        #expect(throws: IssuerError(.invalidRequest, "")) { try fixture.publish(to: []) }
        #expect(!FileManager.default.fileExists(atPath: fixture.temp.path("status").path))

        try Data("x".utf8).write(to: fixture.temp.path("file"))
        try FileManager.default.createDirectory(at: fixture.temp.path("blocked/suspension-1.json"), withIntermediateDirectories: true)
        let report = try fixture.publish(to: [fixture.temp.path("file"), fixture.temp.path("blocked"), fixture.temp.path("status")])
        #expect(!report.isComplete)
        #expect(report.failures.count == 2, "\(report.problems)")
        #expect(report.problems.contains { $0.contains("file") && $0.contains("is a file") })
        #expect(report.written.map { $0.file.deletingLastPathComponent().lastPathComponent + "/" + $0.file.lastPathComponent }
                == ["blocked/revocation-1.json", "status/revocation-1.json", "status/suspension-1.json"])
    }

    @Test("a revocation held only by a witness directory keeps the list from every destination")
    func witnesses() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(2)
        _ = try fixture.registry.changeStatus(.revoke, credentialIDs: [records[0].id], reason: nil, actor: "r")
        try fixture.publish()
        let other = try TemporaryDirectory()
        let replacement = try RegistryFixture.open(other.url)
        _ = try replacement.recordIssuances([RegistryFixture.request(0)], actor: "t", sign: RegistryFixture.fakeSign)
        let report = try StatusListPublisher.publish(registry: replacement, to: [fixture.temp.path("new")],
                                                     witnesses: [fixture.temp.path("status")], inspector: RegistryFixture.inspector,
                                                     actor: "t") { try RegistryFixture.signList($0) }
        #expect(report.refusals.count == 1)
        #expect(!FileManager.default.fileExists(atPath: fixture.temp.path("new/revocation-1.json").path))
        #expect(FileManager.default.fileExists(atPath: fixture.temp.path("new/suspension-1.json").path))
    }
}
