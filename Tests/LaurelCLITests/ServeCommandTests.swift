import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `laurel serve` as an operator runs it: the real binary listening on loopback, asked over HTTP.
@Suite("serve command", .enabled(if: LaurelBinary.available))
struct ServeCommandTests {
    /// A running `laurel serve`, stopped with SIGTERM.
    final class RunningServer: @unchecked Sendable {
        let process: Process
        let port: Int
        private let output = Collected()
        var stderr: String { output.text }

        /// What the server wrote to standard error, from the pipe's reading thread.
        final class Collected: @unchecked Sendable {
            private let lock = NSLock()
            private var collected = ""
            let ready = DispatchSemaphore(value: 0)
            private var signalled = false
            var text: String { lock.withLock { collected } }
            func append(_ chunk: String) {
                lock.withLock {
                    collected += chunk
                    if !signalled && collected.contains("Laurel is serving") { signalled = true; ready.signal() }
                }
            }
        }

        init(_ arguments: [String]) throws {
            process = LaurelBinary.process(["serve", "--port", "0"] + arguments, environment: [:])
            let pipe = Pipe()
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
            let output = self.output
            pipe.fileHandleForReading.readabilityHandler = { handle in
                output.append(String(decoding: handle.availableData, as: UTF8.self))
            }
            try process.run()
            let started = output.ready.wait(timeout: .now() + 60) == .success
            let text = output.text
            guard started, let range = text.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression),
                  let port = Int(text[range].dropFirst("http://127.0.0.1:".count).dropLast()) else {
                process.terminate()
                throw ServeTestFailure(message: "the server did not say where it listens: \(text)")
            }
            self.port = port
        }

        func request(_ path: String, method: String = "GET", body: Data? = nil) async throws -> (status: Int, body: String) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            request.httpBody = body
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }

        /// Starts the server and waits until it says where it listens — on a thread of its own, so
        /// the wait never blocks Swift's cooperative pool (two threads on a two-core machine), which
        /// every other test shares.
        static func start(_ arguments: [String]) async throws -> RunningServer {
            try await onOwnThread { try RunningServer(arguments) }
        }

        /// Sends SIGTERM and waits for the exit status (on a thread of its own).
        func stop() async -> Int32 {
            let process = self.process
            return (try? await onOwnThread {
                kill(process.processIdentifier, SIGTERM)
                process.waitUntilExit()
                return process.terminationStatus
            }) ?? -1
        }
    }

    /// Runs blocking work (waiting for a process) on a new thread, not on the cooperative pool.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    /// A workspace made through the binary with an https issuer that publishes status lists.
    static func makeWorkspace(_ temp: TemporaryDirectory, issuerName: String = "Example University") async throws -> String {
        let ws = temp.path("ws")
        let made = try await LaurelBinary.run(["init", ws, "--issuer-name", issuerName,
                                               "--issuer-id", "https://university.example/issuers/oer",
                                               "--status-base-url", "https://university.example/status/"])
        #expect(made.status == 0, "\(made.stderr)")
        return ws
    }

    /// Issues the Introduction to OER credential through the binary: its id, its file and its baked badge.
    static func issue(in ws: String, name: String, email: String, bake: Bool = false) async throws -> (id: String, file: String, badge: String?) {
        let result = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "intro-to-oer", "--recipient-name", name,
                                                 "--recipient-email", email, "--json"] + (bake ? ["--bake"] : []))
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return (try #require(object["id"] as? String), try #require(object["file"] as? String), object["badge"] as? String)
    }

    struct ServeTestFailure: Error, CustomStringConvertible { var message: String; var description: String { message } }

    @Test("the binary serves on loopback: health, the issuer's documents, verification of its credential before and after a revocation, a clean stop on SIGTERM")
    func servesOnLoopback() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await Self.makeWorkspace(temp)
        let (id, file, _) = try await Self.issue(in: ws, name: "Ana", email: "ana@example.org")
        let credential = try Data(contentsOf: URL(fileURLWithPath: file))

        let server = try await RunningServer.start(["-w", ws])
        let health = try await server.request("/healthz")
        #expect(health.status == 200)
        let profile = try await server.request("/issuers/oer")
        #expect(profile.status == 200 && profile.body.contains("\"verificationMethod\""), "\(profile)")
        let list = try await server.request("/status/revocation-1.json")
        #expect(list.status == 200 && list.body.contains("BitstringStatusListCredential"), "\(list)")
        #expect(try await server.request("/nothing/here").status == 404)

        let before = try await server.request("/api/verify", method: "POST", body: credential)
        #expect(before.status == 200 && before.body.contains("\"verdict\": \"VERIFIED\""), "\(before.body)")
        let revoked = try await LaurelBinary.run(["revoke", "-w", ws, id, "--reason", "test"])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let after = try await server.request("/api/verify", method: "POST", body: credential)
        #expect(after.body.contains("\"verdict\": \"REVOKED\""), "\(after.body)")
        let garbage = try await server.request("/api/verify", method: "POST", body: Data("not a credential".utf8))
        #expect(garbage.status == 400)

        #expect(await server.stop() == 0, "\(server.stderr)")
        #expect(server.stderr.contains("/api/verify"), "no request log: \(server.stderr)")
    }
}
