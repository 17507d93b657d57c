import CredentialKit
import Foundation
import Testing
@testable import CredentialIssuer
#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` in the middle of issuing, revoking and publishing: the test binary runs itself again
/// as a child doing that work in a loop, kills it at a random moment, and checks what is left.
@Suite("Registry crash safety")
struct RegistryCrashTests {
    static let crashDirectoryVariable = "LAUREL_REGISTRY_CRASH_DIR"
    static let listSize = 1_024

    @Test("after kill -9 at random moments the registry is consistent, files are whole, and publishing catches up")
    func killNine() throws {
        let temp = try TemporaryDirectory()
        let binary = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "cannot find the test binary to run as a child")
        var killed = 0
        for _ in 0..<4 {
            let child = Process()
            child.executableURL = binary
            child.arguments = ["--testing-library", "swift-testing", "--filter", "crashWorker"]
            child.environment = ProcessInfo.processInfo.environment.merging([Self.crashDirectoryVariable: temp.url.path]) { $1 }
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()
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
        _ = try StatusListPublisher.publish(registry: registry, to: statusDirectory, actor: "test") {
            JSONValue.object($0).serializedBytes()
        }
        #expect(try registry.statusLists().allSatisfy { !$0.needsPublishing })
        for list in try registry.statusLists() {
            let json = try JSONParser.parse(Array(try Data(contentsOf: statusDirectory.appendingPathComponent(list.fileName))))
            let bits = try BitstringStatusListSubject(json: json["credentialSubject"] ?? .null).bitstring()
            #expect(bits == (try registry.bitstring(listID: list.id)), "\(list.url)")
        }
    }

    /// The child's work: issue, revoke, suspend, unsuspend and publish until killed (or 60 s pass).
    @Test("crash worker (runs only as the child of the kill -9 test)",
          .enabled(if: ProcessInfo.processInfo.environment[crashDirectoryVariable] != nil))
    func crashWorker() throws {
        let directory = URL(fileURLWithPath: try #require(ProcessInfo.processInfo.environment[Self.crashDirectoryVariable]))
        let registry = try RegistryFixture.open(directory, listSize: Self.listSize)
        let prefix = "urn:crash:\(getpid()):"
        let stop = Date().addingTimeInterval(60)
        var issued: [String] = []
        var round = 0
        while Date() < stop {
            let requests = (0..<20).map { RegistryFixture.request(round * 20 + $0, batch: "crash", prefix: prefix) }
            issued += try registry.recordIssuances(requests, actor: "child", sign: RegistryFixture.fakeSign).map(\.id)
            let sample = { (count: Int) in (0..<count).map { _ in issued[Int.random(in: 0..<issued.count)] } }
            _ = try registry.changeStatus(.revoke, credentialIDs: sample(3), reason: "crash test", actor: "child")
            _ = try registry.changeStatus(.suspend, credentialIDs: sample(4), reason: "crash test", actor: "child")
            _ = try registry.changeStatus(.unsuspend, credentialIDs: sample(2), reason: nil, actor: "child")
            try StatusListPublisher.publish(registry: registry, to: directory.appendingPathComponent("status"),
                                            all: round % 2 == 0, actor: "child") { JSONValue.object($0).serializedBytes() }
            round += 1
        }
    }
}
