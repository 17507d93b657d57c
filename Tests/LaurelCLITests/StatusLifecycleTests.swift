import Foundation
import Testing

/// issue → publish → verify, then revoke / suspend / unsuspend, through the binary.
@Suite("Status lifecycle", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct StatusLifecycleTests {
    static let base = "https://certs.example.edu/status/"

    /// A workspace with status lists, one issued credential, its lists published; returns (workspace, file, id).
    static func setUp(_ temp: TemporaryDirectory, proof: String = "eddsa-rdfc-2022") throws -> (String, String, String) {
        let ws = temp.path("ws")
        let made = try LaurelBinary.run(["init", ws, "--issuer-name", "Example State University", "--status-base-url", base])
        #expect(made.status == 0, "\(made.stderr)")
        let file = temp.path("cred.json")
        let issued = try LaurelBinary.run(["issue", "-w", ws, "--achievement", "intro-to-oer", "--recipient-name", "Zoë Ångström",
                                           "--recipient-email", "zoe@example.org", "--proof", proof, "-o", file, "--json"])
        #expect(issued.status == 0, "\(issued.stderr)")
        let id = try #require(try JSONSerialization.jsonObject(with: Data(issued.stdout.utf8)) as? [String: Any])["id"] as? String
        #expect(try LaurelBinary.run(["status", "publish", "-w", ws]).status == 0)
        return (ws, file, try #require(id))
    }

    static func verify(_ ws: String, _ file: String) throws -> LaurelBinary.Output {
        try LaurelBinary.run(["verify", file, "--offline", "--json",
                              "--resource", base + "revocation-1.json=" + ws + "/status/revocation-1.json",
                              "--resource", base + "suspension-1.json=" + ws + "/status/suspension-1.json"])
    }

    @Test("issue → publish → verify is VERIFIED; revoke → REVOKED, exit 1; suspension is reversible")
    func lifecycle() throws {
        let temp = try TemporaryDirectory()
        let (ws, file, id) = try Self.setUp(temp)

        let fresh = try Self.verify(ws, file)
        #expect(fresh.status == 0, "\(fresh.stdout)")
        #expect(fresh.stdout.contains("\"verdict\": \"VERIFIED\""))

        #expect(try LaurelBinary.run(["suspend", "-w", ws, id, "--reason", "Under review"]).status == 0)
        let suspended = try Self.verify(ws, file)
        #expect(suspended.status == 1)
        #expect(suspended.stdout.contains("\"verdict\": \"SUSPENDED\""))

        #expect(try LaurelBinary.run(["unsuspend", "-w", ws, id]).status == 0)
        let lifted = try Self.verify(ws, file)
        #expect(lifted.status == 0, "\(lifted.stdout)")

        let revoked = try LaurelBinary.run(["revoke", "-w", ws, id, "--reason", "Issued in error"])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let after = try Self.verify(ws, file)
        #expect(after.status == 1)
        #expect(after.stdout.contains("\"verdict\": \"REVOKED\""))

        let shown = try LaurelBinary.run(["status", "show", id, "-w", ws, "--json"])
        #expect(shown.stdout.contains("\"state\": \"revoked\""))
        #expect(shown.stdout.contains("Issued in error"))

        // Revocation is final.
        #expect(try LaurelBinary.run(["unsuspend", "-w", ws, id]).status == 1)
        #expect(try Self.verify(ws, file).stdout.contains("\"verdict\": \"REVOKED\""))
    }

    @Test("without its status list, verification says STATUS UNKNOWN, never verified")
    func missingList() throws {
        let temp = try TemporaryDirectory()
        let (_, file, _) = try Self.setUp(temp, proof: "jwt")
        let result = try LaurelBinary.run(["verify", file, "--offline", "--json"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\"verdict\": \"STATUS UNKNOWN\""))
    }

    @Test("bulk revoke from a CSV changes every listed credential in one run")
    func bulkRevoke() throws {
        let temp = try TemporaryDirectory()
        let (ws, _, first) = try Self.setUp(temp)
        var ids = [first]
        for n in 0..<3 {
            let issued = try LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "Learner \(n)",
                                               "--recipient-email", "l\(n)@example.org", "--json"])
            let object = try JSONSerialization.jsonObject(with: Data(issued.stdout.utf8)) as? [String: Any]
            ids.append(try #require(object?["id"] as? String))
        }
        try ("id,note\n" + ids.map { "\($0),x" }.joined(separator: "\n") + "\n").write(toFile: temp.path("ids.csv"), atomically: true, encoding: .utf8)
        let result = try LaurelBinary.run(["revoke", "-w", ws, "--csv", temp.path("ids.csv"), "--reason", "Cohort re-graded", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.components(separatedBy: "\"changed\"").count - 1 == 4)
        for id in ids {
            #expect(try LaurelBinary.run(["status", "show", id, "-w", ws, "--json"]).stdout.contains("\"state\": \"revoked\""))
        }
    }

    @Test("two processes issuing and revoking at once: no index handed out twice, no revocation lost")
    func concurrentProcesses() async throws {
        let temp = try TemporaryDirectory()
        let (ws, _, _) = try Self.setUp(temp, proof: "eddsa-jcs-2022")
        let seconds = Double(ProcessInfo.processInfo.environment["LAUREL_STRESS_SECONDS"] ?? "") ?? 60
        let deadline = Date().addingTimeInterval(seconds)

        @Sendable func worker(_ name: String) throws -> (issued: [String], revoked: [String]) {
            var issued: [String] = []
            var revoked: [String] = []
            var n = 0
            while Date() < deadline {
                let result = try LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--proof", "eddsa-jcs-2022",
                                                   "--recipient-name", "\(name) \(n)", "--recipient-email", "\(name)\(n)@example.org", "--json"])
                guard result.status == 0 else { Issue.record("issue failed: \(result.stderr)"); break }
                let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
                guard let id = object?["id"] as? String else { break }
                issued.append(id)
                if n % 2 == 0 {
                    let revoke = try LaurelBinary.run(["revoke", "-w", ws, id, "--reason", "stress"])
                    if revoke.status != 0 { Issue.record("revoke failed: \(revoke.stderr)") } else { revoked.append(id) }
                }
                n += 1
            }
            return (issued, revoked)
        }
        async let a = Task.detached { try worker("a") }.value
        async let b = Task.detached { try worker("b") }.value
        let results = try await [a, b]
        let revoked = results.flatMap(\.revoked)
        let issued = results.flatMap(\.issued)
        #expect(issued.count >= 4, "too few issuances to say anything: \(issued.count)")

        // Every credential has its own revocation index; every revoked one is revoked in the registry.
        var indices = Set<String>()
        for id in issued {
            let shown = try LaurelBinary.run(["status", "show", id, "-w", ws, "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            let revocation = try #require(object["revocation"] as? [String: Any])
            let key = "\(revocation["list"] ?? "")#\(revocation["index"] ?? "")"
            #expect(indices.insert(key).inserted, "index handed out twice: \(key)")
            #expect((object["state"] as? String == "revoked") == revoked.contains(id), "\(id) state \(object["state"] ?? "")")
        }
        // And the published list, decoded by the verifier, agrees for every credential.
        #expect(try LaurelBinary.run(["status", "publish", "-w", ws]).status == 0)
        for id in issued.prefix(6) {
            let file = try #require(FileManager.default.enumerator(atPath: ws + "/credentials")?.allObjects
                .compactMap { $0 as? String }.first { name in
                    (try? String(contentsOfFile: ws + "/credentials/" + name, encoding: .utf8))?.contains(id) == true
                })
            let verdict = try Self.verify(ws, ws + "/credentials/" + file).stdout
            #expect(verdict.contains(revoked.contains(id) ? "\"verdict\": \"REVOKED\"" : "\"verdict\": \"VERIFIED\""), "\(id): \(verdict.prefix(300))")
        }
    }
}
