import Foundation
import Testing

/// `laurel batch --on-duplicate`: what becomes of learners an earlier run already issued to.
@Suite("batch --on-duplicate", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct BatchDuplicateTests {
    static let base = "https://u.example.org/status/"

    static func run(_ temp: TemporaryDirectory, _ ws: String, roster: String, _ extra: [String]) async throws -> (Int32, [[String: Any]]) {
        try roster.write(toFile: temp.path("roster.csv"), atomically: true, encoding: .utf8)
        let output = try await LaurelBinary.run(["batch", temp.path("roster.csv"), "-w", ws, "--achievement", "intro-to-oer",
                                                 "--out", temp.path("out"), "--json"] + extra)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.stderr)")
        return (output.status, try #require(json["rows"] as? [[String: Any]]))
    }

    static func verdict(_ ws: String, _ file: String) async throws -> String {
        let output = try await LaurelBinary.run(["verify", file, "--offline", "--json",
                                                 "--resource", base + "revocation-1.json=" + ws + "/status/revocation-1.json",
                                                 "--resource", base + "suspension-1.json=" + ws + "/status/suspension-1.json"])
        return (try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])?["verdict"] as? String ?? output.stderr
    }

    @Test("replace re-issues only the rows that changed and revokes what they replace, linked; allow adds a further credential; re-runs issue nothing")
    func replaceAndAllow() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "Universidad", "--status-base-url", Self.base]).status == 0)
        let first = "name,email,result\nAna Lopez,ana@example.org,Completed\nLi Wei,li@example.org,Completed\n"
        let (status, issued) = try await Self.run(temp, ws, roster: first, [])
        #expect(status == 0)
        let anaOld = try #require(issued[0]["credentialID"] as? String)
        let anaOldFile = try #require(issued[0]["file"] as? String)
        let liOld = try #require(issued[1]["credentialID"] as? String)

        // The same roster: nothing changed, nothing is replaced.
        let (_, unchanged) = try await Self.run(temp, ws, roster: first, ["--on-duplicate", "replace"])
        #expect(unchanged.map { $0["status"] as? String } == ["already-issued", "already-issued"])

        // Ana's name corrected: only her credential is replaced.
        let corrected = "name,email,result\nAna María López,ana@example.org,Completed\nLi Wei,li@example.org,Completed\n"
        let (replacedStatus, replaced) = try await Self.run(temp, ws, roster: corrected, ["--on-duplicate", "replace"])
        #expect(replacedStatus == 0)
        #expect(replaced.map { $0["status"] as? String } == ["issued", "already-issued"], "\(replaced)")
        #expect(replaced[0]["supersedes"] as? String == anaOld)
        let anaNew = try #require(replaced[0]["credentialID"] as? String)
        let anaNewFile = try #require(replaced[0]["file"] as? String)
        #expect(anaNew != anaOld)
        #expect(try await Self.verdict(ws, anaOldFile) == "REVOKED")
        #expect(try await Self.verdict(ws, anaNewFile) == "VERIFIED")
        let shown = try await LaurelBinary.run(["status", "show", anaOld, "-w", ws, "--json"])
        let old = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(old["supersededBy"] as? String == anaNew)
        #expect((old["revocationReason"] as? String)?.contains("superseded") == true)

        // Run again: the replacement stands.
        let (_, again) = try await Self.run(temp, ws, roster: corrected, ["--on-duplicate", "replace"])
        #expect(again.map { $0["status"] as? String } == ["already-issued", "already-issued"])
        #expect(again[0]["credentialID"] as? String == anaNew)

        // Li re-graded, allowed a further credential: the first stays valid.
        let regraded = "name,email,result\nLi Wei,li@example.org,Distinction\n"
        let (_, allowed) = try await Self.run(temp, ws, roster: regraded, ["--on-duplicate", "allow"])
        #expect(allowed.map { $0["status"] as? String } == ["issued"])
        #expect(allowed[0]["credentialID"] as? String != liOld)
        let (_, allowedAgain) = try await Self.run(temp, ws, roster: regraded, ["--on-duplicate", "allow"])
        #expect(allowedAgain.map { $0["status"] as? String } == ["already-issued"])
        let listed = try await LaurelBinary.run(["credentials", "list", "-w", ws, "--json"])
        #expect(listed.stdout.components(separatedBy: "urn:uuid:").count - 1 == 4, "\(listed.stdout)")
        let liShown = try await LaurelBinary.run(["status", "show", liOld, "-w", ws, "--json"])
        #expect(liShown.stdout.contains("\"state\": \"active\""), "\(liShown.stdout)")
    }
}
