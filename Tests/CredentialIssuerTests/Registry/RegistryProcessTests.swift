import CredentialKit
import Foundation
import Testing
@testable import CredentialIssuer
#if canImport(Glibc)
import Glibc
#endif

/// Separate processes on one registry: the test binary runs itself again as child processes that
/// issue, revoke, suspend and publish in a loop (``worker()``), side by side or killed with
/// `kill -9` at random moments, and the parent checks what is left.
@Suite("Registry processes")
struct RegistryProcessTests {
    static let directoryVariable = "LAUREL_REGISTRY_WORKER_DIR"
    static let secondsVariable = "LAUREL_REGISTRY_WORKER_SECONDS"
    static let listSize = 1_024

    /// Starts the worker test in a child process of this test binary.
    private static func startWorker(directory: URL, seconds: Int) throws -> Process {
        let binary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "cannot find the test binary to run as a child")
        let child = Process()
        child.executableURL = binary
        child.arguments = ["--testing-library", "swift-testing", "--filter", "RegistryProcessTests/worker"]
        child.environment = ProcessInfo.processInfo.environment.merging(
            [directoryVariable: directory.path, secondsVariable: String(seconds)]) { $1 }
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        return child
    }

    @Test("two processes issuing and revoking at once: no index twice, no revocation lost, both finish")
    func twoProcesses() throws {
        let temp = try TemporaryDirectory()
        let children = try (0..<2).map { _ in try Self.startWorker(directory: temp.url, seconds: 5) }
        for child in children { child.waitUntilExit() }
        #expect(children.map(\.terminationStatus) == [0, 0], "a worker failed (SQLITE_BUSY or an error)")

        let registry = try RegistryFixture.open(temp.url, listSize: Self.listSize)
        #expect(try registry.integrityProblems() == [])
        var issued: [String] = []
        var revoked = Set<String>()
        for child in children {
            let pid = child.processIdentifier
            issued += try String(contentsOf: temp.path("issued-\(pid).txt"), encoding: .utf8).split(separator: "\n").map(String.init)
            revoked.formUnion(try String(contentsOf: temp.path("revoked-\(pid).txt"), encoding: .utf8).split(separator: "\n").map(String.init))
        }
        #expect(issued.count > 100, "only \(issued.count) issued")
        #expect(Set(issued) == Set(try registry.credentialIDs(batch: "crash")))
        var expectedBits: [Int64: Set<Int>] = [:]
        for id in issued {
            let record = try #require(try registry.credential(id: id))
            #expect((record.state == .revoked) == revoked.contains(id), "\(id)")
            if record.state == .revoked { expectedBits[record.revocation.listID, default: []].insert(record.revocation.index) }
        }
        for list in try registry.statusLists() where list.purpose == .revocation {
            #expect(Set(try registry.bitstring(listID: list.id).setIndices) == expectedBits[list.id, default: []])
        }
    }

    @Test("after kill -9 at random moments the registry is consistent, files are whole, and publishing catches up")
    func killNine() throws {
        let temp = try TemporaryDirectory()
        var killed = 0
        for _ in 0..<4 {
            let child = try Self.startWorker(directory: temp.url, seconds: 60)
            Thread.sleep(forTimeInterval: Double.random(in: 1.5...3.0))
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            if child.terminationReason == .uncaughtSignal { killed += 1 }
        }
        #expect(killed == 4, "the child finished before it was killed")

        let registry = try RegistryFixture.open(temp.url, listSize: Self.listSize)
        #expect(try registry.integrityProblems() == [])
        let ids = try registry.credentialIDs(batch: "crash")
        #expect(ids.count > 0, "the children issued nothing")
        let issueAudits = try registry.auditEntries(limit: 10_000_000).filter { $0.action == "issue" }
        #expect(issueAudits.count == ids.count, "every recorded credential has its audit row, and no more")

        // Whatever the children published is whole JSON with a list that decodes.
        let statusDirectory = temp.path("status")
        let published = (try? FileManager.default.contentsOfDirectory(atPath: statusDirectory.path)) ?? []
        for name in published where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let json = try JSONParser.parse(Array(try Data(contentsOf: statusDirectory.appendingPathComponent(name))))
            _ = try BitstringStatusListSubject(json: json["credentialSubject"] ?? .null).bitstring()
        }

        // The next publish finishes the work: every file matches the registry.
        let report = try StatusListPublisher.publish(registry: registry, to: [statusDirectory], inspector: RegistryFixture.inspector,
                                                     actor: "test") { try RegistryFixture.signList($0) }
        #expect(report.isComplete)
        #expect(try FileManager.default.contentsOfDirectory(atPath: statusDirectory.path).allSatisfy { !$0.hasPrefix(".") },
                "no temporary file is left behind")
        for list in try registry.statusLists() {
            let json = try JSONParser.parse(Array(try Data(contentsOf: statusDirectory.appendingPathComponent(list.fileName))))
            let bits = try BitstringStatusListSubject(json: json["credentialSubject"] ?? .null).bitstring()
            #expect(bits == (try registry.bitstring(listID: list.id)), "\(list.url)")
        }
    }

    /// The child's work: issue, revoke, suspend, unsuspend and publish for the given seconds, then
    /// write the ids it issued and revoked to `issued-<pid>.txt` and `revoked-<pid>.txt`.
    @Test("worker (runs only as a child of the tests above)",
          .enabled(if: ProcessInfo.processInfo.environment[directoryVariable] != nil))
    func worker() throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = URL(fileURLWithPath: try #require(environment[Self.directoryVariable]))
        let seconds = TimeInterval(environment[Self.secondsVariable].flatMap(Int.init) ?? 60)
        let registry = try RegistryFixture.open(directory, listSize: Self.listSize)
        let prefix = "urn:crash:\(getpid()):"
        let stop = Date().addingTimeInterval(seconds)
        var issued: [String] = []
        var revoked: [String] = []
        var round = 0
        while Date() < stop {
            let requests = (0..<20).map { RegistryFixture.request(round * 20 + $0, batch: "crash", prefix: prefix) }
            issued += try registry.recordIssuances(requests, actor: "child", sign: RegistryFixture.fakeSign).map(\.id)
            let sample = { (count: Int) in (0..<count).map { _ in issued[Int.random(in: 0..<issued.count)] } }
            revoked += try registry.changeStatus(.revoke, credentialIDs: sample(3), reason: "crash test", actor: "child")
                .credentialIDs(.changed)
            // Suspending a revoked credential is refused, and the whole change with it.
            for (action, count) in [(StatusAction.suspend, 4), (.unsuspend, 2)] {
                do {
                    _ = try registry.changeStatus(action, credentialIDs: sample(count), reason: nil, actor: "child")
                } catch let error as IssuerError where error.code == .credentialRevoked {}
            }
            try StatusListPublisher.publish(registry: registry, to: [directory.appendingPathComponent("status")],
                                            inspector: RegistryFixture.inspector, all: round % 2 == 0,
                                            actor: "child") { try RegistryFixture.signList($0) }
            round += 1
        }
        try AtomicFile.write(Array(issued.joined(separator: "\n").utf8), to: directory.appendingPathComponent("issued-\(getpid()).txt"))
        try AtomicFile.write(Array(revoked.joined(separator: "\n").utf8), to: directory.appendingPathComponent("revoked-\(getpid()).txt"))
    }
}
