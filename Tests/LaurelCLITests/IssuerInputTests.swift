import Foundation
import Testing

/// Inputs that would break every later credential are refused where they are given; inputs other
/// tools write are read; advice names commands that work.
@Suite("issuer inputs", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct IssuerInputTests {
    @Test("init refuses issuer ids and URLs that would break every credential", arguments: [
        ["--issuer-url", "http://certificate.example.org"],
        ["--issuer-url", "javascript:alert(1)"],
        ["--issuer-url", "https://user:secret@example.org"],
        ["--issuer-id", "did:"],
        ["--issuer-id", "https://exa mple.org"],
        ["--issuer-id", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"],
        ["--status-base-url", "http://example.org/status/"],
        ["--issuer-id", "did:example:123"],
        ["--issuer-url", "https://certificate.example.org:99999"],
    ])
    func refusedURLs(_ arguments: [String]) async throws {
        let temp = try TemporaryDirectory()
        let result = try await LaurelBinary.run(["init", temp.path("ws"), "--issuer-name", "CC"] + arguments)
        #expect(result.status == 2, "\(arguments): \(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: temp.path("ws")))
    }

    @Test("a credential saved with a UTF-8 byte order mark verifies; a broken JWT is named as one")
    func otherToolsFiles() async throws {
        let temp = try TemporaryDirectory()
        #expect(try await LaurelBinary.run(["init", temp.path("ws"), "--issuer-name", "CC"]).status == 0)
        #expect(try await LaurelBinary.run(["issue", "-w", temp.path("ws"), "--achievement", "cc-core", "--recipient-name", "Ana",
                                            "--recipient-email", "ana@example.org", "-o", temp.path("c.json")]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: temp.path("c.json")))
        try (Data([0xEF, 0xBB, 0xBF]) + bytes).write(to: URL(fileURLWithPath: temp.path("bom.json")))
        let verified = try await LaurelBinary.run(["verify", temp.path("bom.json")])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")

        try "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0".write(toFile: temp.path("two.jwt"), atomically: true, encoding: .utf8)
        let two = try await LaurelBinary.run(["verify", temp.path("two.jwt")])
        #expect(two.status == 2)
        #expect(two.stderr.contains("three"), "\(two.stderr)")
    }

    @Test("a laurel.json of an unknown format version is refused")
    func unknownVersion() async throws {
        let temp = try TemporaryDirectory()
        #expect(try await LaurelBinary.run(["init", temp.path("ws"), "--issuer-name", "CC"]).status == 0)
        let config = temp.path("ws") + "/laurel.json"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 7").write(toFile: config, atomically: true, encoding: .utf8)
        let result = try await LaurelBinary.run(["achievements", "-w", temp.path("ws")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("version 7"), "\(result.stderr)")
    }

    @Test("a did:key workspace asked for another key type is not told to add a key it would refuse")
    func adviceThatWorks() async throws {
        let temp = try TemporaryDirectory()
        #expect(try await LaurelBinary.run(["init", temp.path("ws"), "--issuer-name", "CC"]).status == 0)
        let result = try await LaurelBinary.run(["issue", "-w", temp.path("ws"), "--achievement", "cc-core", "--recipient-name", "A",
                                                 "--recipient-email", "a@example.org", "--proof", "ecdsa-rdfc-2019"])
        #expect(result.status == 2)
        #expect(!result.stderr.contains("keys generate"), "\(result.stderr)")
        #expect(result.stderr.contains("--key-type p256"))
    }

    @Test("the date given is the date signed, before 1583 too")
    func oldDates() async throws {
        let temp = try TemporaryDirectory()
        #expect(try await LaurelBinary.run(["init", temp.path("ws"), "--issuer-name", "CC"]).status == 0)
        for date in ["1000-06-15", "0001-01-01"] {
            let file = temp.path("\(date).json")
            let issued = try await LaurelBinary.run(["issue", "-w", temp.path("ws"), "--achievement", "cc-core", "--recipient-name", "A",
                                                     "--recipient-email", "a@example.org", "--valid-from", date, "-o", file])
            #expect(issued.status == 0, "\(issued.stderr)")
            #expect(try String(contentsOfFile: file, encoding: .utf8).contains("\"validFrom\": \"\(date)T00:00:00Z\""))
            #expect(try await LaurelBinary.run(["verify", file]).status == 0)
        }
    }

    @Test("an output that cannot be written is refused before anything is recorded; every credential can be listed and exported")
    func nothingIssuedIsLost() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "CC", "--issuer-url", "https://certificate.example.org"]).status == 0)
        try FileManager.default.createSymbolicLink(atPath: temp.path("dangling.json"), withDestinationPath: "/nonexistent/x.json")
        for target in ["/proc/laurel-test.json", temp.path("dangling.json"), temp.path("missing-dir/x.json")] {
            let refused = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "A",
                                                      "--recipient-email", "a@example.org", "-o", target])
            #expect(refused.status == 2, "\(target): \(refused.stdout)")
        }
        #expect(try await LaurelBinary.run(["credentials", "list", "-w", ws, "--json"]).stdout.contains("[]"))

        let issued = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "Ana",
                                                 "--recipient-email", "ana@example.org", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(issued.stdout.utf8)) as? [String: Any])
        let id = try #require(object["id"] as? String)
        let file = try #require(object["file"] as? String)
        let listed = try await LaurelBinary.run(["credentials", "list", "-w", ws])
        #expect(listed.stdout.contains(id) && listed.stdout.contains("active"))
        #expect(try await LaurelBinary.run(["credentials", "export", id, "-w", ws, "-o", temp.path("again.json")]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: temp.path("again.json"))) == Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(try await LaurelBinary.run(["credentials", "export", "urn:uuid:nope", "-w", ws]).status == 2)
    }

    @Test("issue refuses a key file that is not the issuer's key, before anything is signed or recorded",
          arguments: [[], ["--issuer-id", "https://badges.example.edu/issuer"], ["--issuer-id", "did:web:badges.example.edu"]])
    func replacedKeyFile(_ issuer: [String]) async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "CC", "--status-base-url", "https://badges.example.edu/status/"] + issuer).status == 0)
        #expect(try await LaurelBinary.run(["keys", "generate", "--type", "ed25519", "--out", temp.path("other.pem")]).status == 0)
        let keyFile = try #require(temp.listing("ws/keys").first { $0.hasSuffix(".pem") })
        try FileManager.default.removeItem(atPath: ws + "/keys/" + keyFile)
        try FileManager.default.copyItem(atPath: temp.path("other.pem"), toPath: ws + "/keys/" + keyFile)

        let refused = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "Ana",
                                                  "--recipient-email", "ana@example.org"])
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(refused.stderr.contains("not the key verifiers find"), "\(refused.stderr)")
        #expect(temp.listing("ws/credentials").isEmpty)
        #expect(try await LaurelBinary.run(["credentials", "list", "-w", ws, "--json"]).stdout.contains("[]"))
    }

    /// The JOSE header of a compact JWT file.
    static func header(ofJWT path: String) throws -> [String: Any] {
        let token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        var part = String(token.split(separator: ".")[0]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while part.count % 4 != 0 { part += "=" }
        let data = try #require(Data(base64Encoded: part))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("a VC-JWT carries its public key (jwk); an RSA did:key issuer's header is the jwk alone, and short")
    func jwtHeaderCarriesKey() async throws {
        let temp = try TemporaryDirectory()
        for type in ["rsa", "ed25519"] {
            let ws = temp.path(type)
            #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "CC", "--key-type", type]).status == 0)
            let file = temp.path("\(type).jwt")
            let issued = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "Ana",
                                                     "--recipient-email", "ana@example.org", "--proof", "jwt", "-o", file])
            #expect(issued.status == 0, "\(issued.stderr)")
            let header = try Self.header(ofJWT: file)
            #expect(header["jwk"] != nil, "\(header)")
            #expect((header["jwk"] as? [String: Any])?["d"] == nil)
            if type == "rsa" {
                #expect(header["kid"] == nil, "an RSA did:key kid repeats the whole key")
                let encoded = try JSONSerialization.data(withJSONObject: header)
                #expect(encoded.count < 512, "the header is \(encoded.count) bytes")
            } else {
                #expect((header["kid"] as? String)?.hasPrefix("did:key:") == true)
            }
            let verified = try await LaurelBinary.run(["verify", file])
            #expect(verified.status == 0, "\(verified.stdout)")
        }
    }

    @Test("--alg chooses which of the workspace's keys signs a VC-JWT; a key the workspace lacks is refused")
    func jwtAlgorithmChoice() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "CC", "--issuer-id", "https://badges.example.edu/issuer"]).status == 0)
        #expect(try await LaurelBinary.run(["keys", "generate", "--type", "p256", "-w", ws]).status == 0)
        let issue = ["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "Ana", "--recipient-email", "ana@example.org"]
        for (alg, expected) in [("ES256", "ES256"), ("EdDSA", "EdDSA")] {
            let file = temp.path("\(alg).jwt")
            let issued = try await LaurelBinary.run(issue + ["--proof", "jwt", "--alg", alg, "-o", file])
            #expect(issued.status == 0, "\(issued.stderr)")
            #expect(try Self.header(ofJWT: file)["alg"] as? String == expected)
            let report = try await LaurelBinary.run(["verify", file, "--json", "--resource", "https://badges.example.edu/issuer=\(ws)/issuer.json"])
            #expect(report.stdout.contains("signed with a key the issuer controls"), "\(report.stdout)")
        }
        let missing = try await LaurelBinary.run(issue + ["--proof", "jwt", "--alg", "RS256"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no rsa key"), "\(missing.stderr)")
        #expect(try await LaurelBinary.run(issue + ["--proof", "eddsa-rdfc-2022", "--alg", "EdDSA"]).status == 2)
        #expect(try await LaurelBinary.run(issue + ["--proof", "jwt", "--alg", "HS256"]).status == 2)
    }

    @Test("issue refuses a key that laurel.json names but the published issuer.json does not list")
    func keyMissingFromIssuerDocument() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "CC", "--issuer-id", "https://badges.example.edu/issuer"]).status == 0)
        #expect(try await LaurelBinary.run(["keys", "generate", "--type", "ed25519", "--out", temp.path("other.pem")]).status == 0)
        let shown = try await LaurelBinary.run(["keys", "show", temp.path("other.pem"), "--format", "multikey"])
        let multikey = shown.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let keyFile = try #require(temp.listing("ws/keys").first { $0.hasSuffix(".pem") })
        try FileManager.default.removeItem(atPath: ws + "/keys/" + keyFile)
        try FileManager.default.copyItem(atPath: temp.path("other.pem"), toPath: ws + "/keys/" + keyFile)
        // laurel.json edited to the new key; issuer.json, what verifiers fetch, left as it was.
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ws + "/laurel.json"))) as? [String: Any])
        var keys = try #require(config["keys"] as? [[String: Any]])
        keys[0]["publicKeyMultibase"] = multikey
        keys[0]["verificationMethod"] = "https://badges.example.edu/issuer#" + multikey
        config["keys"] = keys
        try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted]).write(to: URL(fileURLWithPath: ws + "/laurel.json"))

        let refused = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "Ana",
                                                  "--recipient-email", "ana@example.org"])
        #expect(refused.status == 1, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("verifiers could not find the key"), "\(refused.stderr)")
        #expect(temp.listing("ws/credentials").isEmpty)
    }
}
