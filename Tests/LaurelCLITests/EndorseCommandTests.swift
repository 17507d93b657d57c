import Foundation
import Testing

/// `laurel endorse`: Creative Commons endorses a partner university's microcredential.
@Suite("endorse command", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct EndorseCommandTests {
    @Test("an endorsement attached to a partner's achievement travels in its credentials and verifies; a bad subject is exit 2")
    func endorse() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "Creative Commons"]).status == 0)
        #expect(try await LaurelBinary.run(["issuer", "add", "uni", "-w", ws, "--name", "Example University", "--url", "https://example.edu",
                                            "--id", "https://example.edu/issuer"]).status == 0)
        let listed = try await LaurelBinary.run(["achievements", "-w", ws, "--issuer", "uni", "--json"])
        let achievements = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let url = try #require(achievements.first { $0["id"] as? String == "intro-to-oer" }?["url"] as? String)

        let endorsed = try await LaurelBinary.run(["endorse", "-w", ws, "--subject", url, "--comment", "Meets the Creative Commons standard",
                                                   "--attach", "-o", temp.path("endorsement.json"), "--json"])
        #expect(endorsed.status == 0, "\(endorsed.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(endorsed.stdout.utf8)) as? [String: Any])
        let places = try #require(answer["attachedTo"] as? [[String: Any]])
        #expect(places.contains { $0["issuer"] as? String == "uni" && $0["achievement"] as? String == "intro-to-oer" })

        // The endorsement file verifies on its own, as the endorser's credential.
        #expect(try await LaurelBinary.run(["verify", temp.path("endorsement.json"), "--offline"]).status == 0)

        let issued = try await LaurelBinary.run(["issue", "-w", ws, "--issuer", "uni", "--achievement", "intro-to-oer", "--recipient-name", "Ana",
                                                 "--recipient-email", "ana@example.org", "-o", temp.path("c.json")])
        #expect(issued.status == 0, "\(issued.stderr)")
        // What a verifier fetches: the partner's issuer.json and its status lists.
        var resources = ["--resource", "https://example.edu/issuer=\(ws)/issuers/uni/issuer.json"]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: ws + "/status/uni")) ?? [] where name.hasSuffix(".json") {
            resources += ["--resource", "https://example.edu/status/\(name)=\(ws)/status/uni/\(name)"]
        }
        let verified = try await LaurelBinary.run(["verify", temp.path("c.json"), "--offline", "--json"] + resources)
        #expect(verified.status == 0, "\(verified.stdout)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any])
        let endorsements = try #require(report["endorsements"] as? [[String: Any]])
        #expect(endorsements.first?["comment"] as? String == "Meets the Creative Commons standard")

        let bad = try await LaurelBinary.run(["endorse", "-w", ws, "--subject", "not an id", "-o", temp.path("x.json")])
        #expect(bad.status == 2)
        #expect(!FileManager.default.fileExists(atPath: temp.path("x.json")))
        #expect(try await LaurelBinary.run(["endorse", "-w", ws, "--subject", url]).status == 2)   // nowhere to put it
    }
}
