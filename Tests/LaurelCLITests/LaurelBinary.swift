import Foundation

/// Runs the built `laurel` executable, as a user or a script would.
struct LaurelBinary {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `laurel` executable built next to this test bundle.
    static let url: URL = {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ].compactMap { $0 }
        for directory in candidates {
            let url = directory.appendingPathComponent("laurel")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return candidates[0].appendingPathComponent("laurel")
    }()

    static var available: Bool { FileManager.default.isExecutableFile(atPath: url.path) }

    /// Runs the binary on a thread of its own, so waiting for it never blocks Swift's cooperative
    /// thread pool (one thread per core) nor Dispatch's global queues (a bounded pool that timers
    /// such as the HTTP fetcher's watchdog need): many tests run the binary at once.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil,
                    executable: String = "laurel") async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try runBlocking(arguments, environment: environment, in: directory, executable: executable)
                })
            }.start()
        }
    }

    /// The binary, ready to run with `arguments`, without colour, with `environment` added.
    static func process(_ arguments: [String], environment: [String: String], in directory: URL? = nil,
                        executable: String = "laurel") -> Process {
        let process = Process()
        process.executableURL = url.deletingLastPathComponent().appendingPathComponent(executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // Reports in English whatever the machine's locale, unless a test asks for another.
        env["LC_ALL"] = nil
        env["LC_MESSAGES"] = nil
        env["LANG"] = "C.UTF-8"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        return process
    }

    static func runBlocking(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil,
                            executable: String = "laurel") throws -> Output {
        let process = process(arguments, environment: environment, in: directory, executable: executable)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

extension LaurelBinary {
    /// Starts the binary and kills it with SIGKILL after `delay` seconds, as a power cut or an OOM
    /// kill would; returns true when it was killed, false when it had already finished.
    static func runKilled(_ arguments: [String], after delay: TimeInterval, environment: [String: String] = [:]) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let process = process(arguments, environment: environment)
                    process.standardOutput = FileHandle.nullDevice
                    process.standardError = FileHandle.nullDevice
                    try process.run()
                    Thread.sleep(forTimeInterval: delay)
                    let killed = process.isRunning && kill(process.processIdentifier, SIGKILL) == 0
                    process.waitUntilExit()
                    return killed && process.terminationReason == .uncaughtSignal
                })
            }.start()
        }
    }
}

/// A fresh directory under the system's temporary folder, removed when the test is done.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("laurel-cli-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func listing(_ sub: String = "") -> [String] {
        (FileManager.default.enumerator(atPath: url.appendingPathComponent(sub).path)?.allObjects as? [String] ?? []).sorted()
    }
}
