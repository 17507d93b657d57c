import CredentialKit
import Foundation

/// How a batch runs.
public struct BatchOptions: Sendable {
    /// The achievement of rows that name none.
    public var achievement: String?
    /// Part of every credential id: the same roster under another label issues anew.
    public var runLabel: String = ""
    public var proof: ProofFormat?
    /// The language of rows without a `locale` value (`es`, `es-MX`); nil: each achievement's default.
    public var locale: String?
    /// Their header → canonical field name.
    public var mapping: [String: String] = [:]
    /// `,` or `;`; nil detects it.
    public var delimiter: UnicodeScalar?
    /// Report what would be done; sign nothing.
    public var dryRun = false
    /// Issue the valid rows even when some are in error.
    public var skipInvalid = false

    public init() {}
}

/// What a batch did (or, in a dry run, would do).
public struct BatchSummary: Sendable {
    public var reports: [RosterRowReport] = []
    /// Headers that name no field.
    public var unknownColumns: [String] = []
    /// True when rows in error stopped a real run before anything was signed.
    public var refused = false

    public func count(_ status: RosterRowReport.Status) -> Int { reports.filter { $0.status == status }.count }
    public var errors: Int { count(.error) }
}

/// Issues a roster: every row checked first, then — unless a row is in error — each ready row
/// issued with the credential id its issuer, achievement, recipient and run label give it, and
/// written to the output directory. A re-run issues nothing new; a file an earlier run recorded
/// but did not get to write is written from the registry.
public struct BatchRunner: Sendable {
    public var workspace: Workspace
    public var passphrase: String?
    public var allowDemoKey: Bool
    public var actor: String

    public init(workspace: Workspace, passphrase: String? = nil, allowDemoKey: Bool = false, actor: String = Workspace.actor) {
        self.workspace = workspace
        self.passphrase = passphrase
        self.allowDemoKey = allowDemoKey
        self.actor = actor
    }

    /// - Parameter progress: called after each row is issued, with the number done and the number to do.
    /// - Throws: ``IssuerError`` for a roster that cannot be read (not UTF-8, not CSV, no such
    ///   file), a bad `--map`, an output directory that cannot be written, or a key that cannot sign.
    public func run(roster: URL, to output: URL, options: BatchOptions,
                    progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> BatchSummary {
        let reader = try RosterReader(url: roster, delimiter: options.delimiter)
        let columns = try RosterColumns(header: reader.header, mapping: options.mapping)
        let registry = try workspace.openRegistry()
        let workspace = self.workspace
        var achievementsFound: [String: Bool] = [:]
        var planner = RosterPlanner(
            columns: columns, issuerID: workspace.config.issuer.id, defaultAchievement: options.achievement,
            runLabel: options.runLabel, proof: options.proof,
            achievementExists: { id in
                if let known = achievementsFound[id] { return known }
                let exists = (try? workspace.achievement(id)) != nil
                achievementsFound[id] = exists
                return exists
            },
            isIssued: { id in try registry?.containsCredential(id: id) ?? false })
        planner.defaultLocale = options.locale
        planner.achievementLanguages = { id in (try? workspace.achievementLanguages(id).languages) ?? [] }
        var summary = BatchSummary(unknownColumns: columns.unknown)
        var entries: [RosterEntry] = []
        while let row = try reader.next() {
            let (report, entry) = planner.plan(row: row.number, cells: row.cells)
            summary.reports.append(report)
            if let entry { entries.append(entry) }
        }
        if options.dryRun { return summary }
        if summary.errors > 0 && !options.skipInvalid {
            summary.refused = true
            return summary
        }
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        } catch {
            throw IssuerError(.fileSystem, "the output directory \(output.path) cannot be made: \(error.localizedDescription)")
        }
        try AtomicFile.checkWritable(output.appendingPathComponent(".probe"))
        // What a killed run was writing when it died is left as a hidden temporary file: clear it.
        _ = AtomicFile.removeAbandonedTemporaryFiles(in: output)

        // Rows an earlier run recorded: their files must be there too (a run killed between
        // recording and writing left one out).
        if let registry {
            for index in summary.reports.indices where summary.reports[index].status == .alreadyIssued {
                guard let id = summary.reports[index].credentialID, let record = try registry.credential(id: id),
                      let format = ProofFormat(rawValue: record.proofFormat) else { continue }
                let url = output.appendingPathComponent(IssuingService.fileName(
                    achievementID: record.achievementID, recipientName: summary.reports[index].name ?? "", credentialID: id, format: format))
                // Missing, or not whole (a power cut before the disk caught up): write it again.
                if FileManager.default.contents(atPath: url.path).map({ Array($0) }) != record.contents {
                    try AtomicFile.write(record.contents, to: url, overwrite: true)
                }
                summary.reports[index].file = url.path
            }
        }

        guard !entries.isEmpty else { return summary }
        let service = try workspace.issuingService(passphrase: passphrase, allowDemoKey: allowDemoKey, actor: actor)
        let position = Dictionary(uniqueKeysWithValues: summary.reports.enumerated().map { ($0.element.row, $0.offset) })
        // In chunks: each is signed on every core and recorded in transactions, then its files
        // are written, so a long roster keeps little in memory and a kill loses no more than a
        // chunk's files (which the next run writes from the registry).
        var done = 0
        var start = 0
        while start < entries.count {
            let chunk = Array(entries[start..<min(start + 256, entries.count)])
            start += chunk.count
            let results = await service.issue(chunk.map(\.request), chunkSize: chunk.count)
            for (entry, result) in zip(chunk, results) {
                guard let index = position[entry.row] else { continue }
                do {
                    let issued = try result.get()
                    let url = output.appendingPathComponent(issued.suggestedFileName)
                    try AtomicFile.write(issued.contents, to: url, overwrite: true, durable: false)
                    let warning = summary.reports[index].status == .warning ? summary.reports[index].message : nil
                    summary.reports[index].status = .issued
                    summary.reports[index].message = warning.map { "issued; \($0)" } ?? "issued"
                    summary.reports[index].file = url.path
                } catch let error as IssuerError where error.code == .duplicateCredential {
                    summary.reports[index].status = .alreadyIssued
                    summary.reports[index].message = "already issued (\(entry.request.credentialID ?? ""))"
                } catch {
                    summary.reports[index].status = .error
                    summary.reports[index].message = "not issued: \(error)"
                }
            }
            // The chunk's files reach the disk together (the registry already holds them).
            try AtomicFile.syncFileSystem(containing: output)
            done += chunk.count
            progress(done, entries.count)
        }
        return summary
    }
}
