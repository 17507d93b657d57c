import CredentialIssuer
import CredentialKit
import CredentialVerifier
import Foundation

/// Verification offline: eddsa-rdfc-2022, eddsa-jcs-2022 and VC-JWT credentials verified per
/// second on one core and on every core, and `laurel verify` of many files in one process, next
/// to `openssl speed ed25519` verify measured in the same run.
enum VerifyBenchmark {
    static let suite = BenchmarkSuite(
        name: "verify",
        summary: "LAUREL_VERIFY_FILES (default 1,000) credentials of each proof verified offline, one core and every core, and through `laurel verify`",
        run: run
    )

    static func run() throws {
        let count = ProcessInfo.processInfo.environment["LAUREL_VERIFY_FILES"].flatMap(Int.init) ?? 1_000
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("laurel-verify-benchmark-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        // A did:key issuer without status lists: each credential verifies from its own bytes.
        let workspace = try Workspace.create(at: root.appendingPathComponent("ws"), issuerName: "Benchmark University",
                                             key: try PrivateKey.generate(.ed25519))
        let issuer = WorkspaceIssuer(workspace: workspace)
        let openssl = OpenSSLSpeed.measure(["ed25519"], seconds: max(1, Int(secondsPerMeasurement.rounded())))["ed25519"]
        let laurel = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("laurel")
        print("\(count) distinct credential files per proof, \(cores) cores; rates are files read and verified per second (one core: of CPU time; every core and laurel verify: of wall time)")

        for format in [ProofFormat.eddsaRdfc2022, .eddsaJcs2022, .jwt] {
            let directory = root.appendingPathComponent(format.rawValue)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var files: [String] = []
            var contents: [[UInt8]] = []
            for n in 0..<count {
                let issued = try issuer.issue(IssueRequest(achievementID: "cc-core", recipientName: "Learner \(n)",
                                                           recipientEmail: "learner\(n)@example.org", proof: format))
                let file = directory.appendingPathComponent("\(n).\(format.fileExtension)")
                try Data(issued.contents).write(to: file)
                files.append(file.path)
                contents.append(issued.contents)
            }
            let verifier = Verifier()
            let all = contents
            // What `laurel verify` does per file, short of reading it: read the bytes as a credential, then verify.
            @Sendable func verifyOne(_ bytes: [UInt8]) async -> Bool {
                guard let input = try? CredentialInput(bytes: bytes) else { return false }
                return await verifier.verify(input).verified
            }

            // One core: one verification at a time, divided by the process's CPU time.
            let cpuStart = processCPUSeconds()
            let verdicts = try BatchBenchmark.blocking {
                var verified = 0
                for bytes in all where await verifyOne(bytes) { verified += 1 }
                return verified
            }
            let oneCore = Double(count) / max(processCPUSeconds() - cpuStart, 1e-9)
            guard verdicts == count else { throw BenchmarkFailure(message: "\(format.rawValue): only \(verdicts) of \(count) verified") }

            // Every core, in this process: the same concurrentMap `laurel verify` uses.
            let start = Date()
            let parallel = try BatchBenchmark.blocking {
                await all.concurrentMap(width: cores, verifyOne).filter { $0 }.count
            }
            let everyCore = Double(count) / Date().timeIntervalSince(start)
            guard parallel == count else { throw BenchmarkFailure(message: "\(format.rawValue): only \(parallel) of \(count) verified in parallel") }

            print("  \(format.rawValue)")
            print("    one core:      \(Int(oneCore))/s")
            print("    \(cores) cores:       \(Int(everyCore))/s — \(String(format: "%.2f", everyCore / oneCore))× one core")
            if FileManager.default.isExecutableFile(atPath: laurel.path) {
                let cliStart = Date()
                let status = runLaurel(laurel, ["verify", "--offline", "--json"] + files)
                let cliRate = Double(count) / Date().timeIntervalSince(cliStart)
                guard status == 0 else { throw BenchmarkFailure(message: "laurel verify exited \(status) for the \(format.rawValue) files") }
                print("    laurel verify: \(Int(cliRate))/s (\(count) files, one process, start-up included) — \(String(format: "%.2f", cliRate / oneCore))× one core")
            } else {
                print("    laurel verify: not measured (build the laurel product beside this benchmark: swift build -c release)")
            }
        }
        if let openssl {
            print("  openssl speed ed25519 verify: \(Int(openssl.verify))/s per core")
        }
    }

    /// Runs the laurel executable with its output discarded; its exit status.
    static func runLaurel(_ executable: URL, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// CPU time (user and system) the whole process has used, in seconds.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
