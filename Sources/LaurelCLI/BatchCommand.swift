import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Issue a credential to every learner in a CSV roster.",
        discussion: """
            Every row is checked before anything is signed: name, e-mail, achievement, dates, \
            locale, duplicates inside the file, and credentials an earlier run already issued. \
            With a row in error nothing is signed (unless --skip-invalid). Each credential's id \
            comes from the issuer, the achievement, the learner's e-mail and --run-label, so \
            running the same roster again issues nothing new, and a run that was interrupted \
            finishes the job.

            The roster is CSV (comma- or semicolon-separated, UTF-8 with or without BOM). \
            Columns: email, name (or given_name and family_name), achievement_id, issued_on, \
            expires_on, narrative, evidence_url, evidence_narrative, result, locale, learner_id; \
            Credly, Badgr, Canvas and Moodle export headers are understood (see the README), \
            others can be named with --map "Their Header=field".

            Each learner's credential is in their language: the locale column (es, es-MX, pt-BR …; \
            --locale for rows that leave it empty) picks the achievement's translation, and es-MX \
            is served by es. A new workspace has every catalog achievement in English and \
            Spanish; a row in a language the catalog does not have is issued in English and \
            reported as a warning (see it first with --dry-run).

            Writes each credential to --out (default: the workspace's credentials/), report.csv \
            (every row's outcome) and mail-merge.csv (name, email, locale, file, and badge_file \
            with --bake) there. Exit \
            codes: 0 every row issued (or issued before), 1 rows were in error, 2 an unreadable \
            roster.

            Examples:
              laurel batch cohort.csv -w cc-workspace --achievement intro-to-oer --dry-run
              laurel batch cohort.csv -w cc-workspace --achievement intro-to-oer --skip-invalid
              laurel batch cohorte.csv -w cc-workspace --achievement cc-core --locale es
              laurel batch corrected.csv -w cc-workspace --achievement cc-core --on-duplicate replace
              laurel batch oer.csv -w cc-workspace --issuer example-state --achievement intro-to-oer
            """)

    @Argument(help: ArgumentHelp("The roster CSV.", valueName: "ROSTER"))
    var roster: String

    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var issuerOptions: IssuerOptions

    @Option(help: ArgumentHelp("The achievement for rows without an achievement_id.", valueName: "ID"))
    var achievement: String?

    @Flag(help: "Check every row and write the report; sign nothing.")
    var dryRun = false

    @Flag(help: "Issue the valid rows even when some rows are in error.")
    var skipInvalid = false

    @Option(help: ArgumentHelp(
        "Learners an earlier run issued the achievement to: skip them (default); replace their credential with a new one and revoke the old as superseded; or allow a further one, leaving the old valid. A row run again with the same contents issues nothing new either way.",
        valueName: "skip|replace|allow"))
    var onDuplicate: DuplicatePolicy = .skip

    @Option(help: ArgumentHelp("Part of every credential's id: the same roster under another label is issued anew.", valueName: "LABEL"))
    var runLabel: String = ""

    @Option(help: ArgumentHelp("Where the credentials and reports go. Default: the workspace's credentials/.", valueName: "DIR"))
    var out: String?

    @Option(help: ArgumentHelp("The proof. Default: the workspace's.", valueName: "FORMAT"))
    var proof: ProofFormat?

    @Option(help: ArgumentHelp("The language of rows without a locale value, e.g. es or es-MX. Default: English.", valueName: "LANG"))
    var locale: String?

    @Option(help: ArgumentHelp("The field separator, , or ;. Default: detected.", valueName: "CHAR"))
    var delimiter: String?

    @Option(help: ArgumentHelp("Read a column as a field: \"Their Header=email\". Repeatable.", valueName: "HEADER=FIELD"))
    var map: [String] = []

    @Flag(help: "Print only the summary.")
    var quiet = false

    @Option(help: ArgumentHelp("Also bake the credential into a badge image beside it: --bake alone uses the achievement's badge; --bake IMG (a .png or .svg) your own.", valueName: "IMG"))
    var bake: String?

    /// What --bake asks for.
    var bakeSource: BadgeBakery.Source? {
        bake.map { $0 == Laurel.achievementBadgeArgument ? .achievementBadge : .image(URL(fileURLWithPath: $0)) }
    }

    @OptionGroup var demoKeyOptions: DemoKeyOptions
    @OptionGroup var passphraseOptions: PassphraseOptions
    @OptionGroup var outputOptions: OutputOptions

    func validate() throws {
        if let locale, !LanguageTag.isWellFormed(locale) {
            throw ValidationError("--locale \"\(Terminal.escaped(locale))\" is not a language tag: write es, es-MX, pt-BR …")
        }
        if let delimiter, delimiter != "," && delimiter != ";" {
            throw ValidationError("--delimiter must be , or ;")
        }
        for pair in map where pair.split(separator: "=", maxSplits: 1).count != 2 {
            throw ValidationError("--map \"\(Terminal.escaped(pair))\" must be \"Their Header=field\"")
        }
    }

    func run() async throws {
        let workspace = try issuerOptions.open(workspaceOptions)
        var options = BatchOptions()
        options.achievement = achievement
        options.runLabel = runLabel
        options.proof = proof
        options.locale = locale
        options.delimiter = delimiter.flatMap(\.unicodeScalars.first)
        options.dryRun = dryRun
        options.skipInvalid = skipInvalid
        options.onDuplicate = onDuplicate
        options.bake = bakeSource
        for pair in map {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            options.mapping[parts[0]] = parts[1]
        }
        let output = out.map { URL(fileURLWithPath: $0) }
            ?? workspace.directory.appendingPathComponent(workspace.config.credentialsDirectory)
        let runner = BatchRunner(workspace: workspace, passphrase: try passphraseOptions.passphrase(),
                                 allowDemoKey: demoKeyOptions.allows(workspace))
        let progress = quiet || outputOptions.json ? nil : ProgressLine("credentials")
        let summary = try await runner.run(roster: URL(fileURLWithPath: roster), to: output, options: options) { done, total in
            progress?.update(done, of: total)
        }
        // The status lists of what was issued (and of what a replacement revoked, perhaps by a run
        // killed before it published) must be where verifiers look before the files are handed
        // out: every run that could sign brings them up to date. A failure leaves the credentials
        // issued, says how to finish, and exits 1.
        var published = true
        if !dryRun, !summary.refused, workspace.config.statusBaseURL != nil {
            do {
                let report = try WorkspaceIssuer(workspace: workspace, passphrase: try passphraseOptions.passphrase(),
                                                 allowDemoKey: demoKeyOptions.allows(workspace)).publishStatusLists()
                for problem in report.problems { Terminal.writeError("laurel: warning: \(problem)") }
            } catch {
                published = false
                Terminal.writeError("laurel: warning: the credentials are issued, but their status lists could not be published: \((error as? IssuerError)?.reason ?? "\(error)") — run `laurel status publish -w \(workspaceOptions.workspace)`")
            }
        }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let reportURL = output.appendingPathComponent("report.csv")
        try AtomicFile.write(BatchReport.reportCSV(summary), to: reportURL, overwrite: true)
        if !dryRun {
            try AtomicFile.write(BatchReport.mailMergeCSV(summary), to: output.appendingPathComponent("mail-merge.csv"), overwrite: true)
        }
        print(summary, report: reportURL)
        // 0 only when every row is issued (now or before); rows in error or repeated exit 1.
        if summary.errors > 0 || summary.refused || summary.count(.duplicate) > 0 || !published { throw ExitCode(1) }
    }

    func print(_ summary: BatchSummary, report: URL) {
        if outputOptions.json {
            let rows: [JSONValue] = summary.reports.map { row in
                var object: JSONObject = ["row": .number(Double(row.row)), "status": .string(row.status.rawValue), "message": .string(row.message)]
                if let column = row.column { object["column"] = .string(column) }
                if let name = row.name { object["name"] = .string(name) }
                if let locale = row.locale { object["locale"] = .string(locale) }
                if let replaced = row.supersedes { object["supersedes"] = .string(replaced) }
                if let id = row.credentialID { object["credentialID"] = .string(id) }
                if let file = row.file { object["file"] = .string(file) }
                if let badge = row.badgeFile { object["badge"] = .string(badge) }
                return .object(object)
            }
            let object: JSONValue = [
                "dryRun": .bool(dryRun), "refused": .bool(summary.refused), "rows": .array(rows),
                "unknownColumns": .array(summary.unknownColumns.map(JSONValue.string)), "report": .string(report.path),
            ]
            Swift.print(object.serialized(pretty: true))
            return
        }
        if !summary.unknownColumns.isEmpty {
            let shown = summary.unknownColumns.prefix(20).joined(separator: ", ")
            let more = summary.unknownColumns.count > 20 ? " and \(summary.unknownColumns.count - 20) more" : ""
            Terminal.say("columns not used: \(shown)\(more)")
        }
        if !quiet {
            // Every row but the plain successes: an issued row with a warning (not in the learner's language, say) too.
            // Problems first and all of them; rows issued before are many on a re-run, so a few suffice.
            let notable = summary.reports.filter { $0.status != .ready && !($0.status == .issued && $0.message == "issued") }
            let problems = notable.filter { [.error, .duplicate, .warning].contains($0.status) || $0.differsFromIssued }
            let others = notable.filter { !([.error, .duplicate, .warning].contains($0.status) || $0.differsFromIssued) }
            for row in problems + others.prefix(20) {
                Terminal.say("row \(String(row.row)): \(row.status.rawValue)\(row.column.map { " (\($0))" } ?? ""): \(row.message)")
            }
            if others.count > 20 { Terminal.say("… and \(others.count - 20) more rows like these (report.csv has every row)") }
            let differing = summary.reports.filter(\.differsFromIssued).count
            if differing > 0 {
                Terminal.say("\(differing) row\(differing == 1 ? "" : "s") ask\(differing == 1 ? "s" : "") for other details than the credential already issued: run again with --on-duplicate replace to re-issue and revoke the old")
            }
        }
        let counts = [RosterRowReport.Status.ready, .warning, .issued, .alreadyIssued, .duplicate, .error]
            .map { (status: $0, count: summary.count($0)) }.filter { $0.count > 0 }
            .map { "\($0.count) \($0.status.rawValue)" }.joined(separator: ", ")
        let verb = dryRun ? "dry run, nothing signed" : (summary.refused ? "nothing signed: fix the rows in error or pass --skip-invalid" : "done")
        Terminal.say("\(summary.reports.count) rows: \(counts) — \(verb). Report: \(report.path)")
    }
}

extension DuplicatePolicy: ExpressibleByArgument {}
