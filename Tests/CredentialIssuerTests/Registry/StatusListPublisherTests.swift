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
        let published = try fixture.publish(now: now, validity: 86_400)
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

    @Test("records the published version and skips unchanged lists unless told all")
    func skipsUnchanged() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(4)
        let t0 = Date(timeIntervalSince1970: 1_760_000_000)
        #expect(try fixture.publish(now: t0).count == 2)
        var lists = try fixture.registry.statusLists()
        #expect(lists.allSatisfy { $0.publishedVersion == $0.version && !$0.needsPublishing })
        #expect(lists.allSatisfy { $0.publishedAt == t0 && $0.publishedUntil == t0.addingTimeInterval(StatusListPublisher.defaultValidity) })

        #expect(try fixture.publish(now: t0.addingTimeInterval(60)).isEmpty)

        _ = try fixture.registry.changeStatus(.suspend, credentialIDs: [records[2].id], reason: nil, actor: "r")
        lists = try fixture.registry.statusLists()
        #expect(lists.map(\.needsPublishing) == [false, true])
        let second = try fixture.publish(now: t0.addingTimeInterval(120))
        #expect(second.map(\.list.purpose) == [.suspension])
        #expect(second[0].list.publishedVersion == 2)
        #expect(try fixture.publishedBits("suspension-1.json").setIndices == [records[2].suspension.index])

        #expect(try fixture.publish(all: true, now: t0.addingTimeInterval(180)).count == 2)
        let audit = try fixture.registry.auditEntries(limit: 100).filter { $0.action == "publish" }
        #expect(audit.count == 5)
        #expect(audit[0].details["version"] != nil && audit[0].details["list"] != nil)
    }

    @Test("lists are re-signed when less than half their validity remains")
    func republishesBeforeExpiry() throws {
        let fixture = try RegistryFixture()
        try fixture.issue(1)
        let t0 = Date(timeIntervalSince1970: 1_760_000_000)
        let day: TimeInterval = 86_400
        #expect(try fixture.publish(now: t0, validity: day).count == 2)
        #expect(try fixture.publish(now: t0.addingTimeInterval(day / 2 - 60), validity: day).isEmpty)
        let refreshed = try fixture.publish(now: t0.addingTimeInterval(day / 2 + 60), validity: day)
        #expect(refreshed.count == 2)
        #expect(refreshed.allSatisfy { $0.validUntil == t0.addingTimeInterval(day * 1.5 + 60) })
    }

    @Test("replaces the old file atomically and leaves no temporary file behind")
    func replacesFile() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(10)
        try fixture.publish()
        let file = fixture.temp.path("status/revocation-1.json")
        let before = try Data(contentsOf: file)
        _ = try fixture.registry.changeStatus(.revoke, credentialIDs: [records[5].id], reason: nil, actor: "r")
        try fixture.publish()
        #expect(try Data(contentsOf: file) != before)
        #expect(try fixture.publishedBits("revocation-1.json").setIndices == [records[5].revocation.index])
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.temp.path("status").path).sorted()
        #expect(names == ["revocation-1.json", "suspension-1.json"])
    }

    @Test("a failing signer leaves the previous file in place and the version unpublished; the next run redoes it")
    func failingSigner() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(5)
        try fixture.publish()
        let file = fixture.temp.path("status/revocation-1.json")
        let before = try Data(contentsOf: file)
        _ = try fixture.registry.changeStatus(.revoke, credentialIDs: [records[1].id], reason: nil, actor: "r")
        let publishesBefore = try fixture.registry.auditEntries(limit: 100).filter { $0.action == "publish" }.count

        #expect(throws: SignerFailure.self) {
            try StatusListPublisher.publish(registry: fixture.registry, to: fixture.temp.path("status"), actor: "r") { _ in
                throw SignerFailure()
            }
        }
        #expect(try Data(contentsOf: file) == before)
        let list = try #require(try fixture.registry.statusLists().first { $0.purpose == .revocation })
        #expect(list.needsPublishing && list.publishedVersion == 1 && list.version == 2)
        #expect(try fixture.registry.auditEntries(limit: 100).filter { $0.action == "publish" }.count == publishesBefore)

        let redone = try fixture.publish()
        #expect(redone.map(\.list.purpose) == [.revocation])
        #expect(try fixture.publishedBits("revocation-1.json").setIndices == [records[1].revocation.index])
    }

    @Test("the signer's bytes are written as they are: a JWT-secured list is not re-encoded")
    func signerBytesVerbatim() throws {
        let fixture = try RegistryFixture()
        try fixture.issue(1)
        var seen: [JSONObject] = []
        try StatusListPublisher.publish(registry: fixture.registry, to: fixture.temp.path("out"), actor: "r") { credential in
            seen.append(credential)
            return Array("eyJhbGciOiJFZERTQSJ9.e30.c2ln\n".utf8)
        }
        #expect(seen.count == 2)
        #expect(try String(contentsOf: fixture.temp.path("out/suspension-1.json"), encoding: .utf8) == "eyJhbGciOiJFZERTQSJ9.e30.c2ln\n")
    }

    @Test("a non-positive validity or an output path that is a file is refused")
    func refusals() throws {
        let fixture = try RegistryFixture()
        try fixture.issue(1)
        #expect(throws: IssuerError(.invalidRequest, "")) { try fixture.publish(validity: 0) }
        try Data("x".utf8).write(to: fixture.temp.path("file"))
        #expect(throws: IssuerError(.fileSystem, "")) {
            try StatusListPublisher.publish(registry: fixture.registry, to: fixture.temp.path("file"), actor: "r") { _ in [] }
        }
        #expect(try fixture.registry.statusLists().allSatisfy(\.needsPublishing))
    }

    @Test("a failure after the new file is in place but before the registry records it: the next run publishes again")
    func failureAfterWrite() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(3)
        try fixture.publish()
        _ = try fixture.registry.changeStatus(.revoke, credentialIDs: [records[2].id], reason: nil, actor: "r")
        let list = try #require(try fixture.registry.statusLists().first { $0.purpose == .revocation })
        // Write the file as the publisher would, then fail before the transaction commits.
        #expect(throws: SignerFailure.self) {
            _ = try fixture.registry.publishList(id: list.id, actor: "r", now: Date(), validUntil: Date().addingTimeInterval(3_600)) { current, bits in
                let credential = try StatusListPublisher.listCredential(for: current, bitstring: bits, issuerID: RegistryFixture.issuerID,
                                                                        validFrom: Date(), validUntil: Date().addingTimeInterval(3_600))
                try AtomicFile.write(JSONValue.object(credential).serializedBytes(), to: fixture.temp.path("status/revocation-1.json"),
                                     overwrite: true)
                throw SignerFailure()
            }
        }
        #expect(try fixture.publishedBits("revocation-1.json").setIndices == [records[2].revocation.index])
        #expect(try fixture.registry.statusList(id: list.id).needsPublishing)
        #expect(try fixture.publish().map(\.list.id) == [list.id])
        #expect(try !fixture.registry.statusList(id: list.id).needsPublishing)
    }
}
