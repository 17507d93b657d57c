import Foundation
import Synchronization
import Testing
@testable import CredentialVerifier

/// A static file server on the loopback interface (python3's http.server), for fetcher tests.
final class LoopbackServer {
    let process = Process()
    let port: Int
    let root: URL

    init(root: URL) throws {
        self.root = root
        port = Int.random(in: 20_000...40_000)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", root.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits (bounded) until the server answers.
    func waitUntilReady() async {
        let probe = HTTPResourceFetcher(timeout: 1)
        for _ in 0..<50 {
            if (try? await probe.fetch(url("ready.txt"))) != nil { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    deinit {
        // SIGKILL: the child may inherit a signal mask that blocks SIGTERM from the test runner.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static var pythonAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/python3")
    }
}

@Suite("HTTPS fetcher", .enabled(if: LoopbackServer.pythonAvailable, "python3 is needed to serve files on loopback"))
struct HTTPResourceFetcherTests {
    @Test("fetches a document, refuses a 404, an oversized body and plain http off loopback")
    func fetching() async throws {
        let temp = try TemporaryDirectory()
        try Data("{\"ok\": true}".utf8).write(to: temp.path("list.json"))
        try Data(repeating: 0x41, count: 300_000).write(to: temp.path("big.json"))
        try Data("ready".utf8).write(to: temp.path("ready.txt"))
        let server = try LoopbackServer(root: temp.url)
        await server.waitUntilReady()
        let fetcher = HTTPResourceFetcher(timeout: 5, maxBytes: 100_000)

        let bytes = try await fetcher.fetch(server.url("list.json"))
        #expect(String(decoding: bytes, as: UTF8.self) == "{\"ok\": true}")

        await #expect(throws: ResourceError.self) { _ = try await fetcher.fetch(server.url("missing.json")) }
        do {
            _ = try await fetcher.fetch(server.url("big.json"))
            Issue.record("an oversized document was accepted")
        } catch let error as ResourceError {
            #expect(error.kind == .tooLarge)
        }
        do {
            _ = try await fetcher.fetch("http://example.org/list.json")
            Issue.record("plain http off loopback was fetched")
        } catch let error as ResourceError {
            #expect(error.kind == .unreachable)
        }
    }

    @Test("a redirect is followed only where the policy allows: by default only to https")
    func redirects() async throws {
        // A server whose /start answers 302 with an absolute Location (swift-corelibs-foundation
        // drops the trailing slash of a relative one, so http.server's own directory redirect loops).
        let port = Int.random(in: 40_001...50_000)
        let code = """
            import http.server
            class H(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    if self.path == "/start":
                        self.send_response(302); self.send_header("Location", "http://127.0.0.1:\(port)/target"); self.end_headers()
                    else:
                        self.send_response(200); self.send_header("Content-Length", "6"); self.end_headers(); self.wfile.write(b"inside")
                def log_message(self, *args): pass
            http.server.HTTPServer(("127.0.0.1", \(port)), H).serve_forever()
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code]
        try process.run()
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        let probe = HTTPResourceFetcher(timeout: 1)
        for _ in 0..<50 where (try? await probe.fetch("http://127.0.0.1:\(port)/target")) == nil {
            try await Task.sleep(for: .milliseconds(100))
        }
        do {
            _ = try await HTTPResourceFetcher(timeout: 5).fetch("http://127.0.0.1:\(port)/start")
            Issue.record("a redirect to plain http was followed")
        } catch let error as ResourceError {
            #expect(error.detail.contains("redirected to http://127.0.0.1:\(port)/target"), "\(error.detail)")
        }
        let asked = Mutex<[String]>([])
        let permissive = HTTPResourceFetcher(timeout: 5) { url in asked.withLock { $0.append(url.absoluteString) }; return true }
        let bytes = try await permissive.fetch("http://127.0.0.1:\(port)/start")
        #expect(String(decoding: bytes, as: UTF8.self) == "inside")
        #expect(asked.withLock { $0 } == ["http://127.0.0.1:\(port)/target"])
    }

    @Test("a closed port is unreachable, quickly")
    func unreachable() async throws {
        let fetcher = HTTPResourceFetcher(timeout: 3)
        let start = Date()
        do {
            _ = try await fetcher.fetch("http://127.0.0.1:9/nothing.json")
            Issue.record("fetched from a closed port")
        } catch let error as ResourceError {
            #expect(error.kind == .unreachable || error.kind == .timedOut)
        }
        // A hang guard, not a speed target: the watchdog answers after 5 s; a test machine running
        // every suite at once can take longer to get back to this test.
        #expect(Date().timeIntervalSince(start) < 120, "bounded by the fetcher's watchdog, even on a loaded machine")
    }

    @Test("offline chaining: local files first, then nothing")
    func chained() async throws {
        let temp = try TemporaryDirectory()
        try Data("local".utf8).write(to: temp.path("a.json"))
        let fetcher = ChainedResourceFetcher(local: LocalResources(files: ["https://x.example/a": temp.path("a.json").path]), remote: nil)
        #expect(String(decoding: try await fetcher.fetch("https://x.example/a"), as: UTF8.self) == "local")
        do {
            _ = try await fetcher.fetch("https://x.example/b")
            Issue.record("offline fetch succeeded")
        } catch let error as ResourceError {
            #expect(error.kind == .notProvided)
            #expect(error.detail.contains("not provided") && !error.detail.contains("--"))
        }
    }
}

@Suite("Memoizing fetcher")
struct MemoizingResourceFetcherTests {
    /// Counts fetches; fails for URLs containing "down".
    final class Counting: ResourceFetcher, @unchecked Sendable {
        let lock = NSLock()
        var calls: [String] = []
        func fetch(_ url: String) async throws -> [UInt8] {
            lock.withLock { calls.append(url) }
            try await Task.sleep(for: .milliseconds(20))
            if url.contains("down") { throw ResourceError(.timedOut, url: url, "\(url) did not answer") }
            return Array(url.utf8)
        }
    }

    @Test("each URL is fetched once, successes and failures alike, also when asked for at once")
    func fetchesOnce() async throws {
        let counting = Counting()
        let fetcher = MemoizingResourceFetcher(counting)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask { _ = try await fetcher.fetch("https://example.edu/status/1#list") }
                group.addTask { _ = try? await fetcher.fetch("https://down.example.edu/status/1") }
            }
            try await group.waitForAll()
        }
        #expect(try await fetcher.fetch("https://example.edu/status/1") == Array("https://example.edu/status/1#list".utf8))
        await #expect(throws: ResourceError.self) { _ = try await fetcher.fetch("https://down.example.edu/status/1") }
        #expect(counting.calls.count == 2, "\(counting.calls)")
    }
}
