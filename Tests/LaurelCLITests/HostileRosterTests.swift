import Foundation
import Testing

/// Rosters and workspaces as a careless spreadsheet or a hostile user makes them, through the
/// binary: each refused with a message naming where, nothing signed that should not be.
@Suite("hostile rosters", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct HostileRosterTests {
    static let base = "https://u.example.org/status/"

    static func workspace(_ temp: TemporaryDirectory) async throws -> String {
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "Universidad", "--status-base-url", base]).status == 0)
        return ws
    }

    static func batch(_ temp: TemporaryDirectory, _ ws: String, _ bytes: [UInt8], _ extra: [String] = []) async throws -> LaurelBinary.Output {
        try Data(bytes).write(to: URL(fileURLWithPath: temp.path("roster.csv")))
        return try await LaurelBinary.run(["batch", temp.path("roster.csv"), "-w", ws, "--achievement", "intro-to-oer",
                                           "--out", temp.path("out"), "--json"] + extra)
    }

    static func rows(_ output: LaurelBinary.Output) throws -> [[String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.stderr)")
        return try #require(json["rows"] as? [[String: Any]])
    }

    @Test("a comma outside quotes, control characters, a bidi override or a huge value is an error naming the row; a BOM before an e-mail is not a new learner")
    func badCells() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await Self.workspace(temp)
        let roster = "email,name\n"
            + "ana@example.org,López, Ana\n"                       // 2: unquoted comma
            + "bo@example.org,Bo\u{1B}[2J\n"                        // 3: terminal escape
            + "cy@example.org,\u{202E}ycC\n"                        // 4: right-to-left override
            + "di@example.org,\(String(repeating: "D", count: 600))\n" // 5: too long
            + "ed@example.org,Ed\n"                                 // 6: ready
            + "\u{FEFF}ED@example.org ,Ed\n"                        // 7: the same learner
        let output = try await Self.batch(temp, ws, Array(roster.utf8), ["--dry-run"])
        #expect(output.status == 1)
        let rows = try Self.rows(output)
        #expect(rows.map { $0["status"] as? String } == ["error", "error", "error", "error", "ready", "duplicate"], "\(rows)")
        #expect((rows[0]["message"] as? String)?.contains("double quotes") == true)
        #expect(rows[1]["column"] as? String == "name" && (rows[1]["message"] as? String)?.contains("U+001B") == true)
        #expect((rows[2]["message"] as? String)?.contains("U+202E") == true)
        #expect((rows[3]["message"] as? String)?.contains("600 characters") == true)
        #expect(!(output.stdout.contains("\u{1B}") || output.stdout.contains("\\u001b[2J")), "the escape is never echoed")
    }

    @Test("an unclosed quote, a UTF-16 or NUL-holding file is refused whole (exit 2), with JSON on stdout under --json")
    func unreadable() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await Self.workspace(temp)
        let unclosed = try await Self.batch(temp, ws, Array("email,name\nana@example.org,\"Ana\nbob@example.org,Bob\n".utf8))
        #expect(unclosed.status == 2)
        #expect(unclosed.stderr.contains("row 2") && unclosed.stderr.contains("never closes"), "\(unclosed.stderr)")
        let error = try #require(try JSONSerialization.jsonObject(with: Data(unclosed.stdout.utf8)) as? [String: Any])
        #expect((error["error"] as? String)?.contains("never closes") == true)
        #expect(error["exitCode"] as? Int == 2)

        let utf16 = try await Self.batch(temp, ws, [0xFF, 0xFE] + Array("e\0m\0a\0i\0l\0".utf8))
        #expect(utf16.status == 2 && utf16.stderr.contains("UTF-16"), "\(utf16.stderr)")
        let headerOnly = try await Self.batch(temp, ws, Array("email,name\n".utf8))
        #expect(headerOnly.status == 2 && headerOnly.stderr.contains("no learners"), "\(headerOnly.stderr)")
        let nul = try await Self.batch(temp, ws, Array("email,name\nana@example.org,A\0na\n".utf8))
        #expect(nul.status == 2 && nul.stderr.contains("NUL") && nul.stderr.contains("row 2"), "\(nul.stderr)")
        #expect(!FileManager.default.fileExists(atPath: temp.path("out/report.csv")))
    }

    @Test("a changed row is not re-issued by default, says how to, and keeps the issued file's name; every run publishes what the registry changed")
    func changedRowAndPublishing() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await Self.workspace(temp)
        #expect(try await Self.batch(temp, ws, Array("email,name\njon@example.org,Jon Smith\n".utf8)).status == 0)
        let changed = try await Self.batch(temp, ws, Array("email,name\njon@example.org,John Smith\n".utf8))
        #expect(changed.status == 0)
        let row = try #require(try Self.rows(changed).first)
        #expect(row["status"] as? String == "already-issued")
        #expect((row["message"] as? String)?.contains("replacing duplicates") == true, "\(row)")
        let files = try FileManager.default.contentsOfDirectory(atPath: temp.path("out")).filter { $0.hasSuffix(".json") }
        #expect(files.count == 1 && files[0].contains("jon-smith"), "\(files)")

        // Replaced, then the published list lost: the next run, with nothing new to issue, publishes it again.
        let replaced = try await Self.batch(temp, ws, Array("email,name\njon@example.org,John Smith\n".utf8), ["--on-duplicate", "replace"])
        #expect(try Self.rows(replaced).first?["status"] as? String == "issued")
        try FileManager.default.removeItem(atPath: ws + "/status/revocation-1.json")
        let again = try await Self.batch(temp, ws, Array("email,name\njon@example.org,John Smith\n".utf8), ["--on-duplicate", "replace"])
        #expect(again.status == 0, "\(again.stderr)")
        let old = temp.path("out/" + files[0])
        let verdict = try await LaurelBinary.run(["verify", old, "--offline", "--json",
                                                  "--resource", Self.base + "revocation-1.json=" + ws + "/status/revocation-1.json",
                                                  "--resource", Self.base + "suspension-1.json=" + ws + "/status/suspension-1.json"])
        #expect(verdict.stdout.contains("\"verdict\": \"REVOKED\""), "\(verdict.stdout)")
    }

    @Test("a partner's status URL that is another issuer's written differently is refused")
    func sameStatusURL() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await Self.workspace(temp)
        for variant in ["https://U.Example.ORG/status/", "https://u.example.org:443/status", "https://u.example.org./status/",
                        "https://u.example.org/%73tatus/"] {
            let added = try await LaurelBinary.run(["issuer", "add", "p", "--name", "P", "--status-base-url", variant, "-w", ws])
            #expect(added.status == 2, "\(variant): \(added.stderr)")
        }
    }
}
