import Foundation
import Testing

@Suite("laurel binary", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct LaurelBinaryTests {
    @Test("demo creates a workspace, issues and verifies, and bakes the credential into the CORE badge")
    func demo() async throws {
        let temp = try TemporaryDirectory()
        let result = try await LaurelBinary.run(["demo", temp.path("demo")])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("VERIFIED"))
        let files = temp.listing("demo/credentials")
        #expect(files.count == 2)
        #expect(files.filter { $0.hasSuffix(".json") }.count == 1)
        let badge = try #require(files.first { $0.hasSuffix(".png") })
        let verified = try await LaurelBinary.run(["verify", temp.path("demo/credentials/" + badge), "--offline", "--json"]
            + result.stdout.split(separator: " ").filter { $0.hasPrefix("https://") && $0.contains("=") }.prefix(2)
                .flatMap { ["--resource", String($0).trimmingCharacters(in: .whitespacesAndNewlines)] })
        #expect(verified.stdout.contains("\"bakedImage\": \"png\""), "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("\"verdict\": \"VERIFIED\""), "\(verified.stdout)")
    }

    @Test("init → issue → verify --json, then a tampered copy exits 1 as TAMPERED")
    func issueAndVerify() async throws {
        let temp = try TemporaryDirectory()
        #expect(try await LaurelBinary.run(["init", temp.path("ws"), "--issuer-name", "Creative Commons"]).status == 0)
        let issued = try await LaurelBinary.run(["issue", "-w", temp.path("ws"), "--achievement", "cc-librarians",
                                           "--recipient-name", "प्रिया शर्मा", "--recipient-email", "priya@example.org",
                                           "--proof", "eddsa-jcs-2022", "-o", temp.path("priya.json")])
        #expect(issued.status == 0, "\(issued.stderr)")

        let verified = try await LaurelBinary.run(["verify", temp.path("priya.json"), "--json"])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.contains("\"verified\": true"))
        #expect(verified.stdout.contains("\"verdict\": \"VERIFIED\""))

        let original = try String(contentsOfFile: temp.path("priya.json"), encoding: .utf8)
        let tampered = original.replacingOccurrences(of: "प्रिया शर्मा", with: "प्रिया वर्मा")
        #expect(tampered != original)
        try tampered.write(toFile: temp.path("tampered.json"), atomically: true, encoding: .utf8)
        let rejected = try await LaurelBinary.run(["verify", temp.path("tampered.json")])
        #expect(rejected.status == 1)
        #expect(rejected.stdout.contains("TAMPERED"))
    }

    @Test("JWT with each key type verifies through the binary", arguments: ["ed25519", "p256", "rsa"])
    func jwt(_ keyType: String) async throws {
        let temp = try TemporaryDirectory()
        #expect(try await LaurelBinary.run(["init", temp.path("ws"), "--issuer-name", "X", "--key-type", keyType]).status == 0)
        let issued = try await LaurelBinary.run(["issue", "-w", temp.path("ws"), "--achievement", "intro-to-oer",
                                           "--recipient-name", "李明", "--recipient-email", "li@example.org",
                                           "--proof", "jwt", "-o", temp.path("li.jwt")])
        #expect(issued.status == 0, "\(issued.stderr)")
        let verified = try await LaurelBinary.run(["verify", temp.path("li.jwt")])
        #expect(verified.status == 0, "\(verified.stdout)")
    }

    @Test("unreadable input exits 2 with one line naming the problem, and writes nothing")
    func badInput() async throws {
        let temp = try TemporaryDirectory()
        try "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"".write(toFile: temp.path("truncated.json"), atomically: true, encoding: .utf8)
        try "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n".write(toFile: temp.path("bogus.pem"), atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: temp.path("huge.json"), contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temp.path("huge.json")))
        try handle.truncate(atOffset: 100 << 20)
        try handle.close()
        try FileManager.default.createDirectory(atPath: temp.path("adir"), withIntermediateDirectories: true)

        let cases: [([String], String)] = [
            (["verify", temp.path("truncated.json")], "truncated.json"),
            (["verify", temp.path("missing.json")], "missing.json"),
            (["verify", temp.path("adir")], "directory"),
            (["verify", temp.path("huge.json")], "huge.json"),
            (["keys", "show", temp.path("bogus.pem")], "bogus.pem"),
            (["verify", "--resource", "nonsense", temp.path("x.json")], "URL=PATH"),
            (["issue", "-w", temp.path("nowhere"), "--achievement", "cc-core", "--recipient-name", "A", "--recipient-email", "a@example.org"], "not a Laurel workspace"),
        ]
        for (arguments, mention) in cases {
            let result = try await LaurelBinary.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count >= 1 && lines.count <= 3, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(mention), "\(arguments): \(result.stderr)")
        }
        #expect(temp.listing().sorted() == ["adir", "bogus.pem", "huge.json", "truncated.json"])
    }

    @Test("an encrypted key with the wrong passphrase exits 2 and issues nothing")
    func wrongPassphrase() async throws {
        let temp = try TemporaryDirectory()
        let initResult = try await LaurelBinary.run(["init", temp.path("ws"), "--issuer-name", "X", "--encrypt-key"],
                                              environment: ["LAUREL_KEY_PASSPHRASE": "right one"])
        #expect(initResult.status == 0, "\(initResult.stderr)")
        let result = try await LaurelBinary.run(["issue", "-w", temp.path("ws"), "--achievement", "cc-core", "--recipient-name", "A",
                                           "--recipient-email", "a@example.org"], environment: ["LAUREL_KEY_PASSPHRASE": "wrong"])
        #expect(result.status == 2)
        #expect(result.stderr.lowercased().contains("passphrase"), "\(result.stderr)")
        #expect(temp.listing("ws/credentials").isEmpty)
        let ok = try await LaurelBinary.run(["issue", "-w", temp.path("ws"), "--achievement", "cc-core", "--recipient-name", "A",
                                       "--recipient-email", "a@example.org"], environment: ["LAUREL_KEY_PASSPHRASE": "right one"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test("a bad request exits 2 and leaves the credentials directory empty")
    func badRequest() async throws {
        let temp = try TemporaryDirectory()
        #expect(try await LaurelBinary.run(["init", temp.path("ws"), "--issuer-name", "X"]).status == 0)
        let result = try await LaurelBinary.run(["issue", "-w", temp.path("ws"), "--achievement", "cc-core", "--recipient-name", "A",
                                           "--recipient-email", "not an email"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not an e-mail address"))
        #expect(temp.listing("ws/credentials").isEmpty)
    }
}
