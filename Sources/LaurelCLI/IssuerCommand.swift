import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

/// `laurel issuer add|list`: the issuers one workspace issues for.
struct IssuerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issuer",
        abstract: "List the workspace's issuers, or add a partner issuer with its own name, keys and status lists.",
        discussion: """
            One workspace can issue for several issuers — Creative Commons and the partner \
            universities that run CC-based microcredentials, say. Each has its own profile \
            (issuers/HANDLE/issuer.json, to publish at its id's URL), its own signing key, its own \
            achievement catalog (issuers/HANDLE/achievements/, with badge images in \
            issuers/HANDLE/badges/) and its own status lists (in a \
            HANDLE/ folder of each status destination). Select one with --issuer HANDLE on issue, \
            batch, revoke, suspend, unsuspend, status publish and achievements; without it, \
            commands act for the workspace's first issuer ("main").
            """,
        subcommands: [List.self, Add.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the workspace's issuers.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let issuers = try workspaceOptions.open().issuers()
            if output.json {
                print(JSONValue.array(issuers.map { issuer in
                    .object([
                        "handle": .string(issuer.handle), "id": .string(issuer.id), "name": .string(issuer.name),
                        "url": issuer.url.map { .string($0) } ?? .null,
                        "keys": .array(issuer.keyAlgorithms.map { .string($0.rawValue) }),
                        "statusBaseURL": issuer.statusBaseURL.map { .string($0) } ?? .null,
                        "default": .bool(issuer.isFirst),
                    ])
                }).serialized(pretty: true))
                return
            }
            for issuer in issuers {
                Terminal.say("\(issuer.handle)\(issuer.isFirst ? " (default)" : "")")
                Terminal.say("  name          \(issuer.name)")
                Terminal.say("  id            \(issuer.id)")
                if let url = issuer.url { Terminal.say("  url           \(url)") }
                Terminal.say("  keys          \(issuer.keyAlgorithms.map(\.rawValue).joined(separator: ", "))")
                Terminal.say("  status lists  \(issuer.statusBaseURL ?? "none (its credentials cannot be revoked)")")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a partner issuer with a new signing key of its own.",
            discussion: """
                Example:
                  laurel issuer add example-state --name "Example State University" \\
                      --url https://example.edu --id https://example.edu/issuer -w cc-workspace

                Then publish issuers/example-state/issuer.json at the issuer id's URL (for an https \
                id) and serve the status/example-state/ folder at its status URL.
                """)

        @Argument(help: ArgumentHelp("The handle commands select it by: lower-case letters, digits and '-'.", valueName: "HANDLE"))
        var handle: String

        @Option(help: "The issuer's display name, in any language and script.")
        var name: String

        @Option(help: ArgumentHelp("The issuer's home page.", valueName: "URL"))
        var url: String?

        @Option(help: ArgumentHelp("The issuer's id: an https URL or a did:web. Default: the new key's did:key.", valueName: "URL|did"))
        var id: String?

        @Option(help: ArgumentHelp("Where its status lists will be published. Default: <url or https id>/status/; it must differ from every other issuer's.", valueName: "URL"))
        var statusBaseUrl: String?

        @OptionGroup var newKey: NewKeyOptions
        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let (key, passphrase) = try newKey.generate()
            let workspace = try workspaceOptions.open()
            let partner = try workspace.addPartnerIssuer(handle: handle, name: name, issuerID: id, issuerURL: url,
                                                         statusBaseURL: statusBaseUrl, key: key, passphrase: passphrase)
            if output.json {
                print(JSONValue.object([
                    "handle": .string(handle), "id": .string(partner.config.issuer.id),
                    "verificationMethod": .string(partner.config.keys[0].verificationMethod),
                    "statusBaseURL": partner.config.statusBaseURL.map { .string($0) } ?? .null,
                    "issuerDocument": .string(partner.issuerDocumentURL.path),
                    "achievements": .array(try partner.achievementIDs().map { .string($0) }),
                ]).serialized(pretty: true))
                return
            }
            Terminal.say("Added issuer \(handle): \(partner.config.issuer.name) (\(partner.config.issuer.id))")
            Terminal.say("  key          \(partner.config.keys[0].file) (\(key.algorithm.rawValue)\(passphrase == nil ? "" : ", encrypted"))")
            Terminal.say("  profile      \(partner.issuerDocumentURL.path)")
            Terminal.say("  achievements \(try partner.achievementIDs().joined(separator: ", "))")
            if let status = partner.config.statusBaseURL {
                Terminal.say("  status lists \(status), published into \(partner.statusDirectory.path)")
            }
            Terminal.say("Next: laurel issue --issuer \(handle) -w \(workspaceOptions.workspace) --achievement \(try partner.achievementIDs().first ?? "ID") --recipient-name NAME --recipient-email EMAIL")
        }
    }
}
