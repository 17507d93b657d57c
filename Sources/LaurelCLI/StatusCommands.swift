import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

/// What `revoke`, `suspend` and `unsuspend` share: which credentials, why, and where to publish.
struct StatusChangeOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Credential ids (urn:uuid:…).", valueName: "ID"))
    var ids: [String] = []

    @Option(help: ArgumentHelp("A CSV file whose `id` column (or first column) lists credential ids.", valueName: "FILE"))
    var csv: String?

    @Option(help: ArgumentHelp("Every credential of this batch.", valueName: "BATCH-ID"))
    var batch: String?

    @Flag(help: "Change the registry only; publish later with `laurel status publish`.")
    var noPublish = false

    @Option(help: ArgumentHelp("Where to publish the re-signed lists. Default: the workspace's status/.", valueName: "DIR"))
    var out: String?

    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var passphraseOptions: PassphraseOptions
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
        if let batch { all += try workspace.requireRegistry().credentialIDs(batch: batch) }
        var seen = Set<String>()
        return all.filter { seen.insert($0).inserted }
    }

    static func readIDs(_ path: String) throws -> [String] {
        var text = String(decoding: try readInputFile(path, limit: 64 << 20), as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let rows = text.split(whereSeparator: \.isNewline).map { row in
            row.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        guard let header = rows.first else { throw CLIError("\(path) is empty") }
        let column = header.firstIndex { $0.lowercased() == "id" || $0.lowercased() == "credential_id" }
        let body = column == nil ? rows : Array(rows.dropFirst())
        var ids: [String] = []
        for (number, row) in body.enumerated() {
            let value = row.indices.contains(column ?? 0) ? row[column ?? 0] : ""
            guard !value.isEmpty else {
                throw CLIError("\(path), row \(number + (column == nil ? 1 : 2)): no credential id in column \((column ?? 0) + 1)")
            }
            ids.append(value)
        }
        return ids
    }

    func run(_ action: StatusAction, reason: String?) throws {
        let workspace = try workspaceOptions.open()
        let ids = try credentialIDs(workspace)
        let issuer = CredentialIssuer(workspace: workspace, passphrase: try passphraseOptions.passphrase(),
                                      allowDemoKey: workspace.config.demo == true)
        let (report, published) = try issuer.changeStatus(action, credentialIDs: ids, reason: reason, publish: !noPublish,
                                                          publishTo: out.map { URL(fileURLWithPath: $0) })
        if output.json {
            print(JSONValue.object([
                "action": .string(action.rawValue),
                "outcomes": .array(report.outcomes.map { ["id": .string($0.credentialID), "outcome": .string($0.outcome.rawValue)] }),
                "published": .array(published.map { .string($0.file.path) }),
            ]).serialized(pretty: true))
        } else {
            let verb = ["revoke": "Revoked", "suspend": "Suspended", "unsuspend": "Unsuspended"][action.rawValue] ?? action.rawValue
            let changed = report.credentialIDs(.changed)
            print("\(verb) \(changed.count) of \(ids.count) credential\(ids.count == 1 ? "" : "s")")
            for id in report.credentialIDs(.unchanged) { print("  unchanged (already so): \(id)") }
            for id in report.credentialIDs(.refusedRevoked) { print("  refused, revoked for good: \(id)") }
            for id in report.credentialIDs(.unknown) { print("  not in this workspace's registry: \(id)") }
            for list in published { print("  published \(list.file.path) (valid until \(XSDDateTime.string(from: list.validUntil)))") }
            if noPublish && !report.changedListURLs.isEmpty { print("  not published yet: run `laurel status publish`") }
        }
        if !report.credentialIDs(.unknown).isEmpty || !report.credentialIDs(.refusedRevoked).isEmpty {
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

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Publish signed status lists, and show where a credential stands.",
        subcommands: [Publish.self, Show.self])

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign and write the status lists that changed (BitstringStatusListCredential files).",
            discussion: """
                Writes <purpose>-<n>.json files (revocation-1.json, suspension-1.json, …) atomically; \
                upload them to the workspace's statusBaseURL. Lists are re-signed when they changed \
                or when less than half their validity is left, so run this at least every few days.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: ArgumentHelp("Where to write the lists. Default: the workspace's status/.", valueName: "DIR"))
        var out: String?

        @Flag(help: "Re-sign every list, changed or not.")
        var all = false

        @Option(help: ArgumentHelp("How long each signed list stays valid, in days.", valueName: "DAYS"))
        var validFor: Double = StatusListPublisher.defaultValidity / 86_400

        @OptionGroup var passphraseOptions: PassphraseOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if !(validFor > 0 && validFor <= 366) { throw ValidationError("--valid-for must be between 0 and 366 days") }
        }

        func run() throws {
            let workspace = try workspaceOptions.open()
            let issuer = CredentialIssuer(workspace: workspace, passphrase: try passphraseOptions.passphrase(),
                                          allowDemoKey: workspace.config.demo == true)
            let published = try issuer.publishStatusLists(to: out.map { URL(fileURLWithPath: $0) }, all: all,
                                                          validity: validFor * 86_400)
            if output.json {
                print(JSONValue.array(published.map {
                    ["url": .string($0.list.url), "file": .string($0.file.path), "validUntil": .string(XSDDateTime.string(from: $0.validUntil)),
                     "setBits": .number(Double($0.setBits))]
                }).serialized(pretty: true))
                return
            }
            if published.isEmpty { print("Every status list is up to date; nothing to publish (--all re-signs them anyway).") }
            for list in published {
                print("Published \(list.file.path) → \(list.list.url) (\(list.setBits) set, valid until \(XSDDateTime.string(from: list.validUntil)))")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a credential's status, reasons and status-list positions.")

        @Argument(help: ArgumentHelp("A credential id.", valueName: "ID"))
        var id: String

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let registry = try workspaceOptions.open().requireRegistry()
            guard let record = try registry.credential(id: id) else {
                throw CLIError("no credential \(id) in this workspace's registry")
            }
            let lists = Dictionary(uniqueKeysWithValues: try registry.statusLists().map { ($0.id, $0) })
            func published(_ position: StatusPosition) -> String {
                guard let list = lists[position.listID] else { return "unknown list" }
                return list.needsPublishing ? "change not yet published" : "published"
            }
            if output.json {
                print(JSONValue.object([
                    "id": .string(record.id), "state": .string(record.state.rawValue), "achievement": .string(record.achievementID),
                    "issuedAt": .string(XSDDateTime.string(from: record.issuedAt)),
                    "revocationReason": record.revocationReason.map { .string($0) } ?? .null,
                    "suspensionReason": record.suspensionReason.map { .string($0) } ?? .null,
                    "revocation": ["list": .string(record.revocation.listURL), "index": .number(Double(record.revocation.index)),
                                   "published": .bool(published(record.revocation) == "published")],
                    "suspension": ["list": .string(record.suspension.listURL), "index": .number(Double(record.suspension.index)),
                                   "published": .bool(published(record.suspension) == "published")],
                ]).serialized(pretty: true))
                return
            }
            print("\(record.id): \(record.state.rawValue.uppercased())")
            print("  achievement  \(record.achievementID), issued \(XSDDateTime.string(from: record.issuedAt)) (\(record.proofFormat))")
            if let at = record.revokedAt { print("  revoked      \(XSDDateTime.string(from: at))\(record.revocationReason.map { ": \($0)" } ?? "")") }
            if let at = record.suspendedAt { print("  suspended    \(XSDDateTime.string(from: at))\(record.suspensionReason.map { ": \($0)" } ?? "")") }
            print("  revocation   \(record.revocation.listURL) #\(record.revocation.index) (\(published(record.revocation)))")
            print("  suspension   \(record.suspension.listURL) #\(record.suspension.index) (\(published(record.suspension)))")
        }
    }
}
