import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

struct CredentialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "List the credentials the registry holds, and export any of them again.",
        discussion: """
            Every credential issued is kept in the registry exactly as it was signed, so a lost \
            file (or one that could not be written) is never lost for good.

            Examples:
              laurel credentials list -w cc-workspace --since 2026-11-01
              laurel credentials export -w cc-workspace urn:uuid:… -o ana.json
            """,
        subcommands: [List.self, Export.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the credentials, oldest first, with where each stands.")

        @Option(help: ArgumentHelp("Only those issued on or after this date.", valueName: "DATE"))
        var since: String?

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var output: OutputOptions

        @Option(help: ArgumentHelp("Only the credentials of this issuer (a handle from `laurel issuer list`, or an issuer id).", valueName: "HANDLE"))
        var issuer: String?

        func run() throws {
            let workspace = try workspaceOptions.open()
            let registry = try workspace.requireRegistry()
            let handles = Dictionary(try workspace.issuers().map { ($0.id, $0.handle) }, uniquingKeysWith: { first, _ in first })
            let chosen = try issuer.map { try workspace.forIssuer($0).config.issuer.id }
            let credentials = try registry.credentialSummaries(since: try since.map { try parseDateArgument($0, option: "--since") })
                .filter { chosen == nil || $0.issuerID == chosen }
            if output.json {
                print(JSONValue.array(credentials.map { credential in
                    ["id": .string(credential.id), "issuer": .string(credential.issuerID),
                     "issuerHandle": handles[credential.issuerID].map { .string($0) } ?? .null,
                     "achievement": .string(credential.achievementID),
                     "issuedAt": .string(XSDDateTime.string(from: credential.issuedAt)), "state": .string(credential.state.rawValue),
                     "proof": .string(credential.proofFormat), "batch": credential.batchID.map { .string($0) } ?? .null]
                }).serialized(pretty: true))
                return
            }
            for credential in credentials {
                let by = handles.count > 1 ? "  " + (handles[credential.issuerID] ?? credential.issuerID) : ""
                Terminal.say("\(credential.id)  \(credential.achievementID.padding(toLength: 16, withPad: " ", startingAt: 0)) \(XSDDateTime.string(from: credential.issuedAt))  \(credential.state.rawValue)\(by)")
            }
            if credentials.isEmpty { Terminal.say("No credentials\(since == nil ? "" : " issued since \(since ?? "")").") }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a credential exactly as it was signed (JSON or JWT).")

        @Argument(help: ArgumentHelp("The credential id.", valueName: "ID"))
        var id: String

        @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write it to this new file. Default: standard output.", valueName: "FILE"))
        var output: String?

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let registry = try workspaceOptions.open().requireRegistry()
            guard let record = try registry.credential(id: id) else {
                throw CLIError("no credential \(id) in this workspace's registry")
            }
            if let output {
                try AtomicFile.write(record.contents, to: URL(fileURLWithPath: output))
                Terminal.say("Wrote \(record.id) (\(record.state.rawValue)) to \(output)")
            } else {
                FileHandle.standardOutput.write(Data(record.contents))
            }
        }
    }
}
