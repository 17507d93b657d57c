import ArgumentParser
import CredentialIssuer
import CredentialKit
import CredentialVerifier
import Foundation

/// What `revoke`, `suspend` and `unsuspend` share: which credentials, why, and where to publish.
struct StatusChangeOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Credential ids (urn:uuid:…).", valueName: "ID"))
    var ids: [String] = []

    @Option(help: ArgumentHelp("A CSV file whose `id` column (or first column) lists credential ids.", valueName: "FILE"))
    var csv: String?

    @Option(help: ArgumentHelp("Every credential of this batch.", valueName: "BATCH-ID"))
    var batch: String?

    @Flag(help: "Change the credentials the registry holds and report the ids it does not, instead of refusing the whole change.")
    var skipUnknown = false

    @Flag(help: "Change the registry only; publish later with `laurel status publish`.")
    var noPublish = false

    @Option(help: ArgumentHelp("Also publish to DIR, besides the workspace's destinations (`laurel status destinations`).", valueName: "DIR"))
    var out: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var issuerOptions: IssuerOptions
    @OptionGroup var passphraseOptions: PassphraseOptions
    @OptionGroup var demoKeyOptions: DemoKeyOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if ids.isEmpty && csv == nil && batch == nil {
            throw ValidationError("name the credentials: IDs, --csv FILE or --batch BATCH-ID")
        }
    }

    /// Every id named by arguments, CSV and batch, without repeats, in order.
    func credentialIDs(_ workspace: Workspace) throws -> [String] {
        var all = ids
        if let csv { all += try Self.readIDs(csv) }
        if let batch {
            let members = try workspace.requireRegistry().credentialIDs(batch: batch)
            guard !members.isEmpty else { throw CLIError("no credential in this workspace's registry belongs to the batch \"\(batch)\"") }
            all += members
        }
        var seen = Set<String>()
        return all.filter { seen.insert($0).inserted }
    }

    static func readIDs(_ path: String) throws -> [String] {
        try CredentialIDList.read(try readInputFile(path, limit: 64 << 20), source: path)
    }

    func run(_ action: StatusAction, reason: String?) throws {
        let workspace = try issuerOptions.open(workspaceOptions)
        let ids = try credentialIDs(workspace)
        let issuer = WorkspaceIssuer(workspace: workspace, passphrase: try passphraseOptions.passphrase(),
                                      allowDemoKey: demoKeyOptions.allows(workspace))
        let result = try issuer.changeStatus(action, credentialIDs: ids, reason: reason, skipUnknown: skipUnknown,
                                             publish: !noPublish, alsoPublishTo: out.map { [URL(fileURLWithPath: $0)] } ?? [])
        let report = result.report
        let past = ["revoke": "revoked", "suspend": "suspended", "unsuspend": "unsuspended"][action.rawValue] ?? action.rawValue
        if output.json {
            print(JSONValue.object([
                "action": .string(action.rawValue),
                "outcomes": .array(report.outcomes.map { ["id": .string($0.credentialID), "outcome": .string($0.outcome.rawValue)] }),
                "published": .array((result.published?.written ?? []).map { .string($0.file.path) }),
                "publishingFailure": result.publishingFailure.map { .string($0) } ?? .null,
            ]).serialized(pretty: true))
        } else {
            let changed = report.credentialIDs(.changed)
            Terminal.say("\(past.prefix(1).uppercased() + past.dropFirst()) \(changed.count) of \(ids.count) credential\(ids.count == 1 ? "" : "s")")
            for id in report.credentialIDs(.unchanged) { Terminal.say("  unchanged (already so): \(id)") }
            for id in report.credentialIDs(.unknown) { Terminal.say("  skipped, not in this workspace's registry: \(id)") }
            for list in result.published?.written ?? [] {
                Terminal.say("  published \(list.file.path) (valid until \(XSDDateTime.string(from: list.validUntil)))")
            }
            if noPublish && !changed.isEmpty { Terminal.say("  not published yet: run `laurel status publish -w \(workspaceOptions.workspace)`") }
        }
        if let failure = result.publishingFailure {
            Terminal.writeError("laurel: \(past) in the registry, but publishing failed: \(failure) — fix that and run `laurel status publish -w \(workspaceOptions.workspace)`; until then verifiers do not see the change")
            throw ExitCode(1)
        }
    }
}

struct RevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke credentials for good, and publish the re-signed revocation list.",
        discussion: """
            Revocation is final; use `laurel suspend` for a reversible hold. The reason is kept in \
            the registry and the audit log. All credentials named are changed in one transaction \
            and each changed list is re-signed once.

            Examples:
              laurel revoke -w cc-workspace urn:uuid:… --reason "Issued in error"
              laurel revoke -w cc-workspace --csv mistakes.csv --reason "Wrong course"
              laurel revoke -w cc-workspace --batch 2026-spring --reason "Cohort re-graded"
            """)

    @OptionGroup var options: StatusChangeOptions

    @Option(help: "Why, for the registry and the audit log.")
    var reason: String?

    func run() throws { try options.run(.revoke, reason: reason) }
}

struct SuspendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend",
        abstract: "Suspend credentials (reversible), and publish the re-signed suspension list.")

    @OptionGroup var options: StatusChangeOptions

    @Option(help: "Why, for the registry and the audit log.")
    var reason: String?

    func run() throws { try options.run(.suspend, reason: reason) }
}

struct UnsuspendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsuspend",
        abstract: "Lift a suspension, and publish the re-signed suspension list.")

    @OptionGroup var options: StatusChangeOptions

    @Option(help: "Why, for the registry and the audit log.")
    var reason: String?

    func run() throws { try options.run(.unsuspend, reason: reason) }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Publish signed status lists, check what verifiers see, and show where a credential stands.",
        discussion: """
            A workspace publishes its lists into destinations: status/ by default, more with \
            `laurel status destinations add DIR` (your web server's folder, say). Revoke, suspend, \
            unsuspend and `status publish` bring every destination up to date by comparing the \
            files there with the registry; `status check` tells whether they are.
            """,
        subcommands: [Publish.self, Check.self, Show.self, Destinations.self, Enable.self])

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring every destination's status lists up to date (signed BitstringStatusListCredential files).",
            discussion: """
                Reads each destination's revocation-<n>.json and suspension-<n>.json and rewrites \
                those that are missing, stale, badly signed or past half their validity, atomically. \
                Lists are valid for --valid-for days, so run this at least every few days (cron). \
                A revocation list is never overwritten by one that clears a revocation it holds.

                Examples:
                  laurel status publish -w cc-workspace
                  laurel status publish -w cc-workspace --out /var/www/certs/status --remember
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var issuerOptions: IssuerOptions

        @Option(help: ArgumentHelp("Publish to DIR only (it then holds exactly the current lists). Default: every destination.", valueName: "DIR"))
        var out: String?

        @Flag(help: "With --out: add DIR to the workspace's destinations, so revoke and publish keep it current.")
        var remember = false

        @Flag(help: "Re-sign and rewrite every list, current or not.")
        var all = false

        @Option(help: ArgumentHelp("How long each signed list stays valid, in days.", valueName: "DAYS"))
        var validFor: Double = StatusListPublisher.defaultValidity / 86_400

        @OptionGroup var passphraseOptions: PassphraseOptions
        @OptionGroup var demoKeyOptions: DemoKeyOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if !(validFor >= 1 && validFor <= 366) { throw ValidationError("--valid-for must be between 1 and 366 days") }
            if remember && out == nil { throw ValidationError("--remember needs --out DIR") }
        }

        func run() throws {
            var workspace = try issuerOptions.open(workspaceOptions)
            let issuer = WorkspaceIssuer(workspace: workspace, passphrase: try passphraseOptions.passphrase(),
                                          allowDemoKey: demoKeyOptions.allows(workspace))
            let destination = out.map { URL(fileURLWithPath: $0) }
            let report = try issuer.publishStatusLists(to: destination.map { [$0] }, all: all, validity: validFor * 86_400)
            if remember, let destination, !workspace.statusDestinations.contains(where: { $0.standardizedFileURL.path == destination.standardizedFileURL.path }) {
                try workspace.addStatusDestination(destination)
            }
            if output.json {
                print(JSONValue.object([
                    "written": .array(report.written.map {
                        ["url": .string($0.list.url), "file": .string($0.file.path),
                         "validUntil": .string(XSDDateTime.string(from: $0.validUntil)), "setBits": .number(Double($0.setBits))]
                    }),
                    "current": .array(report.unchanged.map {
                        ["url": .string($0.list.url), "file": .string($0.location),
                         "validUntil": $0.validUntil.map { .string(XSDDateTime.string(from: $0)) } ?? .null]
                    }),
                    "refused": .array(report.refusals.map { .string($0.reason) }),
                    "failed": .array(report.failures.map { .string($0.reason) }),
                ]).serialized(pretty: true))
            } else {
                for list in report.written {
                    Terminal.say("Published \(list.file.path) → \(list.list.url) (\(list.setBits) set, valid until \(XSDDateTime.string(from: list.validUntil)))")
                }
                if report.written.isEmpty && report.isComplete {
                    Terminal.say("Every status list is current in \((destination.map { [$0] } ?? workspace.statusDestinations).map(\.path).joined(separator: ", ")); nothing to publish (--all re-signs them anyway).")
                }
                if remember, let destination { Terminal.say("\(destination.standardizedFileURL.path) is now one of the workspace's destinations.") }
            }
            for refusal in report.refusals { Terminal.writeError("laurel: refused: \(refusal.reason)") }
            for failure in report.failures { Terminal.writeError("laurel: not published: \(failure.reason)") }
            if !report.refusals.isEmpty {
                Terminal.writeError("laurel: the registry lacks revocations that were published; run `laurel registry reconcile -w \(workspaceOptions.workspace)` to take them back into it")
            }
            if !report.isComplete { throw ExitCode(1) }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare what verifiers see with the registry: exit 0 only when every list is current.",
            discussion: """
                For each list: current, stale (naming the credentials whose revocation or \
                suspension it misses), expiring (within a day), expired, missing, badly signed or \
                unreadable. Checks every destination, or DIR, or with --online the lists at their \
                URLs. Made for cron and for the issuer website's CI.

                Examples:
                  laurel status check -w cc-workspace
                  laurel status check -w cc-workspace /var/www/certs/status
                  laurel status check -w cc-workspace --online
                """)

        @Argument(help: ArgumentHelp("A directory of published lists. Default: every destination.", valueName: "DIR"))
        var directory: String?

        @Flag(help: "Fetch each list from its URL, as a verifier on the internet would.")
        var online = false

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var issuerOptions: IssuerOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if online && directory != nil { throw ValidationError("give DIR or --online, not both") }
        }

        func run() async throws {
            let workspace = try issuerOptions.open(workspaceOptions)
            let registry = try workspace.requireRegistry()
            let states: [PublishedListState]
            if online {
                let fetcher = HTTPResourceFetcher()
                states = try await workspace.inspectStatusListsOnline { url in try await fetcher.fetch(url) }
            } else {
                let directories = directory.map { [URL(fileURLWithPath: $0)] } ?? workspace.statusDestinations
                for directory in directories {
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                        throw CLIError("\(directory.path) is a file, not a directory of status lists")
                    }
                }
                states = try workspace.inspectStatusLists(in: directories)
            }
            let described = try states.map { state in (state, try StatusCheckText.credentials(state, registry: registry)) }
            if output.json {
                print(JSONValue.object([
                    "current": .bool(states.allSatisfy(\.isCurrent)),
                    "lists": .array(described.map { state, names in
                        ["url": .string(state.list.url), "location": .string(state.location),
                         "condition": .string(state.condition.rawValue), "detail": .string(state.detail),
                         "validUntil": state.validUntil.map { .string(XSDDateTime.string(from: $0)) } ?? .null,
                         "missing": .array(names.missing.map { .string($0) }),
                         "extra": .array(names.extra.map { .string($0) })]
                    }),
                ]).serialized(pretty: true))
            } else {
                if states.isEmpty { Terminal.say("The registry has no status lists yet (nothing has been issued).") }
                for (state, names) in described {
                    let color: Terminal.Color = state.isCurrent ? .green : state.condition == .expiring ? .yellow : .red
                    Terminal.say("\(Terminal.paint(state.condition.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0), color)) \(state.location)")
                    Terminal.say("             \(state.detail)")
                    for id in names.missing.prefix(10) { Terminal.say("             missing: \(id)") }
                    for id in names.extra.prefix(10) { Terminal.say("             not in the registry: \(id)") }
                    let more = names.missing.count + names.extra.count - min(10, names.missing.count) - min(10, names.extra.count)
                    if more > 0 { Terminal.say("             … and \(more) more (--json lists them all)") }
                }
                let bad = states.filter { !$0.isCurrent }
                if bad.isEmpty {
                    if !states.isEmpty { Terminal.say("Every list is current.") }
                } else if online && bad.allSatisfy({ $0.condition == .unreachable }) {
                    Terminal.say("\(bad.count) of \(states.count) lists could not be fetched: check that the server at the status URL answers.")
                } else {
                    let isDestination = directory.map { dir in
                        workspace.statusDestinations.contains { $0.standardizedFileURL.path == URL(fileURLWithPath: dir).standardizedFileURL.path }
                    } ?? true
                    let publish = isDestination ? "laurel status publish -w \(workspaceOptions.workspace)"
                                                : "laurel status publish -w \(workspaceOptions.workspace) --out \(directory ?? "")"
                    Terminal.say("\(bad.count) of \(states.count) published lists are not current: run `\(publish)`\(online ? " and upload the files to the status URL" : "").")
                }
            }
            if !states.allSatisfy(\.isCurrent) { throw ExitCode(1) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a credential's status, reasons and whether each destination publishes it.")

        @Argument(help: ArgumentHelp("A credential id.", valueName: "ID"))
        var id: String

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let registry = try workspaceOptions.open().requireRegistry()
            guard let record = try registry.credential(id: id) else {
                throw CLIError("no credential \(id) in this workspace's registry")
            }
            // Its lists are its own issuer's, published in that issuer's destinations.
            let workspace = try workspaceOptions.open().forIssuer(record.issuerID)
            let states = try workspace.inspectStatusLists(in: workspace.statusDestinations)
            /// Whether each destination shows this credential's entry as the registry has it.
            func publication(_ position: StatusPosition, expected: Bool) -> [(String, Bool)] {
                states.filter { $0.list.id == position.listID }.map { state in
                    let readable: Set<PublishedListState.Condition> = [.current, .expiring, .stale]
                    let shown = readable.contains(state.condition) && state.publishedBits.map { $0[position.index] == expected } == true
                    return (URL(fileURLWithPath: state.location).deletingLastPathComponent().path, shown)
                }
            }
            let revocation = publication(record.revocation, expected: record.revokedAt != nil)
            let suspension = publication(record.suspension, expected: record.suspendedAt != nil)
            if output.json {
                func json(_ position: StatusPosition, _ places: [(String, Bool)]) -> JSONValue {
                    ["list": .string(position.listURL), "index": .number(Double(position.index)),
                     "published": .bool(places.allSatisfy(\.1)),
                     "destinations": .array(places.map { ["directory": .string($0.0), "published": .bool($0.1)] })]
                }
                print(JSONValue.object([
                    "id": .string(record.id), "state": .string(record.state.rawValue), "achievement": .string(record.achievementID),
                    "issuedAt": .string(XSDDateTime.string(from: record.issuedAt)),
                    "revocationReason": record.revocationReason.map { .string($0) } ?? .null,
                    "suspensionReason": record.suspensionReason.map { .string($0) } ?? .null,
                    "revocation": json(record.revocation, revocation),
                    "suspension": json(record.suspension, suspension),
                    "supersededBy": record.supersededBy.map { .string($0) } ?? .null,
                ]).serialized(pretty: true))
                return
            }
            func describe(_ places: [(String, Bool)]) -> String {
                let missing = places.filter { !$0.1 }.map(\.0)
                return missing.isEmpty ? "published" : "not yet published in \(missing.joined(separator: ", ")): run `laurel status publish`"
            }
            Terminal.say("\(record.id): \(record.state.rawValue.uppercased())")
            Terminal.say("  achievement  \(record.achievementID), issued \(XSDDateTime.string(from: record.issuedAt)) (\(record.proofFormat))")
            if let at = record.revokedAt { Terminal.say("  revoked      \(XSDDateTime.string(from: at))\(record.revocationReason.map { ": \($0)" } ?? "")") }
            if let successor = record.supersededBy { Terminal.say("  replaced by  \(successor)") }
            if let at = record.suspendedAt { Terminal.say("  suspended    \(XSDDateTime.string(from: at))\(record.suspensionReason.map { ": \($0)" } ?? "")") }
            Terminal.say("  revocation   \(record.revocation.listURL) #\(record.revocation.index) (\(describe(revocation)))")
            Terminal.say("  suspension   \(record.suspension.listURL) #\(record.suspension.index) (\(describe(suspension)))")
        }
    }

    struct Destinations: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, add or remove the directories status lists are published to.",
            discussion: """
                Every destination is kept current by revoke, suspend, unsuspend and `status publish`. \
                Add the folder your web server serves at the status URL, or a folder you sync to it.

                Examples:
                  laurel status destinations -w cc-workspace
                  laurel status destinations add /var/www/certs/status -w cc-workspace
                  laurel status destinations remove /var/www/certs/status -w cc-workspace
                """,
            subcommands: [List.self, Add.self, Remove.self],
            defaultSubcommand: List.self)

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the destinations.")
            @OptionGroup var workspaceOptions: WorkspaceOptions
            @OptionGroup var output: OutputOptions

            func run() throws {
                let workspace = try workspaceOptions.open()
                if output.json {
                    print(JSONValue.array(workspace.statusDestinations.map { .string($0.path) }).serialized(pretty: true))
                } else {
                    for destination in workspace.statusDestinations { Terminal.say("\(destination.path)") }
                }
            }
        }

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add a destination; publish to bring it up to date.")
            @Argument(help: ArgumentHelp("The directory (created when absent).", valueName: "DIR"))
            var directory: String
            @OptionGroup var workspaceOptions: WorkspaceOptions

            func run() throws {
                var workspace = try workspaceOptions.open()
                try workspace.addStatusDestination(URL(fileURLWithPath: directory))
                Terminal.say("Status lists will be published to \(URL(fileURLWithPath: directory).standardizedFileURL.path) too; run `laurel status publish -w \(workspaceOptions.workspace)` to fill it now.")
            }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Stop publishing to a destination (its files are left as they are).")
            @Argument(help: ArgumentHelp("The directory.", valueName: "DIR"))
            var directory: String
            @OptionGroup var workspaceOptions: WorkspaceOptions

            func run() throws {
                var workspace = try workspaceOptions.open()
                try workspace.removeStatusDestination(URL(fileURLWithPath: directory))
                Terminal.say("No longer publishing to \(URL(fileURLWithPath: directory).standardizedFileURL.path); the files there are left as they are and will go stale.")
            }
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a workspace without status lists a status URL, so credentials issued from now on can be revoked.",
            discussion: """
                Credentials issued before cannot be revoked (their signed contents name no list); \
                those issued after carry revocation and suspension entries at URL.

                Example:
                  laurel status enable -w cc-workspace --base-url https://certificate.example.org/status/
                """)

        @Option(help: ArgumentHelp("Where the lists will be published, e.g. https://example.edu/status/.", valueName: "URL"))
        var baseUrl: String

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            var workspace = try workspaceOptions.open()
            try workspace.enableStatusLists(baseURL: baseUrl)
            Terminal.say("Status lists enabled: credentials issued from now on can be revoked and suspended.")
            Terminal.say("  lists will be at \(workspace.config.statusBaseURL ?? baseUrl); publish them with `laurel status publish -w \(workspaceOptions.workspace)` and upload \(workspace.statusDirectory.path)")
        }
    }
}

/// Names the credentials behind a published list's differences from the registry.
enum StatusCheckText {
    static func credentials(_ state: PublishedListState, registry: Registry) throws -> (missing: [String], extra: [String]) {
        let ids = try registry.credentialIDs(at: state.missingIndices + state.extraIndices, of: state.list)
        func name(_ index: Int) -> String { ids[index].map { "\($0) (index \(index))" } ?? "index \(index) (no credential in the registry holds it)" }
        return (state.missingIndices.map(name), state.extraIndices.map(name))
    }
}
