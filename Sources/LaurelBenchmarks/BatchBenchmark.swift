import CredentialIssuer
import CredentialKit
import Foundation

/// `laurel batch` end to end — roster read, every row checked, signed on every core, recorded in
/// the registry, files written — next to the single-core signing rate and `openssl speed ed25519`
/// measured in the same run.
enum BatchBenchmark {
    static let suite = BenchmarkSuite(
        name: "batch",
        summary: "a roster of LAUREL_BATCH_ROWS (default 10,000) learners issued end to end, eddsa-rdfc-2022 and eddsa-jcs-2022",
        run: run
    )

    static func run() throws {
        let rows = ProcessInfo.processInfo.environment["LAUREL_BATCH_ROWS"].flatMap(Int.init) ?? 10_000
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // LAUREL_BATCH_PROOFS=eddsa-jcs-2022 measures one format (for profiling).
        let formats = ProcessInfo.processInfo.environment["LAUREL_BATCH_PROOFS"].map {
            $0.split(separator: ",").compactMap { ProofFormat(rawValue: String($0)) }
        } ?? [.eddsaRdfc2022, .eddsaJcs2022]
        let key = try PrivateKey.generate(.ed25519)
        let document = try CredentialBenchmark.typicalCredential()
        var singleCore: [ProofFormat: Double] = [:]
        // Each signature is of another learner's credential (its own id), as in a batch: nothing
        // about one credential is remembered for the next but what they share.
        for format in formats {
            var n = 0
            singleCore[format] = try operationsPerSecond(seconds: secondsPerMeasurement) {
                n += 1
                var credential = document
                credential["id"] = .string("urn:uuid:00000000-0000-4000-8000-\(String(format: "%012d", n))")
                _ = try format.secure(credential, key: key, verificationMethod: key.publicKey.didKeyVerificationMethod, created: Date())
            }
        }
        let openssl = OpenSSLSpeed.measure(["ed25519"], seconds: max(1, Int(secondsPerMeasurement.rounded())))["ed25519"]

        let root = FileManager.default.temporaryDirectory.appendingPathComponent("laurel-batch-benchmark-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let roster = root.appendingPathComponent("roster.csv")
        var text = "name,email\n"
        for n in 0..<rows { text += "Learner \(n) Núñez,learner\(n)@example.org\n" }
        try Data(text.utf8).write(to: roster)

        print("\(rows) rows, \(cores) cores; rates are credentials per second of wall time for the batch, per second of one core's CPU time for signing")
        for format in formats {
            let workspace = try Workspace.create(at: root.appendingPathComponent(format.rawValue), issuerName: "Benchmark University",
                                                 statusBaseURL: "https://benchmark.example.org/status/", key: try PrivateKey.generate(.ed25519))
            var options = BatchOptions()
            options.achievement = "intro-to-oer"
            options.proof = format
            let output = root.appendingPathComponent(format.rawValue + "-out")
            let chosen = options
            let start = Date()
            let summary = try blocking {
                try await BatchRunner(workspace: workspace, actor: "benchmark").run(roster: roster, to: output, options: chosen)
            }
            let seconds = Date().timeIntervalSince(start)
            guard summary.count(.issued) == rows else {
                throw BenchmarkFailure(message: "\(format.rawValue): \(summary.count(.issued)) of \(rows) issued")
            }
            let rate = Double(rows) / seconds
            print(String(format: "  %@ batch: %.0f credentials/s (%.1f s)", format.rawValue, rate, seconds))
            if let one = singleCore[format] {
                print(String(format: "    single-core %@ signing: %.0f/s — the batch runs at %.2f× it", format.rawValue, one, rate / one))
            }
            if format == .eddsaJcs2022, let openssl {
                print(String(format: "    openssl speed ed25519 sign: %.0f/s per core — the batch runs at %.0f%% of %d cores' rate",
                             openssl.sign, 100 * rate / (openssl.sign * Double(cores)), cores))
            }
        }
        print("  peak memory (VmHWM): \(peakMemory())")
    }

    /// Runs async work from the benchmark's synchronous suite.
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Task {
            do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
            semaphore.signal()
        }
        semaphore.wait()
        return try box.result!.get()
    }

    private final class ResultBox<T>: @unchecked Sendable { var result: Result<T, any Error>? }

    /// The process's peak resident memory, from /proc/self/status.
    static func peakMemory() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return "unknown" }
        return line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces)
    }
}
