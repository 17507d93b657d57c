import Foundation
import Testing

/// A cohort of 10,000 learners, as a partner university's LMS exports it: names in many scripts,
/// a BOM, quoted commas and newlines, five bad rows and three repeated learners.
@Suite("Large roster", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct LargeRosterTests {
    static let learners = 10_000
    /// Row numbers (the header is row 1) of the rows in error, and what is wrong with each.
    static let badRows: [Int: String] = [137: "email", 2_048: "name", 4_999: "issued_on", 7_777: "locale", 9_998: "evidence_url"]
    /// Row numbers of rows repeating an earlier learner (e-mail differing only in case and spaces).
    static let duplicateRows: [Int: Int] = [501: 12, 6_001: 3_000, 10_001: 9_999]

    static let names = [
        "أحمد الفاسي", "王小明", "Иван Петров", "अनन्या शर्मा", "Nguyễn Thị Hương", "José Núñez-Ibáñez", "Seán O'Brien",
        "\"Li, Ming\"", "\"Anna\nMaria Rossi\"", "Zoë Ångström", "김민준", "Αλέξανδρος Παπαδόπουλος", "שרה כהן", "田中 さくら",
    ]

    /// The roster text: `name,email,issued_on,locale,evidence_url`, CRLF line ends, a BOM.
    static func roster() -> String {
        var text = "\u{FEFF}name,email,issued_on,locale,evidence_url\r\n"
        for learner in 0..<learners {
            let row = learner + 2
            var name = names[learner % names.count]
            var email = "learner\(learner)@example.org"
            var issued = learner % 3 == 0 ? "2026-06-30" : ""
            var locale = ["en", "es", "vi", "ar", ""][learner % 5]
            var evidence = learner % 7 == 0 ? "https://lms.example.edu/evidence/\(learner)" : ""
            switch badRows[row] {
            case "email": email = "learner\(learner).example.org"
            case "name": name = ""
            case "issued_on": issued = "31/06/2026"
            case "locale": locale = "english please"
            case "evidence_url": evidence = "see portfolio"
            default: break
            }
            if let earlier = duplicateRows[row] { email = "  LEARNER\(earlier - 2)@Example.ORG " }
            text += "\(name),\(email),\(issued),\(locale),\(evidence)\r\n"
        }
        return text
    }

    static func rows(_ output: LaurelBinary.Output) throws -> [[String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.stderr)")
        return try #require(json["rows"] as? [[String: Any]])
    }

    @Test("10,000 rows in many scripts: the dry run names exactly the 8 bad or repeated rows; --skip-invalid issues the rest, which verify; a second run issues nothing")
    func tenThousandLearners() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "Universidad de Ejemplo",
                                            "--status-base-url", "https://u.example.org/status/"]).status == 0)
        try Self.roster().write(toFile: temp.path("roster.csv"), atomically: true, encoding: .utf8)
        let base = ["batch", temp.path("roster.csv"), "-w", ws, "--achievement", "intro-to-oer", "--out", temp.path("out"),
                    "--proof", "eddsa-jcs-2022"]

        let dry = try Self.rows(try await LaurelBinary.run(base + ["--dry-run", "--json"]))
        #expect(dry.count == Self.learners)
        let flagged = dry.filter { ["error", "duplicate"].contains($0["status"] as? String) }
        var found: [Int: String] = [:]
        for row in flagged { found[row["row"] as? Int ?? 0] = row["status"] as? String }
        #expect(found == Dictionary(uniqueKeysWithValues: Self.badRows.keys.map { ($0, "error") } + Self.duplicateRows.keys.map { ($0, "duplicate") }),
                "\(flagged)")
        for (row, column) in Self.badRows {
            #expect(flagged.contains { $0["row"] as? Int == row && $0["column"] as? String == column }, "row \(row) should name \(column)")
        }
        for (row, earlier) in Self.duplicateRows {
            #expect(flagged.contains { $0["row"] as? Int == row && ($0["message"] as? String)?.contains("row \(earlier)") == true })
        }
        // Names come through exactly, newline and comma included.
        #expect(dry.contains { $0["name"] as? String == "Anna Maria Rossi" }, "a name over two lines is one line in the credential")
        #expect(dry.contains { $0["name"] as? String == "Li, Ming" })

        let issued = try await LaurelBinary.run(base + ["--skip-invalid", "--quiet"])
        #expect(issued.status == 1, "rows were skipped as invalid: \(issued.stderr)")
        let files = temp.listing("out").filter { $0.hasSuffix(".json") }
        #expect(files.count == Self.learners - 8)

        // Every credential verifies, its status entries in the issuer's own lists.
        var resources: [String] = []
        for purpose in ["revocation", "suspension"] {
            resources += ["--resource", "https://u.example.org/status/\(purpose)-1.json=\(ws)/status/\(purpose)-1.json"]
        }
        for start in stride(from: 0, to: files.count, by: 1_000) {
            let group = files[start..<min(start + 1_000, files.count)].map { temp.path("out/" + $0) }
            let verified = try await LaurelBinary.run(["verify", "--offline"] + resources + group)
            #expect(verified.status == 0, "\(verified.stdout.split(separator: "\n").filter { !$0.hasSuffix("VERIFIED") && !$0.hasPrefix(" ") }.prefix(5))")
        }

        let again = try await LaurelBinary.run(base + ["--skip-invalid", "--json"])
        let statuses = try Self.rows(again).compactMap { $0["status"] as? String }
        #expect(statuses.filter { $0 == "already-issued" }.count == Self.learners - 8)
        #expect(!statuses.contains("issued"))
        #expect(temp.listing("out").filter { $0.hasSuffix(".json") }.count == Self.learners - 8)
    }
}
