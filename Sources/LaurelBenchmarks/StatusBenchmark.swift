import CredentialIssuer
import CredentialKit
import Foundation

/// Revocations per second through the registry, and the time to re-sign and publish a
/// 131,072-entry status list with the workspace's real key and default proof.
enum StatusBenchmark {
    static let suite = BenchmarkSuite(
        name: "status",
        summary: "revocations per second (one per call, 1,000 per call) and publishing a 131,072-entry list",
        run: run
    )

    static func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("laurel-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let workspace = try Workspace.create(at: directory, issuerName: "Benchmark University",
                                             issuerURL: "https://bench.example.edu", key: try PrivateKey.generate(.ed25519))
        let registry = try workspace.requireRegistry()
        let issuer = WorkspaceIssuer(workspace: workspace)

        // Credentials to revoke: recorded with placeholder contents, since issuance is not what is measured here.
        let count = 3_000
        let requests = (0..<count).map { n in
            IssuanceRecord(credentialID: "urn:uuid:bench-\(n)", achievementID: "cc-core", recipientIdentifier: "sha256:\(n)",
                           validFrom: Date())
        }
        let wall = ContinuousClock()
        let issueStart = wall.now
        _ = try registry.recordIssuances(requests, actor: "benchmark") { request, _ in
            SignedCredential(id: request.credentialID, format: .eddsaRdfc2022, contents: Array(request.credentialID.utf8))
        }
        let issueTime = wall.now - issueStart

        let singles = 500
        let singleStart = wall.now
        for n in 0..<singles {
            _ = try registry.changeStatus(.revoke, credentialIDs: ["urn:uuid:bench-\(n)"], reason: "benchmark", actor: "benchmark")
        }
        let singleSeconds = seconds(wall.now - singleStart)

        let bulk = (singles..<(singles + 1_000)).map { "urn:uuid:bench-\($0)" }
        let bulkStart = wall.now
        _ = try registry.changeStatus(.revoke, credentialIDs: bulk, reason: "benchmark", actor: "benchmark")
        let bulkSeconds = seconds(wall.now - bulkStart)

        var publishSeconds: [Double] = []
        for _ in 0..<3 {
            let start = wall.now
            let published = try issuer.publishStatusLists(all: true)
            publishSeconds.append(seconds(wall.now - start) / Double(max(1, published.written.count)))
        }

        // Publishing when every destination is current: each list file is read, decoded, its proof
        // checked and its bits compared with the registry's, and nothing is written.
        let upToDate = try operationsPerSecond(seconds: secondsPerMeasurement) {
            let report = try issuer.publishStatusLists()
            guard report.written.isEmpty else { throw BenchmarkFailure(message: "a current destination was rewritten") }
        }
        let lists = Double(try registry.statusLists().count)
        let openssl = OpenSSLSpeed.measure(["ed25519"], seconds: max(1, Int(secondsPerMeasurement.rounded())))["ed25519"]

        print("registry: \(count) credentials recorded in \(String(format: "%.2f", seconds(issueTime))) s (one transaction)")
        print(String(format: "revocations, one per call (each its own transaction, flushed to disk): %8.0f/s", Double(singles) / singleSeconds))
        print(String(format: "revocations, 1,000 in one call:                                      %8.0f/s", 1_000 / bulkSeconds))
        print(String(format: "re-sign and publish one 131,072-entry list (eddsa-rdfc-2022, atomic write): %.1f ms (best of 3: %.1f ms)",
                     1_000 * publishSeconds.reduce(0, +) / Double(publishSeconds.count), 1_000 * (publishSeconds.min() ?? 0)))
        print("(wall-clock time on this machine: these include disk flushes, which CPU time would hide)")
        print(String(format: "checking a destination that is current (read, decode, verify the proof, compare bits; nothing written): %.2f ms per list, %.0f lists/s of CPU time",
                     1_000 / (upToDate * lists), upToDate * lists))
        if let openssl {
            print(String(format: "  openssl speed ed25519 verify (OpenSSL only): %.0f/s — one list check costs %.1f bare Ed25519 verifications",
                         openssl.verify, openssl.verify / (upToDate * lists)))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
