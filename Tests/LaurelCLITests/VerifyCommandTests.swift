import Foundation
import Testing

/// `laurel verify` as scripts use it: one answer per file, strict trust lists and resources.
@Suite("verify command", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct VerifyCommandTests {
    /// A did:key workspace and one credential verifiable from the file alone.
    static func credential(_ temp: TemporaryDirectory) async throws -> (file: String, issuer: String) {
        let made = try await LaurelBinary.run(["init", temp.path("ws"), "--issuer-name", "CC", "--json"])
        let issuer = try #require((try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any])?["issuer"] as? String)
        let issued = try await LaurelBinary.run(["issue", "-w", temp.path("ws"), "--achievement", "cc-core", "--recipient-name", "Ana",
                                                 "--recipient-email", "ana@example.org", "-o", temp.path("good.json")])
        try #require(issued.status == 0, "\(issued.stderr)")
        return (temp.path("good.json"), issuer)
    }

    @Test("an unreadable file among good ones: every file gets its answer, and the exit code is the worst")
    func perFileResults() async throws {
        let temp = try TemporaryDirectory()
        let (good, _) = try await Self.credential(temp)
        try Data().write(to: URL(fileURLWithPath: temp.path("empty.json")))
        let text = try await LaurelBinary.run(["verify", good, temp.path("empty.json")])
        #expect(text.status == 2)
        #expect(text.stdout.contains("good.json: VERIFIED"), "\(text.stdout)")
        #expect(text.stderr.contains("empty.json"))
        let json = try await LaurelBinary.run(["verify", good, temp.path("empty.json"), "--json"])
        #expect(json.status == 2)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(entries[0]["verdict"] as? String == "VERIFIED")
        #expect(entries[1]["verified"] as? Bool == false && (entries[1]["error"] as? String)?.contains("empty") == true)
    }

    @Test("a trust list that is garbage, binary or JSON of the wrong shape is refused with exit 2", arguments: [
        "garbage that is not an issuer\n", "{\"trusted\": true}", "[1, 2, 3]", "\u{0}\u{1}\u{2}binary", "{not json", "", "# only a comment\n",
    ])
    func badTrustLists(_ contents: String) async throws {
        let temp = try TemporaryDirectory()
        let (good, _) = try await Self.credential(temp)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: temp.path("trust.txt")))
        let result = try await LaurelBinary.run(["verify", good, "--trust", temp.path("trust.txt")])
        #expect(result.status == 2, "\(result.stdout)")
        #expect(result.stderr.contains("trust.txt"))
    }

    @Test("--require-trust: an issuer not on the list exits 1; on the list, 0; without it, a warning and exit 0")
    func requireTrust() async throws {
        let temp = try TemporaryDirectory()
        let (good, issuer) = try await Self.credential(temp)
        try "# partners\nhttps://other.example.edu\n".write(toFile: temp.path("others.txt"), atomically: true, encoding: .utf8)
        try "[\"\(issuer)\"]".write(toFile: temp.path("ours.json"), atomically: true, encoding: .utf8)
        #expect(try await LaurelBinary.run(["verify", good, "--trust", temp.path("others.txt")]).status == 0)
        let refused = try await LaurelBinary.run(["verify", good, "--trust", temp.path("others.txt"), "--require-trust"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("not on your trust list"))
        #expect(try await LaurelBinary.run(["verify", good, "--trust", temp.path("ours.json"), "--require-trust"]).status == 0)
        #expect(try await LaurelBinary.run(["verify", good, "--require-trust"]).status == 2)
    }

    @Test("several --trust lists combine; --trust-default reads ~/.config/laurel/trust (XDG_CONFIG_HOME), and says where when it is empty")
    func trustLists() async throws {
        let temp = try TemporaryDirectory()
        let (good, issuer) = try await Self.credential(temp)
        try "https://other.example.edu Other\n".write(toFile: temp.path("others.txt"), atomically: true, encoding: .utf8)
        try "{\"name\": \"CC partners\", \"issuers\": [{\"id\": \"\(issuer)\", \"name\": \"Creative Commons\"}]}"
            .write(toFile: temp.path("partners.json"), atomically: true, encoding: .utf8)
        let both = try await LaurelBinary.run(["verify", good, "--trust", temp.path("others.txt"), "--trust", temp.path("partners.json"),
                                               "--require-trust", "--json"])
        #expect(both.status == 0, "\(both.stdout)\(both.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(both.stdout.utf8)) as? [String: Any])
        #expect(report["trustedIssuerName"] as? String == "Creative Commons")
        #expect(report["trustRegistry"] as? String == "CC partners")

        let config = temp.path("config")
        let empty = try await LaurelBinary.run(["verify", good, "--trust-default"], environment: ["XDG_CONFIG_HOME": config])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("\(config)/laurel/trust"), "\(empty.stderr)")
        try FileManager.default.createDirectory(atPath: config + "/laurel/trust", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: temp.path("partners.json"), toPath: config + "/laurel/trust/partners.json")
        let fromDefault = try await LaurelBinary.run(["verify", good, "--trust-default", "--require-trust"], environment: ["XDG_CONFIG_HOME": config])
        #expect(fromDefault.status == 0, "\(fromDefault.stdout)\(fromDefault.stderr)")
        #expect(fromDefault.stdout.contains("Creative Commons on your trust list (CC partners)"), "\(fromDefault.stdout)")
    }

    @Test("the report leads with one plain sentence; --lang es or a Spanish locale gives it in Spanish; --lang fr is a usage error")
    func languages() async throws {
        let temp = try TemporaryDirectory()
        let (good, _) = try await Self.credential(temp)
        let english = try await LaurelBinary.run(["verify", good], environment: ["LANG": "C.UTF-8"])
        let lines = english.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasSuffix("VERIFIED") == true, "\(english.stdout)")
        #expect(lines.dropFirst().first?.contains("genuine and current") == true, "\(english.stdout)")
        let spanish = try await LaurelBinary.run(["verify", good, "--lang", "es"])
        #expect(spanish.status == 0)
        #expect(spanish.stdout.contains("VERIFICADA") && spanish.stdout.contains("auténtica y vigente"), "\(spanish.stdout)")
        #expect(spanish.stdout.contains("la firma eddsa-rdfc-2022 es válida"), "\(spanish.stdout)")
        let locale = try await LaurelBinary.run(["verify", good, "--json"], environment: ["LANG": "es_MX.UTF-8"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(locale.stdout.utf8)) as? [String: Any])
        #expect(report["verdict"] as? String == "VERIFICADA")
        #expect(report["verdictCode"] as? String == "verified")
        #expect(report["language"] as? String == "es")
        let french = try await LaurelBinary.run(["verify", good, "--lang", "fr"])
        #expect(french.status == 2)
        #expect(french.stderr.contains("en and es"))
    }

    @Test("--recipient-email: the learner's address exits 0, another exits 1, a non-address exits 2; the address is never printed")
    func recipientEmail() async throws {
        let temp = try TemporaryDirectory()
        let (good, _) = try await Self.credential(temp)
        let matched = try await LaurelBinary.run(["verify", good, "--recipient-email", "Ana@Example.org"])
        #expect(matched.status == 0, "\(matched.stdout)\(matched.stderr)")
        #expect(matched.stdout.contains("issued to the e-mail address you gave"))
        let other = try await LaurelBinary.run(["verify", good, "--recipient-email", "bob@example.org", "--json"])
        #expect(other.status == 1)
        #expect(other.stdout.contains("\"verdictCode\" : \"recipient_not_matched\"") || other.stdout.contains("\"verdictCode\": \"recipient_not_matched\""), "\(other.stdout)")
        #expect(!other.stdout.contains("bob@") && !other.stderr.contains("bob@"))
        #expect(!matched.stdout.lowercased().contains("ana@example.org"))
        #expect(try await LaurelBinary.run(["verify", good, "--recipient-email", "not an address"]).status == 2)
    }

    @Test("--resource with a missing file, a directory, a non-URL or a repeated URL is a usage error", arguments: [
        ["--resource", "https://example.edu/status/1=/nonexistent.json"],
        ["--resource", "https://example.edu/status/1=/tmp"],
        ["--resource", "not a url=x"],
        ["--resource", "https://example.edu/a=GOOD", "--resource", "https://example.edu/a=GOOD"],
    ])
    func badResources(_ arguments: [String]) async throws {
        let temp = try TemporaryDirectory()
        let (good, _) = try await Self.credential(temp)
        let result = try await LaurelBinary.run(["verify", good] + arguments.map { $0.replacingOccurrences(of: "GOOD", with: good) })
        #expect(result.status == 2, "\(result.stdout)")
        #expect(!result.stderr.isEmpty)
    }

    @Test("a did:web issuer's document is given as --resource did:web:…; other DIDs need none and are refused; claims not signed by the issuer are labelled")
    func didWebResourceAndUnverifiedClaims() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "CC", "--issuer-id", "did:web:badges.example.edu"]).status == 0)
        let issued = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "Ana",
                                                 "--recipient-email", "ana@example.org", "-o", temp.path("c.json")])
        try #require(issued.status == 0, "\(issued.stderr)")

        let unverifiable = try await LaurelBinary.run(["verify", temp.path("c.json"), "--offline"])
        #expect(unverifiable.stdout.contains("UNVERIFIABLE"), "\(unverifiable.stdout)")
        #expect(unverifiable.stdout.contains("unverified claims:"), "\(unverifiable.stdout)")

        let report = try await LaurelBinary.run(["verify", temp.path("c.json"), "--offline", "--json",
                                                 "--resource", "did:web:badges.example.edu=\(ws)/issuer.json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.first { $0["check"] as? String == "issuer-key" }?["status"] as? String == "pass", "\(report.stdout)")
        #expect(object["verdictCode"] != nil && checks.allSatisfy { $0["code"] is String })

        let refused = try await LaurelBinary.run(["verify", temp.path("c.json"), "--resource", "did:key:z6Mkabc=\(ws)/issuer.json"])
        #expect(refused.status == 2)
    }
}
