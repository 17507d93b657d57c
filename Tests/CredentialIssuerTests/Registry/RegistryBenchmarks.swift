import CredentialKit
import Foundation
import Testing
@testable import CredentialIssuer

/// Figures for the closing note, not timed assertions: run with
/// `LAUREL_REGISTRY_BENCHMARK=1 swift test --filter "Registry benchmarks"` (add `-c release -Xswiftc -enable-testing`
/// for release figures). Signing is a stand-in, so these are the registry's own costs.
@Suite("Registry benchmarks", .enabled(if: ProcessInfo.processInfo.environment["LAUREL_REGISTRY_BENCHMARK"] != nil,
                                       "set LAUREL_REGISTRY_BENCHMARK=1 to run"))
struct RegistryBenchmarks {
    @Test("issuance, revocation and publishing rates")
    func rates() throws {
        let fixture = try RegistryFixture()
        // Warm up: the first issuance creates both 131,072-entry lists.
        let created = try measure { try fixture.issue(1) }
        report("create both lists (first issuance)", seconds: created, count: 1, unit: "issuance")

        let singleIssue = try measure {
            for n in 1..<1_001 { try fixture.issue(1, from: n) }
        }
        report("issue, one per transaction", seconds: singleIssue, count: 1_000, unit: "issuances")
        let batchIssue = try measure { try fixture.issue(20_000, from: 10_000, batchSize: 1_000) }
        report("issue, 1,000 per transaction", seconds: batchIssue, count: 20_000, unit: "issuances")

        let ids = (10_000..<30_000).map { "urn:example:\($0)" }
        let singleRevoke = try measure {
            for id in ids.prefix(1_000) {
                _ = try fixture.registry.changeStatus(.revoke, credentialIDs: [id], reason: "benchmark", actor: "bench")
            }
        }
        report("revoke, one per call", seconds: singleRevoke, count: 1_000, unit: "revocations")
        var bulkCalls = 0
        let bulkRevoke = try measure {
            for start in stride(from: 1_000, to: 11_000, by: 1_000) {
                _ = try fixture.registry.changeStatus(.revoke, credentialIDs: Array(ids[start..<start + 1_000]),
                                                      reason: "benchmark", actor: "bench")
                bulkCalls += 1
            }
        }
        report("revoke, 1,000 per call", seconds: bulkRevoke, count: bulkCalls * 1_000, unit: "revocations")

        // One 131,072-entry list with 11,000 bits set: bits from the registry, GZIP + base64url,
        // stand-in signature (JSON serialization), atomic write, registry update.
        let list = try #require(try fixture.registry.statusLists().first { $0.purpose == .revocation })
        let bitsOnly = try measure { _ = try fixture.registry.bitstring(listID: list.id) }
        report("read one list's bits from the registry", seconds: bitsOnly, count: 1, unit: "list")
        let bits = try fixture.registry.bitstring(listID: list.id)
        let encodeOnly = try measure { _ = try bits.encodedList() }
        report("GZIP + base64url one list", seconds: encodeOnly, count: 1, unit: "list")
        var published = 0
        let publish = try measure {
            for _ in 0..<5 { published += try fixture.publish(all: true).written.count }
        }
        report("publish (bits + inspect + encode + sign + atomic write + audit)", seconds: publish, count: published,
               unit: "lists")
    }

    private func measure(_ body: () throws -> Void) throws -> TimeInterval {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return TimeInterval(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private func report(_ label: String, seconds: TimeInterval, count: Int, unit: String) {
        let rate = Double(count) / seconds
        print("registry benchmark: \(label): \(count) \(unit) in \(String(format: "%.3f", seconds)) s = "
              + "\(String(format: "%.0f", rate)) per second, \(String(format: "%.3f", seconds * 1_000 / Double(count))) ms each")
    }
}
