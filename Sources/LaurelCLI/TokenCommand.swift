import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Make, list and revoke the bearer tokens of the server's admin API.",
        discussion: """
            A token lets program staff issue, revoke, suspend and unsuspend through `laurel serve`'s \
            admin API without shell access to the signing machine. It is shown once, when made; the \
            registry keeps only its SHA-256 hash. Every call made with it is in the audit log under \
            its name (token:NAME). A revoked or expired token gets 401.

            Examples:
              laurel token create -w cc-workspace --name registrar-office --expires 90
              laurel token list -w cc-workspace
              laurel token revoke -w cc-workspace registrar-office
              curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/admin/credentials
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    /// The registry, where tokens are kept: a workspace has one once it publishes status lists.
    static func registry(_ options: WorkspaceOptions) throws -> Registry {
        let workspace = try options.open()
        guard let registry = try workspace.openRegistry() else {
            throw CLIError("tokens are kept in the registry, and this workspace has none because it publishes no status lists; turn them on first: laurel status enable -w \(options.workspace) --base-url https://…/status/")
        }
        return registry
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a token and print it (the only time it is shown).")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: ArgumentHelp("What the token is for; the audit log records its calls under this name.", valueName: "NAME"))
        var name: String

        @Option(help: ArgumentHelp("Days until it expires. Default: it does not expire until revoked.", valueName: "DAYS"))
        var expires: Int?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let expires, !(1...3650).contains(expires) { throw ValidationError("--expires must be from 1 to 3650 days, not \(expires)") }
        }

        func run() throws {
            let registry = try TokenCommand.registry(workspaceOptions)
            let token = try registry.createToken(named: name, validFor: expires.map { TimeInterval($0) * 86_400 }, actor: Workspace.actor)
            let created = try registry.tokens().first { $0.name == name.trimmingCharacters(in: .whitespacesAndNewlines) }
            if output.json {
                print(JSONValue.object(["name": .string(created?.name ?? name), "token": .string(token),
                                        "expiresAt": created?.expiresAt.map { .string(XSDDateTime.string(from: $0)) } ?? .null])
                    .serialized(pretty: true))
                return
            }
            print(token)
            Terminal.writeError("Made the token \"\(created?.name ?? name)\"\(created?.expiresAt.map { ", valid until \(XSDDateTime.string(from: $0))" } ?? ", valid until revoked").")
            Terminal.writeError("It is shown only now: keep it in a password manager. Send it as \"Authorization: Bearer <token>\".")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens: names, dates, and whether each is active.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let tokens = try TokenCommand.registry(workspaceOptions).tokens()
            func date(_ value: Date?) -> JSONValue { value.map { .string(XSDDateTime.string(from: $0)) } ?? .null }
            if output.json {
                print(JSONValue.array(tokens.map { token in
                    ["name": .string(token.name), "active": .bool(token.isActive()), "createdAt": date(token.createdAt),
                     "expiresAt": date(token.expiresAt), "revokedAt": date(token.revokedAt), "lastUsedAt": date(token.lastUsedAt)]
                }).serialized(pretty: true))
                return
            }
            if tokens.isEmpty { Terminal.say("No tokens. `laurel token create --name NAME` makes one."); return }
            for token in tokens {
                let state = token.revokedAt != nil ? "revoked" : token.isActive() ? "active" : "expired"
                var line = "\(Terminal.escaped(token.name))  \(state)  made \(XSDDateTime.string(from: token.createdAt))"
                if let expires = token.expiresAt { line += ", expires \(XSDDateTime.string(from: expires))" }
                line += token.lastUsedAt.map { ", last used \(XSDDateTime.string(from: $0))" } ?? ", never used"
                print(line)
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: from now on it gets 401.")

        @Argument(help: ArgumentHelp("The token's name.", valueName: "NAME"))
        var name: String

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            try TokenCommand.registry(workspaceOptions).revokeToken(named: name, actor: Workspace.actor)
            Terminal.say("Revoked the token \"\(Terminal.escaped(name))\".")
        }
    }
}
