import Foundation
import Testing

/// `laurel batch` as program staff use it: a dry run that names every bad row, a run that issues
/// the rest, a re-run that issues nothing new, files that verify.
@Suite("batch command", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct BatchCommandTests {
    static let roster = "\u{FEFF}First Name,Last Name,Recipient Email,Issued at date,Locale,Country\r\n"
        + "Ana María,López,ANA@Example.org,2026-06-30,es,ES\r\n"     // 2: ready, in Spanish
        + "\"Li, Ming\",Wang,li@example.org,,en,CN\r\n"            // 3: ready, comma inside quotes
        + "Bo,,not-an-email,,,\r\n"                                 // 4: bad e-mail
        + "Ana María,López,ana@example.org,,,\r\n"                  // 5: duplicate of row 2
        + "أحمد,\"Al-Sayed\nJr\",ahmed@example.org,30/06/2026,,\r\n" // 6: newline in quotes; bad date
        + "Nguyễn,Thị,nguyen@example.org,2026-07-01,vi,VN\r\n"      // 7: warning: no Vietnamese version, issued in English

    @Test("dry run names the bad rows; a refused run signs nothing; --skip-invalid issues the rest; a re-run issues nothing new; files verify")
    func cohort() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "Universidad", "--status-base-url", "https://u.example.org/status/"]).status == 0)
        try Self.roster.write(toFile: temp.path("roster.csv"), atomically: true, encoding: .utf8)
        let base = ["batch", temp.path("roster.csv"), "-w", ws, "--achievement", "intro-to-oer", "--out", temp.path("out")]

        let dry = try await LaurelBinary.run(base + ["--dry-run", "--json"])
        #expect(dry.status == 1)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        let rows = try #require(plan["rows"] as? [[String: Any]])
        let problems = rows.filter { !["ready", "warning"].contains($0["status"] as? String) }.map { $0["row"] as? Int }
        #expect(problems == [4, 5, 6], "\(rows)")
        #expect((plan["unknownColumns"] as? [String]) == ["Country"])
        #expect(!temp.listing("out").contains { $0.hasSuffix(".json") })

        let refused = try await LaurelBinary.run(base)
        #expect(refused.status == 1)
        #expect(!temp.listing("out").contains { $0.hasSuffix(".json") }, "a row in error stops the run before anything is signed")

        let issued = try await LaurelBinary.run(base + ["--skip-invalid"])
        #expect(issued.status == 1, "rows were skipped as invalid")
        let files = temp.listing("out").filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 3, "\(files)")
        for file in files {
            let verified = try await LaurelBinary.run(["verify", temp.path("out/" + file), "--offline",
                "--resource", "https://u.example.org/status/revocation-1.json=\(ws)/status/revocation-1.json",
                "--resource", "https://u.example.org/status/suspension-1.json=\(ws)/status/suspension-1.json"])
            #expect(verified.status == 0, "\(file): \(verified.stdout)")
        }
        let report = try String(contentsOfFile: temp.path("out/report.csv"), encoding: .utf8)
        #expect(report.contains("4,error,email"))
        let mail = try String(contentsOfFile: temp.path("out/mail-merge.csv"), encoding: .utf8)
        #expect(mail.contains("\"Li, Ming Wang\",li@example.org,en,"))

        let again = try await LaurelBinary.run(base + ["--skip-invalid", "--json"])
        let second = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        let statuses = (second["rows"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
        #expect(statuses.filter { $0 == "already-issued" }.count == 3 && !statuses.contains("issued"), "\(statuses)")
        #expect(temp.listing("out").filter { $0.hasSuffix(".json") }.sorted() == files)
        #expect(try await LaurelBinary.run(["credentials", "list", "-w", ws, "--json"]).stdout.components(separatedBy: "urn:uuid:").count - 1 == 3)

        // A file lost after the run (or never written by a run that was killed) is written again from the registry.
        try FileManager.default.removeItem(atPath: temp.path("out/" + files[0]))
        #expect(try await LaurelBinary.run(base + ["--skip-invalid", "--quiet"]).status == 1)
        #expect(FileManager.default.fileExists(atPath: temp.path("out/" + files[0])))
    }

    @Test("a Windows-1252 roster is refused (exit 2), naming the row; nothing is signed")
    func windows1252() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "U"]).status == 0)
        let bytes = Array("name,email\nAna,ana@example.org\nJos".utf8) + [0xE9] + Array(",jose@example.org\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: temp.path("latin1.csv")))
        let result = try await LaurelBinary.run(["batch", temp.path("latin1.csv"), "-w", ws, "--achievement", "cc-core"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("row 3") && result.stderr.contains("UTF-8"), "\(result.stderr)")
        #expect(temp.listing("ws/credentials").isEmpty)
    }

    @Test("a batch killed at random points 20 times and run again ends with exactly the credentials of a clean run, every file whole")
    func killedAndResumed() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "U", "--status-base-url", "https://u.example.org/status/"]).status == 0)
        let roster = "name,email\n" + (0..<30).map { "Learner \($0),l\($0)@example.org" }.joined(separator: "\n") + "\n"
        try roster.write(toFile: temp.path("roster.csv"), atomically: true, encoding: .utf8)
        let base = ["batch", temp.path("roster.csv"), "-w", ws, "--achievement", "cc-core", "--proof", "eddsa-jcs-2022",
                    "--out", temp.path("out"), "--quiet"]

        // What a clean run makes: the ids the plan derives for every row.
        let plan = try await LaurelBinary.run(base + ["--dry-run", "--json"])
        let planned = try #require(try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        let expected = Set(((planned["rows"] as? [[String: Any]]) ?? []).compactMap { $0["credentialID"] as? String })
        #expect(expected.count == 30)

        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for _ in 0..<20 {
            if try await LaurelBinary.runKilled(base, after: Double.random(in: 0.02...0.6, using: &generator)) { kills += 1 }
        }
        #expect(kills >= 10, "only \(kills) runs were still going when killed")
        let finished = try await LaurelBinary.run(base)
        #expect(finished.status == 0, "\(finished.stdout)\(finished.stderr)")

        let listed = try await LaurelBinary.run(["credentials", "list", "-w", ws, "--json"])
        let records = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(Set(records.compactMap { $0["id"] as? String }) == expected, "the registry holds exactly the planned credentials")
        let names = temp.listing("out")
        #expect(!names.contains { $0.hasPrefix(".") }, "temporary files left: \(names)")
        let files = names.filter { $0.hasSuffix(".json") }
        #expect(files.count == 30)
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: temp.path("out/" + file)))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(file) is not whole")
            #expect(expected.contains(object["id"] as? String ?? ""))
        }
    }
}
