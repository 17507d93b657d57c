import Foundation
import Testing

/// Several issuers in one workspace, through the binary: each signs with its own key, into its
/// own status lists, and is chosen with --issuer.
@Suite("Partner issuers", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct PartnerIssuerTests {
    static let ccID = "https://cc.example/issuer"
    static let uniID = "https://uni.example/issuer"

    /// A workspace issuing as Creative Commons, with the partner "uni" added.
    static func setUp(_ temp: TemporaryDirectory) async throws -> String {
        let ws = temp.path("ws")
        let made = try await LaurelBinary.run(["init", ws, "--issuer-name", "Creative Commons", "--issuer-id", ccID,
                                               "--issuer-url", "https://cc.example"])
        #expect(made.status == 0, "\(made.stderr)")
        let added = try await LaurelBinary.run(["issuer", "add", "uni", "--name", "Universidad de Ejemplo", "--url", "https://uni.example",
                                                "--id", uniID, "-w", ws])
        #expect(added.status == 0, "\(added.stderr)")
        return ws
    }

    /// Verifies offline with the documents verifiers would fetch: both issuers' profiles and lists.
    static func verify(_ ws: String, _ file: String) async throws -> String {
        var arguments = ["verify", file, "--offline", "--json",
                         "--resource", ccID + "=" + ws + "/issuer.json", "--resource", uniID + "=" + ws + "/issuers/uni/issuer.json"]
        for purpose in ["revocation", "suspension"] {
            for (url, file) in [("https://cc.example/status/", ws + "/status/"), ("https://uni.example/status/", ws + "/status/uni/")]
            where FileManager.default.fileExists(atPath: file + purpose + "-1.json") {
                arguments += ["--resource", "\(url)\(purpose)-1.json=\(file)\(purpose)-1.json"]
            }
        }
        let output = try await LaurelBinary.run(arguments)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.stderr)")
        return try #require(report["verdict"] as? String)
    }

    static func issue(_ ws: String, _ file: String, issuer: String?, achievement: String, email: String) async throws -> String {
        let output = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", achievement, "--recipient-name", "Ana Pérez",
                                                 "--recipient-email", email, "-o", file, "--json"]
                                                + (issuer.map { ["--issuer", $0] } ?? []))
        #expect(output.status == 0, "\(output.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        return try #require(json["id"] as? String)
    }

    static func json(_ file: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
    }

    @Test("a partner's credential names it, is signed with its key and has entries only in its own lists")
    func partnerSignsForItself() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await Self.setUp(temp)
        let listed = try await LaurelBinary.run(["issuer", "list", "-w", ws, "--json"])
        let issuers = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(issuers.map { $0["handle"] as? String } == ["main", "uni"])

        let partnerFile = temp.path("partner.json")
        let ccFile = temp.path("cc.json")
        _ = try await Self.issue(ws, partnerFile, issuer: "uni", achievement: "intro-to-oer", email: "ana@example.org")
        _ = try await Self.issue(ws, ccFile, issuer: nil, achievement: "cc-core", email: "ana@example.org")

        let partner = try Self.json(partnerFile)
        #expect((partner["issuer"] as? [String: Any])?["id"] as? String == Self.uniID)
        #expect(((partner["proof"] as? [String: Any])?["verificationMethod"] as? String)?.hasPrefix(Self.uniID + "#") == true)
        let entries = try #require(partner["credentialStatus"] as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { ($0["statusListCredential"] as? String)?.hasPrefix("https://uni.example/status/") == true })
        let cc = try Self.json(ccFile)
        #expect(((cc["credentialStatus"] as? [[String: Any]]) ?? []).allSatisfy {
            ($0["statusListCredential"] as? String)?.hasPrefix("https://cc.example/status/") == true })

        // Each issuer's published lists are signed by that issuer.
        let partnerList = try Self.json(ws + "/status/uni/revocation-1.json")
        #expect(partnerList["issuer"] as? String == Self.uniID)
        #expect(((partnerList["proof"] as? [String: Any])?["verificationMethod"] as? String)?.hasPrefix(Self.uniID + "#") == true)
        #expect(try Self.json(ws + "/status/revocation-1.json")["issuer"] as? String == Self.ccID)

        #expect(try await Self.verify(ws, partnerFile) == "VERIFIED")
        #expect(try await Self.verify(ws, ccFile) == "VERIFIED")

        let partnerListed = try await LaurelBinary.run(["credentials", "list", "--issuer", "uni", "-w", ws, "--json"])
        let credentials = try #require(try JSONSerialization.jsonObject(with: Data(partnerListed.stdout.utf8)) as? [[String: Any]])
        #expect(credentials.count == 1 && credentials.first?["issuerHandle"] as? String == "uni", "\(credentials)")
        #expect(credentials.first?["id"] as? String == partner["id"] as? String)
    }

    @Test("revoking a partner's credential needs --issuer; it then changes only the partner's list")
    func revokeSelectsTheIssuer() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await Self.setUp(temp)
        let partnerFile = temp.path("partner.json")
        let ccFile = temp.path("cc.json")
        let id = try await Self.issue(ws, partnerFile, issuer: "uni", achievement: "intro-to-oer", email: "ana@example.org")
        _ = try await Self.issue(ws, ccFile, issuer: nil, achievement: "cc-core", email: "ana@example.org")

        let refused = try await LaurelBinary.run(["revoke", id, "-w", ws, "--reason", "Issued in error"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--issuer"), "\(refused.stderr)")
        #expect(try await Self.verify(ws, partnerFile) == "VERIFIED")

        let revoked = try await LaurelBinary.run(["revoke", id, "--issuer", "uni", "-w", ws, "--reason", "Issued in error"])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(try await Self.verify(ws, partnerFile) == "REVOKED")
        #expect(try await Self.verify(ws, ccFile) == "VERIFIED")

        let unknown = try await LaurelBinary.run(["issue", "--issuer", "nobody", "-w", ws, "--achievement", "intro-to-oer",
                                                  "--recipient-name", "X", "--recipient-email", "x@example.org"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("main") && unknown.stderr.contains("uni"), "\(unknown.stderr)")
    }

    @Test("a partner's key file replaced by another issuer's key signs nothing")
    func anotherIssuersKeyIsRefused() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await Self.setUp(temp)
        let partnerKey = ws + "/issuers/uni/keys/issuer-ed25519.pem"
        try FileManager.default.removeItem(atPath: partnerKey)
        try FileManager.default.copyItem(atPath: ws + "/keys/issuer-ed25519.pem", toPath: partnerKey)
        let output = try await LaurelBinary.run(["issue", "--issuer", "uni", "-w", ws, "--achievement", "intro-to-oer",
                                                 "--recipient-name", "X", "--recipient-email", "x@example.org", "-o", temp.path("x.json")])
        #expect(output.status == 1, "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: temp.path("x.json")))
        let listed = try await LaurelBinary.run(["credentials", "list", "-w", ws, "--json"])
        #expect(!listed.stdout.contains("x@example.org"))
    }

    @Test("a batch for a partner issues under its name, from its own catalog")
    func batchForPartner() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await Self.setUp(temp)
        let roster = temp.path("roster.csv")
        try "name,email,achievement_id\nZoë Ünal,zoe@example.org,intro-to-oer\nLi Wei,li@example.org,cc-core\n"
            .write(toFile: roster, atomically: true, encoding: .utf8)
        let refused = try await LaurelBinary.run(["batch", roster, "--issuer", "uni", "-w", ws, "--out", temp.path("out")])
        #expect(refused.status == 1)  // cc-core is not in the partner's catalog
        let output = try await LaurelBinary.run(["batch", roster, "--issuer", "uni", "-w", ws, "--out", temp.path("out"),
                                                 "--skip-invalid", "--quiet"])
        #expect(output.status == 1, "\(output.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: temp.path("out")).filter { $0.hasPrefix("intro-to-oer-") }
        #expect(files.count == 1)
        let file = temp.path("out/" + (files.first ?? ""))
        #expect((try Self.json(file)["issuer"] as? [String: Any])?["id"] as? String == Self.uniID)
        #expect(try await Self.verify(ws, file) == "VERIFIED")
    }
}
