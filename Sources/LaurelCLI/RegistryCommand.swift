import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Back up, restore and check the registry (registry.sqlite): every credential issued and every revocation.",
        discussion: """
            The registry is the one record of what was issued and revoked. Back it up after every \
            issuing or revoking session (and from cron); a workspace whose registry is lost refuses \
            to issue or publish until it is restored, so that nothing is un-revoked.

            Examples:
              laurel registry backup -w cc-workspace /backups/laurel-$(date +%F).sqlite
              laurel registry check -w cc-workspace
              laurel registry restore -w cc-workspace /backups/laurel-2026-11-28.sqlite
            """,
        subcommands: [Backup.self, Restore.self, Check.self, Reconcile.self])

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
            Terminal.say("Backed up the registry to \(url.path) (\(count(summary.credentialCount, "credential")), \(summary.revokedCount) revoked)")
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a backup in place of a lost or damaged registry (the old file is kept aside).",
            discussion: """
                The backup must be this workspace's. Stop other laurel processes of the workspace \
                first. A registry in place holding changes newer than the backup is not replaced \
                unless --replace-newer. Afterwards every revocation and suspension the published \
                status lists hold that the backup lacks is applied again, and new credentials go \
                to new lists, so nothing verifiers already see is undone.
                """)

        @Argument(help: ArgumentHelp("A file made by `laurel registry backup`.", valueName: "FILE"))
        var file: String

        @Flag(help: "Restore even though the registry in place holds changes newer than the backup (they are lost from the registry; the file is kept aside).")
        var replaceNewer = false

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.open()
            let restore = try workspace.restoreRegistry(from: URL(fileURLWithPath: file), replacingNewer: replaceNewer)
            Terminal.say("Restored the registry from \(file) (\(count(restore.backup.credentialCount, "credential")), \(restore.backup.revokedCount) revoked)")
            if let replaced = restore.replacedFile { Terminal.say("  the file that was in place is kept as \(replaced.path)") }
            printReconciliation(restore.reconciliation)
            printUnknownFiles(workspace)
            Terminal.say("Next: laurel registry check -w \(workspaceOptions.workspace)")
        }
    }

    struct Reconcile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take back into the registry every revocation and suspension the published lists hold that it lacks.",
            discussion: """
                For a registry that lost changes (an old copy put in place by hand): each credential \
                the published lists (signed by the issuer, in any destination) show revoked or \
                suspended is so again; bits of credentials the registry does not hold stay set; \
                lists it does not know are taken back; new credentials go to new lists. \
                `laurel registry restore` does this by itself.
                """)

        @Option(name: .customLong("from"), help: ArgumentHelp("Also read the published lists in DIR (a folder published to with --out).", valueName: "DIR"))
        var directories: [String] = []

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let reconciled = try workspaceOptions.open().reconcileRegistry(alsoReading: directories.map { URL(fileURLWithPath: $0) })
            if reconciled.reapplied.isEmpty && reconciled.retained.isEmpty && reconciled.recovered.isEmpty {
                Terminal.say("The registry already holds every revocation and suspension the published lists hold.")
            }
            printReconciliation(reconciled)
            printUnknownFiles(try workspaceOptions.open())
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
                for (file, id) in try workspace.credentialFilesUnknownToRegistry() {
                    problems.append("\(file.path) holds \(id), which the registry does not hold (issued after the backup it was restored from?); its status entries stay as published, but it cannot be revoked or exported")
                }
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
                Terminal.say("The registry is sound: \(count(credentials, "credential")), and every published list agrees with it.")
            } else {
                for problem in problems { Terminal.say("problem: \(problem)") }
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }
}

/// Names the credential files the registry does not hold, after a restore or reconcile.
func printUnknownFiles(_ workspace: Workspace) {
    guard let unknown = try? workspace.credentialFilesUnknownToRegistry(), !unknown.isEmpty else { return }
    Terminal.writeError("laurel: warning: \(count(unknown.count, "credential file")) in \(workspace.config.credentialsDirectory)/ \(unknown.count == 1 ? "holds a credential" : "hold credentials") the registry does not (issued after the backup): their published status stays as it is, but they cannot be revoked or exported:")
    for (file, id) in unknown.prefix(20) { Terminal.writeError("  \(id)  \(file.lastPathComponent)") }
    if unknown.count > 20 { Terminal.writeError("  … and \(unknown.count - 20) more (laurel registry check lists them all)") }
}

/// What a restore or reconcile changed, one line each.
func printReconciliation(_ reconciled: Registry.Reconciliation) {
    for (id, action) in reconciled.reapplied {
        Terminal.say("  \(action == .revoke ? "revoked" : "suspended") again, as the published lists say: \(id)")
    }
    if !reconciled.retained.isEmpty {
        let n = reconciled.retained.count
        Terminal.say("  \(count(n, "index", plural: "indices")) set in the published lists \(n == 1 ? "belongs to a credential" : "belong to credentials") issued after the backup; \(n == 1 ? "it stays" : "they stay") set")
    }
    for id in reconciled.recoveredCredentials {
        Terminal.say("  taken back from its signed file (issued after the backup): \(id)")
    }
    for (id, reason) in reconciled.unrecoverable {
        Terminal.writeError("laurel: warning: \(id) could not be taken back: \(reason)")
    }
    for url in reconciled.recovered {
        Terminal.say("  taken back from the published files, with every bit they have set: \(url)")
    }
    for id in reconciled.suspendedOnlyInRegistry {
        Terminal.say("  suspended in the backup but not in the published list (lifted since?); still suspended: \(id)")
    }
    if reconciled.closedLists > 0 {
        Terminal.say("  new credentials go to new status lists (indices free in the backup may have been given out since)")
    }
    for warning in reconciled.warnings { Terminal.writeError("laurel: warning: \(warning)") }
}

/// "1 credential", "2 credentials".
func count(_ n: Int, _ singular: String, plural: String? = nil) -> String {
    "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
}
