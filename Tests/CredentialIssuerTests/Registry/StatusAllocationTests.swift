import CredentialKit
import Foundation
import Testing
@testable import CredentialIssuer

@Suite("Status allocation")
struct StatusAllocationTests {
    @Test("every credential gets a revocation and a suspension entry pointing at <base><purpose>-1.json")
    func entries() throws {
        let fixture = try RegistryFixture()
        var seen: StatusAllocation?
        let record = try fixture.registry.recordIssuance(RegistryFixture.request(1), actor: "test") { allocation in
            seen = allocation
            return RegistryFixture.fakeSign(RegistryFixture.request(1), allocation)
        }
        let allocation = try #require(seen)
        #expect(allocation.revocation.statusPurpose == "revocation")
        #expect(allocation.suspension.statusPurpose == "suspension")
        #expect(allocation.revocation.statusListCredential == "https://example.edu/status/revocation-1.json")
        #expect(allocation.suspension.statusListCredential == "https://example.edu/status/suspension-1.json")
        #expect(allocation.revocation.statusListIndex == record.revocation.index)
        #expect(allocation.suspension.statusListIndex == record.suspension.index)
        #expect(allocation.revocation.id == "https://example.edu/status/revocation-1.json#\(record.revocation.index)")
        // The entries read back as valid BitstringStatusListEntry JSON.
        for entry in try #require(allocation.credentialStatus.arrayValue) {
            let parsed = try BitstringStatusListEntry(json: entry)
            #expect((0..<Registry.minimumListSize).contains(parsed.statusListIndex))
        }
        let lists = try fixture.registry.statusLists()
        #expect(lists.map(\.purpose) == [.revocation, .suspension])
        #expect(lists.allSatisfy { $0.size == Registry.minimumListSize && $0.allocatedCount == 1 && $0.sequence == 1 })
    }

    /// One 100,000-credential registry serves both checks: allocation, and the published lists.
    @Test("100,000 issued: indices unique and in range; 1% revoked at random: the published lists hold exactly those bits")
    func hundredThousand() throws {
        let fixture = try RegistryFixture()
        let records = try fixture.issue(100_000, batchSize: 5_000)
        #expect(records.count == 100_000)
        for purpose in StatusPurpose.allCases {
            let positions = records.map { purpose == .revocation ? $0.revocation : $0.suspension }
            #expect(Set(positions.map(\.listID)).count == 1, "100,000 fit in one list of 131,072")
            let indices = positions.map(\.index)
            #expect(Set(indices).count == 100_000, "\(purpose): an index was given twice")
            #expect(indices.allSatisfy { (0..<Registry.minimumListSize).contains($0) })
        }
        #expect(try fixture.registry.statusLists().map(\.allocatedCount) == [100_000, 100_000])
        #expect(try fixture.registry.integrityProblems() == [])
        // The two lists are drawn independently.
        #expect(records.filter { $0.revocation.index == $0.suspension.index }.count < 10)

        let revoked = Array(records.shuffled().prefix(1_000))
        let revokedIDs = Set(revoked.map(\.id))
        let suspended = Array(records.filter { !revokedIDs.contains($0.id) }.shuffled().prefix(300))
        _ = try fixture.registry.changeStatus(.revoke, credentialIDs: revoked.map(\.id), reason: "test", actor: "r")
        _ = try fixture.registry.changeStatus(.suspend, credentialIDs: suspended.map(\.id), reason: "test", actor: "r")
        #expect(try fixture.publish().written.count == 2)

        let revocationBits = try fixture.publishedBits("revocation-1.json")
        #expect(revocationBits.bitCount == Registry.minimumListSize)
        #expect(revocationBits.setIndices.count == 1_000)
        #expect(Set(revocationBits.setIndices) == Set(revoked.map(\.revocation.index)))
        let stillSuspended = suspended
        let suspensionBits = try fixture.publishedBits("suspension-1.json")
        #expect(Set(suspensionBits.setIndices) == Set(stillSuspended.map(\.suspension.index)))
        #expect(suspensionBits.setIndices.count == stillSuspended.count)
    }

    @Test("the first 1,000 indices are spread over the whole list, not handed out in order")
    func herdPrivacy() throws {
        let fixture = try RegistryFixture()
        let indices = try fixture.issue(1_000).map(\.revocation.index)
        #expect(indices != Array(0..<1_000))
        #expect(indices != indices.sorted(), "allocation order must not be increasing")
        #expect(indices.filter { $0 < 1_000 }.count < 50, "about 8 of 1,000 uniform draws fall below 1,000")
        // 16 equal buckets expect 62.5 each; a uniform draw leaves each within 20...110 (over 5 sd).
        var buckets = [Int](repeating: 0, count: 16)
        for index in indices { buckets[index * 16 / Registry.minimumListSize] += 1 }
        #expect(buckets.allSatisfy { (20...110).contains($0) }, "buckets \(buckets)")
        // Consecutive allocations are not neighbours.
        let gaps = zip(indices, indices.dropFirst()).map { abs($0 - $1) }
        #expect(gaps.filter { $0 <= 1 }.count < 10)
    }

    @Test("a full list opens the next one, and every index of a full list is used exactly once")
    func rollover() throws {
        let fixture = try RegistryFixture(listSize: 1_024)
        let records = try fixture.issue(3_000, batchSize: 700)
        let lists = try fixture.registry.statusLists()
        #expect(lists.map(\.sequence) == [1, 2, 3, 1, 2, 3])
        #expect(lists.map(\.allocatedCount) == [1_024, 1_024, 952, 1_024, 1_024, 952])
        #expect(lists.map(\.url).contains("https://example.edu/status/suspension-3.json"))
        #expect(try fixture.registry.integrityProblems() == [])
        for list in lists {
            let positions = records.map { list.purpose == .revocation ? $0.revocation : $0.suspension }
                .filter { $0.listID == list.id }
            #expect(positions.allSatisfy { $0.listURL == list.url })
            let indices = positions.map(\.index)
            #expect(Set(indices).count == indices.count, "\(list.url): an index was given twice")
            if list.sequence < 3 {
                #expect(indices.sorted() == Array(0..<1_024), "\(list.url) is full with each index once")
            } else {
                #expect(indices.allSatisfy { (0..<1_024).contains($0) })
            }
        }
    }

    @Test("a throwing signer consumes no index and writes no row")
    func throwingSignerConsumesNothing() throws {
        let fixture = try RegistryFixture(listSize: 1_024)
        // The very first issuance fails: not even the lists it created remain.
        #expect(throws: SignerFailure.self) {
            _ = try fixture.registry.recordIssuance(RegistryFixture.request(0), actor: "test") { _ in throw SignerFailure() }
        }
        #expect(try fixture.registry.statusLists().isEmpty)
        #expect(try fixture.registry.credential(id: "urn:example:0") == nil)
        #expect(try fixture.registry.auditEntries(limit: 10).isEmpty)

        // Fill the 1,024-entry lists with every third attempt failing: still each index exactly once.
        var issued: [CredentialRecord] = []
        var attempt = 0
        while issued.count < 1_024 {
            attempt += 1
            let request = RegistryFixture.request(attempt)
            do {
                issued.append(try fixture.registry.recordIssuance(request, actor: "test") { allocation in
                    if attempt % 3 == 0 { throw SignerFailure() }
                    return RegistryFixture.fakeSign(request, allocation)
                })
            } catch is SignerFailure {
                #expect(try fixture.registry.credential(id: request.credentialID) == nil)
            }
        }
        #expect(issued.map(\.revocation.index).sorted() == Array(0..<1_024))
        #expect(issued.map(\.suspension.index).sorted() == Array(0..<1_024))
        #expect(try fixture.registry.statusLists().map(\.allocatedCount) == [1_024, 1_024])
        #expect(try fixture.registry.auditEntries(limit: 5_000).count == 1_024)
        #expect(try fixture.registry.integrityProblems() == [])
    }

    @Test("a failure anywhere in a batch keeps none of it")
    func batchIsAllOrNothing() throws {
        let fixture = try RegistryFixture()
        try fixture.issue(5)
        let requests = (10..<20).map { RegistryFixture.request($0) }
        #expect(throws: SignerFailure.self) {
            _ = try fixture.registry.recordIssuances(requests, actor: "test") { request, allocation in
                if request.credentialID == "urn:example:17" { throw SignerFailure() }
                return RegistryFixture.fakeSign(request, allocation)
            }
        }
        #expect(try fixture.registry.statusLists().map(\.allocatedCount) == [5, 5])
        #expect(try fixture.registry.credential(id: "urn:example:10") == nil)
        // A duplicate inside one batch is refused the same way.
        #expect(throws: IssuerError(.duplicateCredential, "")) {
            _ = try fixture.registry.recordIssuances([RegistryFixture.request(30), RegistryFixture.request(30)],
                                                     actor: "test", sign: RegistryFixture.fakeSign)
        }
        #expect(try fixture.registry.credential(id: "urn:example:30") == nil)
    }

    @Test("allocation stays fast when a list is all but full")
    func nearlyFullList() throws {
        let fixture = try RegistryFixture(listSize: 16_384)
        let first = try fixture.issue(16_380, batchSize: 4_096)
        let start = Date()
        let last = try fixture.issue(4, from: 16_380)
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 1, "the last 4 free indices of 16,384 took \(elapsed) s")
        // They are exactly the 4 indices not yet used, and the list is now full.
        let lists = try fixture.registry.statusLists()
        #expect(lists.map(\.allocatedCount) == [16_384, 16_384])
        let next = try fixture.issue(1, from: 20_000)
        #expect(next[0].revocation.listURL == "https://example.edu/status/revocation-2.json")
        let lastIndices = Set(last.map(\.revocation.index))
        #expect(lastIndices.count == 4)
        #expect(lastIndices.isDisjoint(with: first.map(\.revocation.index)))
        #expect(lastIndices.union(first.map(\.revocation.index)) == Set(0..<16_384))
    }
}
