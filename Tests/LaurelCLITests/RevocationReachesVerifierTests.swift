import Foundation
import Testing

/// A revocation always reaches the verifier: each sequence that once ended with a revoked
/// credential reading VERIFIED, run through the binary and checked against the files a verifier
/// would be given.
@Suite("Revocations reach the verifier", .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
struct RevocationReachesVerifierTests {
    static let site = "https://certificate.example.org"
    static let base = site + "/status/"

    /// A workspace made as a new user would, with one issued credential; returns (workspace, id, file).
    static func workspace(_ temp: TemporaryDirectory, name: String = "ws", extra: [String] = [],
                          environment: [String: String] = [:]) async throws -> (String, String, String) {
        let ws = temp.path(name)
        let made = try await LaurelBinary.run(["init", ws, "--issuer-name", "Creative Commons", "--issuer-url", site] + extra,
                                              environment: environment)
        try #require(made.status == 0, "\(made.stderr)")
        let (id, file) = try await issue(ws, name: "Ana María", environment: environment)
        return (ws, id, file)
    }

    static func issue(_ ws: String, name: String, environment: [String: String] = [:]) async throws -> (String, String) {
        let issued = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", name,
                                                 "--recipient-email", "learner@example.org", "--proof", "eddsa-jcs-2022", "--json"],
                                                environment: environment)
        try #require(issued.status == 0, "\(issued.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(issued.stdout.utf8)) as? [String: Any])
        return (try #require(object["id"] as? String), try #require(object["file"] as? String))
    }

    /// The verdict an employer gets for `file` given the lists in `directory` (offline).
    static func verdict(_ file: String, lists directory: String) async throws -> String {
        // Every list in the directory, as a web server serving it at the status URL would answer.
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { ($0.hasPrefix("revocation-") || $0.hasPrefix("suspension-")) && $0.hasSuffix(".json") }
        let resources = names.flatMap { ["--resource", base + $0 + "=" + directory + "/" + $0] }
        let result = try await LaurelBinary.run(["verify", file, "--offline", "--json"] + resources)
        let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return object?["verdict"] as? String ?? "no verdict: \(result.stdout) \(result.stderr)"
    }

    static func state(_ ws: String, _ id: String) async throws -> String {
        let shown = try await LaurelBinary.run(["status", "show", id, "-w", ws, "--json"])
        let object = try? JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        return object?["state"] as? String ?? "no state: \(shown.stderr)"
    }

    static func check(_ ws: String, _ directory: String? = nil) async throws -> (status: Int32, conditions: [String]) {
        let result = try await LaurelBinary.run(["status", "check", "-w", ws, "--json"] + (directory.map { [$0] } ?? []))
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let lists = object?["lists"] as? [[String: Any]] ?? []
        return (result.status, lists.compactMap { $0["condition"] as? String })
    }

    // MARK: 1. Destinations are compared, not flagged

    @Test("publish --out DIR, revoke, publish --out DIR: DIR says REVOKED; and status/ catches up after an --out publish")
    func outDirectoryCatchesUp() async throws {
        let temp = try TemporaryDirectory()
        let (ws, id, file) = try await Self.workspace(temp)
        let www = temp.path("www")
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws, "--out", www]).status == 0)
        #expect(try await Self.verdict(file, lists: www) == "VERIFIED")
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, id]).status == 0)
        #expect(try await Self.check(ws, www).status == 1, "www/ misses the revocation and status check says so")
        let again = try await LaurelBinary.run(["status", "publish", "-w", ws, "--out", www])
        #expect(again.status == 0)
        #expect(again.stdout.contains("revocation-1.json"), "\(again.stdout)")
        #expect(try await Self.verdict(file, lists: www) == "REVOKED")
        #expect(try await Self.verdict(file, lists: ws + "/status") == "REVOKED")

        // The reverse: a change published only with --out leaves status/ stale until a plain publish.
        let (second, secondFile) = try await Self.issue(ws, name: "Bo")
        #expect(try await LaurelBinary.run(["suspend", "-w", ws, second, "--no-publish"]).status == 0)
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws, "--out", www]).status == 0)
        #expect(try await Self.verdict(secondFile, lists: www) == "SUSPENDED")
        #expect(try await Self.check(ws).status == 1)
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws]).status == 0)
        #expect(try await Self.verdict(secondFile, lists: ws + "/status") == "SUSPENDED")
        #expect(try await Self.check(ws).status == 0)
    }

    @Test("a remembered destination is written by every revoke; a tampered copy there is found and rewritten")
    func rememberedDestinations() async throws {
        let temp = try TemporaryDirectory()
        let (ws, id, file) = try await Self.workspace(temp)
        let www = temp.path("web root")
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws, "--out", www, "--remember"]).status == 0)
        let destinations = try await LaurelBinary.run(["status", "destinations", "-w", ws])
        #expect(destinations.stdout.contains("web root"))
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, id, "--reason", "Issued in error"]).status == 0)
        #expect(try await Self.verdict(file, lists: www) == "REVOKED")
        #expect(try await Self.verdict(file, lists: ws + "/status") == "REVOKED")
        #expect(try await Self.check(ws) == (0, ["current", "current", "current", "current"]))

        // Someone edits the web copy: status check names it, publish repairs it.
        let copy = www + "/revocation-1.json"
        let text = try String(contentsOfFile: copy, encoding: .utf8)
        try text.replacingOccurrences(of: "\"validUntil\": \"", with: "\"validUntil\": \"2099").write(toFile: copy, atomically: true, encoding: .utf8)
        #expect(try await Self.check(ws, www).conditions.contains("badly-signed"))
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws]).status == 0)
        #expect(try await Self.check(ws).status == 0)
        #expect(try await Self.verdict(file, lists: www) == "REVOKED")
    }

    // MARK: 2. Refusals come before the registry changes

    @Test("an encrypted key without its passphrase, or an --out that is a file, refuses before anything changes")
    func refusesBeforeCommitting() async throws {
        let temp = try TemporaryDirectory()
        let secret = ["LAUREL_KEY_PASSPHRASE": "correct horse"]
        let (ws, id, file) = try await Self.workspace(temp, extra: ["--encrypt-key"], environment: secret)
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws], environment: secret).status == 0)

        let refused = try await LaurelBinary.run(["revoke", "-w", ws, id])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("passphrase"))
        #expect(try await Self.state(ws, id) == "active")

        try "not a directory".write(toFile: temp.path("afile"), atomically: true, encoding: .utf8)
        let badOut = try await LaurelBinary.run(["revoke", "-w", ws, id, "--out", temp.path("afile")], environment: secret)
        #expect(badOut.status == 2)
        #expect(try await Self.state(ws, id) == "active")

        let revoked = try await LaurelBinary.run(["revoke", "-w", ws, id], environment: secret)
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(revoked.stdout.contains("Revoked 1 of 1"))
        #expect(try await Self.verdict(file, lists: ws + "/status") == "REVOKED")
    }

    @Test("a published demo key is refused before the registry changes")
    func demoKeyRefusedFirst() async throws {
        let temp = try TemporaryDirectory()
        let demo = temp.path("demo")
        #expect(try await LaurelBinary.run(["demo", demo]).status == 0)
        // Take away the demo marker, as a user copying the demo workspace for real use would.
        let config = demo + "/laurel.json"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "\"demo\": true", with: "\"demo\": false").write(toFile: config, atomically: true, encoding: .utf8)
        let credential = try #require(temp.listing("demo/credentials").first.map { demo + "/credentials/" + $0 })
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: credential))) as? [String: Any]
        let id = try #require(json?["id"] as? String)
        let refused = try await LaurelBinary.run(["revoke", "-w", demo, id])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("demo key"))
        #expect(try await Self.state(demo, id) == "active")
    }

    @Test("a list file that cannot be replaced is found before the change: nothing changes until it is moved away")
    func unreplaceableListFile() async throws {
        let temp = try TemporaryDirectory()
        let (ws, id, file) = try await Self.workspace(temp)
        try FileManager.default.removeItem(atPath: ws + "/status/revocation-1.json")
        try FileManager.default.createDirectory(atPath: ws + "/status/revocation-1.json", withIntermediateDirectories: false)
        let result = try await LaurelBinary.run(["revoke", "-w", ws, id])
        #expect(result.status == 2)
        #expect(result.stderr.contains("revocation-1.json"), "\(result.stderr)")
        #expect(try await Self.state(ws, id) == "active")
        #expect(try await Self.check(ws).conditions.contains("unreadable"))

        try FileManager.default.removeItem(atPath: ws + "/status/revocation-1.json")
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, id]).status == 0)
        #expect(try await Self.verdict(file, lists: ws + "/status") == "REVOKED")
    }

    // MARK: 3. A lost registry never un-revokes

    @Test("a deleted, truncated or foreign registry: issue and publish refuse, the published revocation stands, registry check names it, restore mends it")
    func lostRegistry() async throws {
        let temp = try TemporaryDirectory()
        let (ws, id, file) = try await Self.workspace(temp)
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, id]).status == 0)
        #expect(try await LaurelBinary.run(["registry", "backup", "-w", ws, temp.path("backup.sqlite")]).status == 0)
        let published = try Data(contentsOf: URL(fileURLWithPath: ws + "/status/revocation-1.json"))
        let registry = ws + "/registry.sqlite"

        let (_, _, _) = try await Self.workspace(temp, name: "other")
        let replacements: [(String, () throws -> Void)] = [
            ("deleted", { try FileManager.default.removeItem(atPath: registry) }),
            ("truncated", { try Data().write(to: URL(fileURLWithPath: registry)) }),
            ("another workspace's", {
                try? FileManager.default.removeItem(atPath: registry)
                try FileManager.default.copyItem(atPath: temp.path("other") + "/registry.sqlite", toPath: registry)
            }),
        ]
        for (name, replace) in replacements {
            try replace()
            let issue = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "C",
                                                    "--recipient-email", "c@example.org"])
            #expect(issue.status == 1, "\(name): \(issue.stderr)")
            #expect(issue.stderr.contains("registry restore"), "\(name): \(issue.stderr)")
            let publish = try await LaurelBinary.run(["status", "publish", "-w", ws, "--all"])
            #expect(publish.status == 1, "\(name)")
            let check = try await LaurelBinary.run(["registry", "check", "-w", ws])
            #expect(check.status == 1, "\(name)")
            #expect(check.stdout.contains("registry"), "\(name): \(check.stdout)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: ws + "/status/revocation-1.json")) == published, "\(name)")
            #expect(try await Self.verdict(file, lists: ws + "/status") == "REVOKED", "\(name)")
        }

        let restored = try await LaurelBinary.run(["registry", "restore", "-w", ws, temp.path("backup.sqlite")])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try await Self.state(ws, id) == "revoked")
        #expect(try await LaurelBinary.run(["registry", "check", "-w", ws]).status == 0)
        #expect(try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "D",
                                            "--recipient-email", "d@example.org"]).status == 0)
        // The file that was in the way is kept aside, never deleted.
        #expect(temp.listing("ws").contains { $0.hasPrefix("registry.sqlite.replaced-") })
    }

    @Test("an older backup restored after later changes: refused unless --replace-newer, then every published revocation and suspension is applied again")
    func olderBackupRestored() async throws {
        let temp = try TemporaryDirectory()
        let (ws, revoked, revokedFile) = try await Self.workspace(temp)
        let (suspended, suspendedFile) = try await Self.issue(ws, name: "Bo")
        #expect(try await LaurelBinary.run(["registry", "backup", "-w", ws, temp.path("old.sqlite")]).status == 0)
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, revoked]).status == 0)
        #expect(try await LaurelBinary.run(["suspend", "-w", ws, suspended]).status == 0)
        // Issued and revoked after the backup: the backup has never heard of it.
        let (late, lateFile) = try await Self.issue(ws, name: "Cy")
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, late]).status == 0)

        let refused = try await LaurelBinary.run(["registry", "restore", "-w", ws, temp.path("old.sqlite")])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("newer"), "\(refused.stderr)")
        let restored = try await LaurelBinary.run(["registry", "restore", "-w", ws, temp.path("old.sqlite"), "--replace-newer"])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains(revoked) && restored.stdout.contains(suspended), "\(restored.stdout)")
        #expect(try await Self.state(ws, revoked) == "revoked")
        #expect(try await Self.state(ws, suspended) == "suspended")
        // Issued after the backup: taken back from its signed file, revoked as published.
        #expect(restored.stdout.contains(late), "\(restored.stdout)")
        #expect(try await Self.state(ws, late) == "revoked")
        #expect(try await LaurelBinary.run(["credentials", "export", late, "-w", ws]).status == 0)
        #expect(try await LaurelBinary.run(["registry", "check", "-w", ws]).status == 0)

        // A new destination gets every revocation, the late one included; new credentials get new lists.
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws, "--out", temp.path("www")]).status == 0)
        #expect(try await Self.verdict(revokedFile, lists: temp.path("www")) == "REVOKED")
        #expect(try await Self.verdict(suspendedFile, lists: temp.path("www")) == "SUSPENDED")
        #expect(try await Self.verdict(lateFile, lists: temp.path("www")) == "REVOKED")
        let (_, fresh) = try await Self.issue(ws, name: "Di")
        #expect(try String(contentsOfFile: fresh, encoding: .utf8).contains("revocation-2.json"))
    }

    @Test("an old registry copied in by hand is refused for everything (it could hand out another credential's index) until reconcile takes back what was published")
    func copiedOldRegistry() async throws {
        let temp = try TemporaryDirectory()
        let (ws, _, _) = try await Self.workspace(temp)
        #expect(try await LaurelBinary.run(["registry", "backup", "-w", ws, temp.path("old.sqlite")]).status == 0)
        let (late, lateFile) = try await Self.issue(ws, name: "Late")
        let (other, otherFile) = try await Self.issue(ws, name: "Other")
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, late]).status == 0)
        try FileManager.default.removeItem(atPath: ws + "/registry.sqlite")
        try FileManager.default.copyItem(atPath: temp.path("old.sqlite"), toPath: ws + "/registry.sqlite")

        for command in [["issue", "--achievement", "cc-core", "--recipient-name", "New", "--recipient-email", "n@example.org"],
                        ["status", "publish", "--all"], ["revoke", other], ["status", "check"]] {
            let refused = try await LaurelBinary.run(command + ["-w", ws])
            #expect(refused.status == 1, "\(command): \(refused.stdout)")
            #expect(refused.stderr.contains("older") && refused.stderr.contains("registry reconcile -w \(ws)"), "\(command): \(refused.stderr)")
        }
        #expect(try await LaurelBinary.run(["registry", "check", "-w", ws]).status == 1)
        #expect(try await Self.verdict(lateFile, lists: ws + "/status") == "REVOKED")

        let reconciled = try await LaurelBinary.run(["registry", "reconcile", "-w", ws])
        #expect(reconciled.status == 0, "\(reconciled.stderr)")
        #expect(try await LaurelBinary.run(["registry", "check", "-w", ws]).status == 0)
        // A new credential takes a new list: it shares no index with the ones the copy never knew.
        let (fresh, freshFile) = try await Self.issue(ws, name: "New")
        #expect(try String(contentsOfFile: freshFile, encoding: .utf8).contains("revocation-2.json"))
        #expect(try await Self.verdict(freshFile, lists: ws + "/status") == "VERIFIED")
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, fresh]).status == 0)
        #expect(try await Self.verdict(otherFile, lists: ws + "/status") == "VERIFIED")
        #expect(try await Self.verdict(lateFile, lists: ws + "/status") == "REVOKED")
    }

    @Test("a backup that lacks changes made after an earlier restore is refused without --replace-newer")
    func branchedHistory() async throws {
        let temp = try TemporaryDirectory()
        let (ws, first, _) = try await Self.workspace(temp)
        #expect(try await LaurelBinary.run(["registry", "backup", "-w", ws, temp.path("b0.sqlite")]).status == 0)
        _ = try await Self.issue(ws, name: "B")
        _ = try await Self.issue(ws, name: "C")
        #expect(try await LaurelBinary.run(["registry", "backup", "-w", ws, temp.path("b1.sqlite")]).status == 0)
        #expect(try await LaurelBinary.run(["registry", "restore", "-w", ws, temp.path("b0.sqlite"), "--replace-newer"]).status == 0)
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, first, "--no-publish"]).status == 0)
        let refused = try await LaurelBinary.run(["registry", "restore", "-w", ws, temp.path("b1.sqlite")])
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(try await Self.state(ws, first) == "revoked")
    }

    @Test("a restore takes revocations from the registry it replaces when a published list cannot be read")
    func replacedRegistryCounts() async throws {
        let temp = try TemporaryDirectory()
        let (ws, first, firstFile) = try await Self.workspace(temp)
        #expect(try await LaurelBinary.run(["registry", "backup", "-w", ws, temp.path("b0.sqlite")]).status == 0)
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, first]).status == 0)
        try "{\"broken".write(toFile: ws + "/status/revocation-1.json", atomically: true, encoding: .utf8)
        let restored = try await LaurelBinary.run(["registry", "restore", "-w", ws, temp.path("b0.sqlite"), "--replace-newer"])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stderr.contains("revocation-1.json"), "the unreadable list is named: \(restored.stderr)")
        #expect(try await Self.state(ws, first) == "revoked")
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws]).status == 0)
        #expect(try await Self.verdict(firstFile, lists: ws + "/status") == "REVOKED")
    }

    @Test("a backup made right after init: restore takes back the lists published since, every bit they hold stays set, new credentials get new lists")
    func backupFromInit() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        #expect(try await LaurelBinary.run(["init", ws, "--issuer-name", "CC", "--issuer-url", Self.site]).status == 0)
        #expect(try await LaurelBinary.run(["registry", "backup", "-w", ws, temp.path("empty.sqlite")]).status == 0)
        let (suspended, suspendedFile) = try await Self.issue(ws, name: "Ana")
        let (revoked, revokedFile) = try await Self.issue(ws, name: "Bo")
        #expect(try await LaurelBinary.run(["suspend", "-w", ws, suspended]).status == 0)
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, revoked]).status == 0)
        try FileManager.default.removeItem(atPath: ws + "/registry.sqlite")

        let restored = try await LaurelBinary.run(["registry", "restore", "-w", ws, temp.path("empty.sqlite")])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("revocation-1.json") && restored.stdout.contains("suspension-1.json"), "\(restored.stdout)")
        #expect(try await LaurelBinary.run(["registry", "check", "-w", ws]).status == 0)
        let (_, fresh) = try await Self.issue(ws, name: "Cy")
        #expect(try String(contentsOfFile: fresh, encoding: .utf8).contains("revocation-2.json"))
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws, "--all"]).status == 0)
        #expect(try await Self.verdict(suspendedFile, lists: ws + "/status") == "SUSPENDED")
        #expect(try await Self.verdict(revokedFile, lists: ws + "/status") == "REVOKED")
    }

    @Test("restore killed at random moments: the registry is the old one or the reconciled one, and no suspension or revocation is lost")
    func restoreKilled() async throws {
        let temp = try TemporaryDirectory()
        let (ws, first, firstFile) = try await Self.workspace(temp)
        #expect(try await LaurelBinary.run(["registry", "backup", "-w", ws, temp.path("old.sqlite")]).status == 0)
        let (late, revokedFile) = try await Self.issue(ws, name: "Bo")
        #expect(try await LaurelBinary.run(["suspend", "-w", ws, first]).status == 0)
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, late]).status == 0)
        var kills = 0
        for _ in 0..<12 {
            if try await LaurelBinary.runKilled(["registry", "restore", "-w", ws, temp.path("old.sqlite"), "--replace-newer"],
                                                after: Double.random(in: 0.02...0.5)) { kills += 1 }
            #expect(try await Self.state(ws, first) == "suspended")
            // Bo was issued after the backup: a completed restore takes it back from its file,
            // revoked as its published list says.
            #expect(try await Self.state(ws, late) == "revoked")
            #expect(try await LaurelBinary.run(["status", "publish", "-w", ws]).status == 0)
            #expect(try await Self.verdict(firstFile, lists: ws + "/status") == "SUSPENDED")
            #expect(try await Self.verdict(revokedFile, lists: ws + "/status") == "REVOKED")
        }
        #expect(kills >= 3, "only \(kills) restores were killed before they finished")
        #expect(try await LaurelBinary.run(["registry", "check", "-w", ws]).status == 0)
        #expect(!temp.listing("ws").contains { $0.contains(".tmp-") }, "temporary files left: \(temp.listing("ws").filter { $0.contains(".tmp-") })")
    }

    @Test("destinations that would publish the workspace's own files are refused")
    func unsafeDestinations() async throws {
        let temp = try TemporaryDirectory()
        let (ws, _, _) = try await Self.workspace(temp)
        for directory in [ws, ws + "/keys", ws + "/credentials", temp.path(""), "/"] {
            let added = try await LaurelBinary.run(["status", "destinations", "add", directory, "-w", ws])
            #expect(added.status == 2, "\(directory): \(added.stdout)")
        }
        let config = ws + "/laurel.json"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "\"version\"", with: "\"statusDestinations\": [\"keys\"],\n  \"version\"")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let opened = try await LaurelBinary.run(["status", "publish", "-w", ws])
        #expect(opened.status == 2)
        #expect(opened.stderr.contains("keys"), "\(opened.stderr)")
    }

    @Test("a whole-workspace snapshot put back after a suspension: the suspension published in the web root is never lifted, and reconcile takes it back")
    func snapshotNeverLiftsSuspension() async throws {
        let temp = try TemporaryDirectory()
        let (ws, id, file) = try await Self.workspace(temp)
        let www = temp.path("www")
        #expect(try await LaurelBinary.run(["status", "destinations", "add", www, "-w", ws]).status == 0)
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws]).status == 0)
        try FileManager.default.copyItem(atPath: ws, toPath: temp.path("snapshot"))
        #expect(try await LaurelBinary.run(["suspend", "-w", ws, id]).status == 0)
        try FileManager.default.removeItem(atPath: ws)
        try FileManager.default.copyItem(atPath: temp.path("snapshot"), toPath: ws)

        let issued = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "B",
                                                 "--recipient-email", "b@example.org"])
        #expect(issued.stderr.contains("suspension"), "\(issued.stderr)")
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws, "--all"]).status == 1)
        #expect(try await Self.verdict(file, lists: www) == "SUSPENDED")
        #expect(try await LaurelBinary.run(["registry", "reconcile", "-w", ws]).status == 0)
        #expect(try await Self.state(ws, id) == "suspended")
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws]).status == 0)
        #expect(try await Self.verdict(file, lists: ws + "/status") == "SUSPENDED")
        #expect(try await LaurelBinary.run(["unsuspend", "-w", ws, id]).status == 0)
        #expect(try await Self.verdict(file, lists: www) == "VERIFIED")
    }

    @Test("a verifier given another list of the same issuer for a credential's list answers STATUS UNKNOWN, not VERIFIED")
    func anotherListIsNotThisOne() async throws {
        let temp = try TemporaryDirectory()
        let (ws, id, file) = try await Self.workspace(temp)
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, id]).status == 0)
        #expect(try await LaurelBinary.run(["registry", "backup", "-w", ws, temp.path("b.sqlite")]).status == 0)
        #expect(try await LaurelBinary.run(["registry", "restore", "-w", ws, temp.path("b.sqlite"), "--replace-newer"]).status == 0)
        _ = try await Self.issue(ws, name: "Next")   // the old lists are closed: this one opens revocation-2.json
        let result = try await LaurelBinary.run([
            "verify", file, "--offline", "--json",
            "--resource", Self.base + "revocation-1.json=" + ws + "/status/revocation-2.json",
            "--resource", Self.base + "suspension-1.json=" + ws + "/status/suspension-1.json"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("STATUS UNKNOWN"), "\(result.stdout)")
        #expect(try await Self.verdict(file, lists: ws + "/status") == "REVOKED")
    }

    // MARK: 4. All or nothing

    @Test("a revoke naming an unknown id changes nothing and exits 2; --skip-unknown changes the rest")
    func unknownIDs() async throws {
        let temp = try TemporaryDirectory()
        let (ws, id, file) = try await Self.workspace(temp)
        let result = try await LaurelBinary.run(["revoke", "-w", ws, id, "urn:uuid:unknown"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("urn:uuid:unknown"))
        #expect(try await Self.state(ws, id) == "active")
        #expect(try await Self.verdict(file, lists: ws + "/status") == "VERIFIED", "the lists issue published still hold no revocation")

        let skipping = try await LaurelBinary.run(["revoke", "-w", ws, id, "urn:uuid:unknown", "--skip-unknown"])
        #expect(skipping.status == 0)
        #expect(skipping.stdout.contains("urn:uuid:unknown"))
        #expect(try await Self.verdict(file, lists: ws + "/status") == "REVOKED")
    }

    // MARK: 5. Kills leave whole files, and the next publish makes everything current

    @Test("revoke and publish killed at random moments: never a partial list, and one more publish makes every destination current")
    func killedAtRandomMoments() async throws {
        let temp = try TemporaryDirectory()
        let (ws, first, _) = try await Self.workspace(temp)
        let www = temp.path("www")
        #expect(try await LaurelBinary.run(["status", "destinations", "add", www, "-w", ws]).status == 0)
        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws]).status == 0)
        var ids = [first]
        for n in 0..<9 { ids.append(try await Self.issue(ws, name: "Learner \(n)").0) }

        var kills = 0
        var round = 0
        while kills < 20 && round < 200 {
            let command: [String] = switch round % 3 {
            case 0: ["revoke", "-w", ws, ids[round / 3 % ids.count]]
            case 1: ["suspend", "-w", ws, ids[(round + 4) % ids.count]]
            default: ["status", "publish", "-w", ws, "--all"]
            }
            if try await LaurelBinary.runKilled(command, after: Double.random(in: 0.02...0.4)) { kills += 1 }
            round += 1
            // What a verifier would read in each destination is a whole list, signed, never half a file.
            let check = try await Self.check(ws)
            #expect(check.conditions.count == 4)
            #expect(!check.conditions.contains("unreadable") && !check.conditions.contains("badly-signed"),
                    "round \(round): \(check.conditions)")
        }
        #expect(kills >= 20, "only \(kills) of \(round) runs were killed before they finished")

        #expect(try await LaurelBinary.run(["status", "publish", "-w", ws]).status == 0)
        #expect(try await Self.check(ws) == (0, ["current", "current", "current", "current"]))
        #expect(try await LaurelBinary.run(["registry", "check", "-w", ws]).status == 0)
        for directory in [ws + "/status", www] {
            let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            #expect(names == ["revocation-1.json", "suspension-1.json"], "\(directory): \(names)")
        }
    }

    // MARK: 6. No half workspaces

    @Test("init killed at random moments leaves no half workspace, and the next init succeeds")
    func initIsAllOrNothing() async throws {
        let temp = try TemporaryDirectory()
        var killed = 0
        for n in 0..<12 {
            let ws = temp.path("ws\(n)")
            if try await LaurelBinary.runKilled(["init", ws, "--issuer-name", "CC", "--issuer-url", Self.site],
                                                after: Double.random(in: 0.01...0.3)) { killed += 1 }
            if FileManager.default.fileExists(atPath: ws) {
                // Whole: it opens and lists its catalog.
                #expect(try await LaurelBinary.run(["achievements", "-w", ws]).status == 0, "ws\(n) is half made")
            } else {
                let again = try await LaurelBinary.run(["init", ws, "--issuer-name", "CC", "--issuer-url", Self.site])
                #expect(again.status == 0, "\(again.stderr)")
            }
        }
        #expect(killed >= 3, "only \(killed) inits were killed before they finished")
        #expect(temp.listing().filter { $0.hasPrefix(".") }.isEmpty, "staging directories left: \(temp.listing().filter { $0.hasPrefix(".") })")
    }

    @Test("issue publishes the lists a verifier would not find yet, so a fresh credential verifies from status/ at once")
    func issuePublishesNewLists() async throws {
        let temp = try TemporaryDirectory()
        let (ws, _, file) = try await Self.workspace(temp)
        #expect(try await Self.verdict(file, lists: ws + "/status") == "VERIFIED")
        #expect(try await Self.check(ws).status == 0)
    }

    // MARK: 7. No silent unrevocable credentials

    @Test("issuing without status lists warns every time; status enable makes later credentials revocable")
    func unrevocableWarning() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        let made = try await LaurelBinary.run(["init", ws, "--issuer-name", "CC"])
        #expect(made.stdout.contains("status enable"))
        for _ in 0..<2 {
            let issued = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "A",
                                                     "--recipient-email", "a@example.org", "--json"])
            #expect(issued.status == 0)
            #expect(issued.stderr.contains("can never be revoked"))
            #expect(issued.stdout.contains("can never be revoked"), "--json carries the warning")
        }
        let enabled = try await LaurelBinary.run(["status", "enable", "-w", ws, "--base-url", Self.base])
        #expect(enabled.status == 0, "\(enabled.stderr)")
        let (id, file) = try await Self.issue(ws, name: "B")
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains(Self.base + "revocation-1.json"))
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, id]).status == 0)
        #expect(try await Self.verdict(file, lists: ws + "/status") == "REVOKED")
        #expect(try await LaurelBinary.run(["status", "enable", "-w", ws, "--base-url", "https://elsewhere.example/"]).status == 2)
    }
}
