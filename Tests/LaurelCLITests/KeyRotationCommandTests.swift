import Foundation
import Testing

/// `laurel keys rotate` through the binary, checked with the files a verifier would be given.
@Suite("keys rotate", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct KeyRotationCommandTests {
    static let site = "https://certificate.example.org"
    static let issuer = site + "/issuer"

    static func issue(_ ws: String, _ name: String) async throws -> String {
        let issued = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", name,
                                                 "--recipient-email", "learner@example.org", "--json"])
        try #require(issued.status == 0, "\(issued.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(issued.stdout.utf8)) as? [String: Any])
        return try #require(object["file"] as? String)
    }

    /// The report for `file`, offline, given the issuer document and status lists as published.
    static func verify(_ file: String, _ ws: String) async throws -> [String: Any] {
        let names: [String] = (try? FileManager.default.contentsOfDirectory(atPath: ws + "/status")) ?? []
        var arguments: [String] = ["verify", file, "--offline", "--json", "--resource", "\(issuer)=\(ws)/issuer.json"]
        for name in names where name.hasSuffix(".json") {
            arguments += ["--resource", "\(site)/status/\(name)=\(ws)/status/\(name)"]
        }
        let result = try await LaurelBinary.run(arguments)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try #require(object, "\(result.stdout)\(result.stderr)")
    }

    static func issuerKeyMessage(_ report: [String: Any]) -> String {
        ((report["checks"] as? [[String: Any]]) ?? []).first { $0["check"] as? String == "issuer-key" }?["message"] as? String ?? ""
    }

    @Test("a credential issued before a rotation still verifies after it, beside one issued with the new key; the retired key stays published with its date")
    func rotate() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        let made = try await LaurelBinary.run(["init", ws, "--issuer-name", "Creative Commons", "--issuer-id", Self.issuer, "--issuer-url", Self.site])
        try #require(made.status == 0, "\(made.stderr)")
        let before = try await Self.issue(ws, "Ana")

        let rotated = try await LaurelBinary.run(["keys", "rotate", "-w", ws, "--json"])
        try #require(rotated.status == 0, "\(rotated.stderr)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(rotated.stdout.utf8)) as? [String: Any])
        let retired = try #require((answer["retired"] as? [String: Any])?["retired"] as? String)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ws + "/issuer.json"))) as? [String: Any])
        let methods = try #require(document["verificationMethod"] as? [[String: Any]])
        #expect(methods.count == 2)
        #expect(methods.contains { $0["expires"] as? String == retired })

        let after = try await Self.issue(ws, "Bea")
        let old = try await Self.verify(before, ws)
        #expect(old["verdict"] as? String == "VERIFIED", "\(old)")
        #expect(Self.issuerKeyMessage(old).contains("retired it on \(retired)"), "\(Self.issuerKeyMessage(old))")
        let new = try await Self.verify(after, ws)
        #expect(new["verdict"] as? String == "VERIFIED", "\(new)")
        #expect(!Self.issuerKeyMessage(new).contains("retired"))

        // Rotating again keeps both earlier keys published.
        #expect(try await LaurelBinary.run(["keys", "rotate", "-w", ws]).status == 0)
        #expect(try await Self.verify(before, ws)["verdict"] as? String == "VERIFIED")
        #expect(try await Self.verify(after, ws)["verdict"] as? String == "VERIFIED")
    }

    @Test("a did:key issuer cannot rotate, and is told why; nothing changes")
    func didKey() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "CC"]).status == 0)
        let config = try Data(contentsOf: URL(fileURLWithPath: ws + "/laurel.json"))
        let refused = try await LaurelBinary.run(["keys", "rotate", "-w", ws])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("did:key"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: ws + "/laurel.json")) == config)
    }

    @Test("a rotation stopped between laurel.json and issuer.json: signing is refused with how to finish, and rotating again finishes it")
    func interruptedRotation() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "CC", "--issuer-id", Self.issuer, "--issuer-url", Self.site]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: ws + "/issuer.json"))
        #expect(try await LaurelBinary.run(["keys", "rotate", "-w", ws]).status == 0)
        // As if killed after laurel.json was written and before issuer.json was.
        try before.write(to: URL(fileURLWithPath: ws + "/issuer.json"))
        let refused = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "Ana",
                                                  "--recipient-email", "ana@example.org", "-o", temp.path("x.json")])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("rotate the key again"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: temp.path("x.json")))
        #expect(try await LaurelBinary.run(["keys", "rotate", "-w", ws]).status == 0)
        let issued = try await Self.issue(ws, "Ana")
        #expect(try await Self.verify(issued, ws)["verdict"] as? String == "VERIFIED")
    }
}
