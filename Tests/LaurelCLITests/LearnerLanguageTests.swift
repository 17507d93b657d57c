import Foundation
import Testing

/// The learner's language through the binary: a roster's `locale` column and `--locale` give a
/// credential in Spanish that verifies; a language the catalog does not have is issued in
/// English, and staff are told before and after.
@Suite("learner's language", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct LearnerLanguageTests {
    static let englishCore = "https://certificate.creativecommons.org/achievements/cc-core"
    static let spanishCore = "https://certificate.creativecommons.org/achievements/cc-core/es"
    static let statusBase = "https://u.example.org/status/"

    /// A workspace publishing status lists, made with `laurel init`.
    static func workspace(in temp: TemporaryDirectory) async throws -> String {
        let ws = temp.path("ws")
        let made = try await LaurelBinary.run(["init", ws, "--issuer-name", "Universidad de Ejemplo", "--status-base-url", statusBase])
        try #require(made.status == 0, "\(made.stderr)")
        return ws
    }

    /// `laurel verify FILE --offline`, the workspace's status lists answering for the web.
    static func verify(_ file: String, workspace ws: String) async throws -> LaurelBinary.Output {
        try await LaurelBinary.run(["verify", file, "--offline",
            "--resource", "\(statusBase)revocation-1.json=\(ws)/status/revocation-1.json",
            "--resource", "\(statusBase)suspension-1.json=\(ws)/status/suspension-1.json"])
    }

    /// The achievement in the credential file at `path`.
    static func achievement(in path: String) throws -> [String: Any] {
        let credential = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let subject = try #require(credential["credentialSubject"] as? [String: Any])
        return try #require(subject["achievement"] as? [String: Any])
    }

    /// The `related` entries of an achievement, as (id, inLanguage) pairs.
    static func related(_ achievement: [String: Any]) -> [String] {
        (achievement["related"] as? [[String: Any]] ?? []).map { "\($0["id"] as? String ?? "?") \($0["inLanguage"] as? String ?? "?")" }
    }

    @Test("a roster's Spanish and es-MX rows get Spanish credentials that verify; --locale serves rows without one; a French row is issued in English with a warning in the dry run and the report")
    func roster() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await Self.workspace(in: temp)
        let roster = "name,email,locale\n"
            + "Ana María López,ana@example.org,es\n"      // 2: Spanish
            + "José Hernández,jose@example.org,es-MX\n"   // 3: Spanish, served by es
            + "Amélie Dubois,amelie@example.org,fr\n"     // 4: no French: English, with a warning
            + "Lucía Fernández,lucia@example.org,\n"      // 5: --locale es
            + "Sam Taylor,sam@example.org,en-GB\n"        // 6: English, no warning
        try roster.write(toFile: temp.path("roster.csv"), atomically: true, encoding: .utf8)
        let base = ["batch", temp.path("roster.csv"), "-w", ws, "--achievement", "cc-core", "--locale", "es", "--out", temp.path("out")]

        let dry = try await LaurelBinary.run(base + ["--dry-run", "--json"])
        #expect(dry.status == 0, "\(dry.stdout)\(dry.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        let rows = try #require(plan["rows"] as? [[String: Any]])
        #expect(rows.map { $0["status"] as? String } == ["ready", "ready", "warning", "ready", "ready"], "\(rows)")
        let warning = "the catalog has no French (fr) version of cc-core yet: issued in English"
        #expect(rows[2]["message"] as? String == warning && rows[2]["column"] as? String == "locale")
        #expect(try String(contentsOfFile: temp.path("out/report.csv"), encoding: .utf8).contains(warning))

        let run = try await LaurelBinary.run(base)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("row 4") && run.stdout.contains(warning), "the warning is shown after the run too: \(run.stdout)")
        let files = temp.listing("out").filter { $0.hasSuffix(".json") }
        #expect(files.count == 5, "\(files)")
        func file(_ slug: String) throws -> String {
            temp.path("out/" + (try #require(files.first { $0.contains(slug) }, "no file for \(slug) in \(files)")))
        }
        for slug in ["ana-maría-lópez", "josé-hernández", "lucía-fernández"] {
            let achievement = try Self.achievement(in: try file(slug))
            #expect(achievement["id"] as? String == Self.spanishCore, "\(slug)")
            #expect(achievement["name"] as? String == "Certificado de Creative Commons: CORE")
            #expect(achievement["inLanguage"] as? String == "es")
            #expect(Self.related(achievement) == ["\(Self.englishCore) en"])
            let verified = try await Self.verify(try file(slug), workspace: ws)
            #expect(verified.status == 0 && verified.stdout.contains("VERIFIED"), "\(slug): \(verified.stdout)\(verified.stderr)")
            #expect(verified.stdout.contains("Certificado de Creative Commons: CORE"))
        }
        for slug in ["amélie-dubois", "sam-taylor"] {
            let achievement = try Self.achievement(in: try file(slug))
            #expect(achievement["id"] as? String == Self.englishCore, "\(slug)")
            #expect(achievement["name"] as? String == "Creative Commons Certificate: CORE")
            #expect(Self.related(achievement) == ["\(Self.spanishCore) es"])
            #expect(try await Self.verify(try file(slug), workspace: ws).status == 0)
        }
        let report = try String(contentsOfFile: temp.path("out/report.csv"), encoding: .utf8)
        #expect(report.contains(warning), "the report after the run keeps the warning: \(report)")
    }

    @Test("laurel issue --locale es (and es-MX) issues the Spanish credential, which verifies; --locale fr issues English with a warning")
    func issue() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await Self.workspace(in: temp)
        let base = ["issue", "-w", ws, "--achievement", "cc-librarians", "--recipient-name", "Ana María López"]

        for (n, locale) in ["es", "es-MX"].enumerated() {
            let file = temp.path("ana-\(n).json")
            let issued = try await LaurelBinary.run(base + ["--recipient-email", "ana\(n)@example.org", "--locale", locale, "-o", file])
            #expect(issued.status == 0, "\(issued.stderr)")
            #expect(issued.stdout.contains("in Spanish") && !issued.stderr.contains("warning"), "\(issued.stdout)\(issued.stderr)")
            let achievement = try Self.achievement(in: file)
            #expect(achievement["name"] as? String == "Certificado de Creative Commons para profesionales de bibliotecas")
            #expect(achievement["inLanguage"] as? String == "es")
            #expect(Self.related(achievement) == ["https://certificate.creativecommons.org/achievements/cc-librarians en"])
            let verified = try await Self.verify(file, workspace: ws)
            #expect(verified.status == 0 && verified.stdout.contains("VERIFIED"), "\(verified.stdout)\(verified.stderr)")
        }

        let french = try await LaurelBinary.run(base + ["--recipient-email", "amelie@example.org", "--locale", "fr",
                                                        "-o", temp.path("amelie.json"), "--json"])
        #expect(french.status == 0, "\(french.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(french.stdout.utf8)) as? [String: Any])
        let warning = "the catalog has no French (fr) version of cc-librarians yet: issued in English"
        #expect((answer["warnings"] as? [String])?.contains(warning) == true, "\(french.stdout)")
        #expect(answer["language"] as? String == "en")
        #expect(french.stderr.contains("laurel: warning: \(warning)"))
        #expect(try Self.achievement(in: temp.path("amelie.json"))["name"] as? String == "Creative Commons Certificate for Librarians")

        let bad = try await LaurelBinary.run(base + ["--recipient-email", "x@example.org", "--locale", "español"])
        #expect(bad.status != 0 && bad.stderr.contains("--locale"), "\(bad.stderr)")
    }

    @Test("laurel achievements lists each achievement's languages")
    func achievements() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await Self.workspace(in: temp)
        let listed = try await LaurelBinary.run(["achievements", "-w", ws, "--json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 6)
        #expect(entries.allSatisfy { $0["languages"] as? [String] == ["en", "es"] }, "\(entries)")
        let text = try await LaurelBinary.run(["achievements", "-w", ws])
        #expect(text.stdout.contains("cc-core") && text.stdout.contains("[en, es]"), "\(text.stdout)")
    }
}
