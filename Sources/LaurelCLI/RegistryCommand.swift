import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Back up, restore and check the registry (registry.sqlite): every credential issued and every revocation.",
        discussion: """
            The registry is the one record of what was issued and revoked. Back it up after every \\
            issuing or revoking session (and from cron); a workspace whose registry is lost refuses \\
            to issue or publish until it is restored, so that nothing is un-revoked.

            Examples:
              laurel registry backup -w cc-workspace /backups/laurel-$(date +%F).sqlite
              laurel registry check -w cc-workspace
              laurel registry restore -w cc-workspace /backups/laurel-2026-11-28.sqlite
            """,
        subcommands: [Backup.self, Restore.self, Check.self])

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a consistent copy of the registry to a new file (safe while others issue).")

        @Argument(help: ArgumentHelp("The backup file to create.", valueName: "FILE"))
        var file: String

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let registry = try workspaceOptions.open().requireRegistry()
            let url = URL(fileURLWithPath: file)
            try registry.backup(to: url)
            let summary = try Registry.inspectBackup(url)
            print("Backed up the registry to \(url.path) (\(summary.credentialCount) credentials, \(summary.revokedCount) revoked)")
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a backup in place of a lost or damaged registry (the old file is kept aside).",
            discussion: """
                The backup must be this workspace's. Stop other laurel processes of the workspace \\
                first. Afterwards `laurel status check` shows whether the published lists hold \\
                revocations the backup does not (revoke those credentials again).
                """)

        @Argument(help: ArgumentHelp("A file made by `laurel registry backup`.", valueName: "FILE"))
        var file: String

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.open()
            let summary = try workspace.restoreRegistry(from: URL(fileURLWithPath: file))
            print("Restored the registry from \(file) (\(summary.credentialCount) credentials, \(summary.revokedCount) revoked)")
            print("Next: laurel registry check -w \(workspaceOptions.workspace)")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the registry: it is this workspace's, sound, and every published list agrees with it.",
            discussion: "Exit 0 only when nothing is wrong; each problem is named.")

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let workspace = try workspaceOptions.open()
            var problems: [String] = []
            var credentials = 0
            do {
                let registry = try workspace.requireRegistry()
                credentials = try registry.credentialCount()
                problems += try registry.integrityProblems()
                for state in try workspace.inspectStatusLists(in: workspace.statusDestinations) where !state.isCurrent {
                    let names = try StatusCheckText.credentials(state, registry: registry)
                    var problem = "\(state.location): \(state.condition.rawValue): \(state.detail)"
                    if !names.extra.isEmpty, state.list.purpose == .revocation {
                        problem += " — revoked in the published list but not in the registry: " + names.extra.prefix(5).joined(separator: ", ")
                    }
                    problems.append(problem)
                }
            } catch let error as IssuerError {
                problems.append(error.reason)
            }
            if output.json {
                print(JSONValue.object(["ok": .bool(problems.isEmpty), "credentials": .number(Double(credentials)),
                                        "problems": .array(problems.map { .string($0) })]).serialized(pretty: true))
            } else if problems.isEmpty {
                print("The registry is sound: \(credentials) credentials, and every published list agrees with it.")
            } else {
                for problem in problems { print("problem: \(problem)") }
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}
