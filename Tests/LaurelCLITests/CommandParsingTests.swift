import ArgumentParser
import Testing
@testable import LaurelCLI

@Suite("Command parsing")
struct CommandParsingTests {
    @Test("issue reads its options and the proof format")
    func issue() throws {
        let command = try Laurel.parseAsRoot(["issue", "-w", "ws", "--achievement", "cc-core", "--recipient-name", "Zoë",
                                              "--recipient-email", "z@example.org", "--proof", "jwt"])
        let issue = try #require(command as? IssueCommand)
        #expect(issue.workspaceOptions.workspace == "ws")
        #expect(issue.proof == .jwt)
        #expect(issue.recipientName == "Zoë")
        #expect(issue.locale == nil)
    }

    @Test("issue and batch read the learner's language")
    func locale() throws {
        let issue = try #require(try Laurel.parseAsRoot(["issue", "--achievement", "cc-core", "--recipient-name", "Ana",
                                                         "--recipient-email", "a@example.org", "--locale", "es-MX"]) as? IssueCommand)
        #expect(issue.locale == "es-MX")
        let batch = try #require(try Laurel.parseAsRoot(["batch", "r.csv", "--locale", "es"]) as? BatchCommand)
        #expect(batch.locale == "es")
    }

    @Test("verify takes several files and repeated resources")
    func verify() throws {
        let command = try Laurel.parseAsRoot(["verify", "a.json", "b.jwt", "--resource", "https://x/i=i.json",
                                              "--resource", "https://x/s=s.json", "--json", "--at", "2026-01-01"])
        let verify = try #require(command as? VerifyCommand)
        #expect(verify.files == ["a.json", "b.jwt"])
        #expect(verify.resources.count == 2)
        #expect(verify.output.json)
    }

    @Test("status and registry commands read their options")
    func statusCommands() throws {
        let publish = try #require(try Laurel.parseAsRoot(["status", "publish", "-w", "ws", "--out", "www", "--remember"]) as? StatusCommand.Publish)
        #expect(publish.out == "www" && publish.remember)
        let check = try #require(try Laurel.parseAsRoot(["status", "check", "www", "--json"]) as? StatusCommand.Check)
        #expect(check.directory == "www" && !check.online && check.output.json)
        #expect(try Laurel.parseAsRoot(["status", "destinations", "-w", "ws"]) is StatusCommand.Destinations.List)
        let add = try #require(try Laurel.parseAsRoot(["status", "destinations", "add", "/srv/www"]) as? StatusCommand.Destinations.Add)
        #expect(add.directory == "/srv/www")
        let revoke = try #require(try Laurel.parseAsRoot(["revoke", "urn:uuid:a", "urn:uuid:b", "--skip-unknown"]) as? RevokeCommand)
        #expect(revoke.options.ids == ["urn:uuid:a", "urn:uuid:b"] && revoke.options.skipUnknown)
        #expect(try Laurel.parseAsRoot(["registry", "backup", "b.sqlite"]) is RegistryCommand.Backup)
    }

    @Test("bad usage is a parse error", arguments: [
        ["issue", "--achievement", "cc-core"],
        ["issue", "--achievement", "x", "--recipient-name", "n", "--recipient-email", "e", "--proof", "rsa-magic"],
        ["verify"],
        ["verify", "a.json", "--resource", "no-equals-sign"],
        ["keys", "generate", "--type", "ed25519"],
        ["keys", "generate", "--type", "dsa", "--out", "k.pem"],
        ["init", "dir", "--issuer-name", "  "],
        ["status", "publish", "--remember"],
        ["status", "publish", "--valid-for", "0"],
        ["status", "check", "dir", "--online"],
        ["status", "enable"],
        ["registry", "backup"],
        ["revoke"],
        ["issue", "--achievement", "x", "--recipient-name", "n", "--recipient-email", "e", "--locale", "español"],
        ["batch", "r.csv", "--locale", "es_MX"],
    ])
    func badUsage(_ arguments: [String]) {
        #expect(throws: (any Error).self) { _ = try Laurel.parseAsRoot(arguments) }
    }
}
