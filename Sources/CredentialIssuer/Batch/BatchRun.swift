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
    /// What to do with learners an earlier run issued the achievement to.
    public var onDuplicate: DuplicatePolicy = .skip
    /// Bake each credential into a badge image written beside it (`ana.json` → `ana.png`).
    public var bake: BadgeBakery.Source?

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
        planner.onDuplicate = options.onDuplicate
        planner.replacementChain = { id in try registry?.replacementChain(from: id) ?? [id] }
        planner.requestDigest = { id in try registry?.requestDigest(of: id) }
        planner.achievementLanguages = { id in (try? workspace.achievementLanguages(id).languages) ?? [] }
        var summary = BatchSummary(unknownColumns: columns.unknown)
        var entries: [RosterEntry] = []
        while let row = try reader.next() {
            let (report, entry) = planner.plan(row: row.number, cells: row.cells)
            summary.reports.append(report)
            if let entry { entries.append(entry) }
        }
        guard !summary.reports.isEmpty else {
            throw IssuerError(.invalidRequest,
                "the roster \(roster.path) has a header row (\(reader.header.prefix(5).joined(separator: ", "))) but no learners under it")
        }
        if options.dryRun { return summary }
        if summary.errors > 0 && !options.skipInvalid {
            summary.refused = true
            return summary
        }
        // The images are read and checked now, before anything is signed.
        let bakery = try options.bake.map { source in
            try BadgeBakery(source: source, achievementIDs: Set(entries.map(\.request.achievementID)), workspace: workspace)
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
                // Named after the learner as the credential names them (the row may spell it otherwise).
                let name = summary.reports[index].differsFromIssued
                    ? (Self.recipientName(in: record.contents, format: format) ?? summary.reports[index].name) : summary.reports[index].name
                let url = output.appendingPathComponent(IssuingService.fileName(
                    achievementID: record.achievementID, recipientName: name ?? "", credentialID: id, format: format))
                // Missing, or not whole (a power cut before the disk caught up): write it again.
                if FileManager.default.contents(atPath: url.path).map({ Array($0) }) != record.contents {
                    try AtomicFile.write(record.contents, to: url, overwrite: true)
                }
                summary.reports[index].file = url.path
                if let bakery, let badge = bakery.badgeFile(beside: url, achievementID: record.achievementID) {
                    if !FileManager.default.fileExists(atPath: badge.path) {
                        try bakery.bake(record.contents, achievementID: record.achievementID, beside: url)
                    }
                    summary.reports[index].badgeFile = badge.path
                }
                // A replacement a killed run issued but did not get to link to what it replaces.
                if let old = summary.reports[index].supersedes {
                    try registry.supersede(old, by: id, actor: actor)
                }
            }
        }

        guard !entries.isEmpty else { return summary }
        let service = try workspace.issuingService(passphrase: passphrase, allowDemoKey: allowDemoKey, actor: actor)
        let position = Dictionary(uniqueKeysWithValues: summary.reports.enumerated().map { ($0.element.row, $0.offset) })
        // In chunks: each is signed on every core and recorded in one transaction, then its files
        // are written (on every core, while the next chunk is signed) and reach the disk together,
        // so a long roster keeps little in memory and a kill loses no more than two chunks' files
        // (which the next run writes from the registry).
        var done = 0
        var start = 0
        var writing: (chunk: [RosterEntry], task: Task<[FileOutcome], any Error>)?
        func finish(_ chunk: [RosterEntry], _ outcomes: [FileOutcome]) {
            for (entry, outcome) in zip(chunk, outcomes) {
                guard let index = position[entry.row] else { continue }
                switch outcome {
                case .written(let url, let badge):
                    summary.reports[index].badgeFile = badge?.path
                    let warning = summary.reports[index].status == .warning ? summary.reports[index].message : nil
                    summary.reports[index].status = .issued
                    summary.reports[index].message = warning.map { "issued; \($0)" } ?? "issued"
                    summary.reports[index].file = url.path
                    if let old = summary.reports[index].supersedes, let registry, let id = entry.request.credentialID {
                        do {
                            try registry.supersede(old, by: id, actor: actor)
                            summary.reports[index].message += "; replaces \(old), now revoked as superseded"
                        } catch {
                            summary.reports[index].message += "; \(old), which it replaces, could not be revoked (\(error)): run the batch again"
                        }
                    }
                case .alreadyIssued:
                    summary.reports[index].status = .alreadyIssued
                    summary.reports[index].message = "already issued (\(entry.request.credentialID ?? ""))"
                case .notIssued(let reason):
                    summary.reports[index].status = .error
                    summary.reports[index].message = "not issued: \(reason)"
                case .notWritten(let id, let reason):
                    summary.reports[index].status = .error
                    summary.reports[index].message = "issued and kept in the registry (\(id)), but its file could not be written: \(reason); run the batch again to write it"
                }
            }
            done += chunk.count
            progress(done, entries.count)
        }
        while start < entries.count {
            let chunk = Array(entries[start..<min(start + 256, entries.count)])
            start += chunk.count
            let results = await service.issue(chunk.map(\.request), chunkSize: chunk.count)
            if let writing { finish(writing.chunk, try await writing.task.value) }
            let achievements = chunk.map(\.request.achievementID)
            writing = (chunk, Task.detached { try Self.writeFiles(results, to: output, bakery: bakery, achievementIDs: achievements) })
        }
        if let writing { finish(writing.chunk, try await writing.task.value) }
        return summary
    }

    /// The recipient's name as an issued credential carries it (its `name` identifier).
    static func recipientName(in contents: [UInt8], format: ProofFormat) -> String? {
        let credential: JSONObject?
        if format == .jwt {
            credential = (try? VCJWT.decode(String(decoding: contents, as: UTF8.self))).map { VCJWT.credential(from: $0) }
        } else {
            credential = (try? JSONParser.parse(contents))?.objectValue
        }
        let identifiers = credential?["credentialSubject"]?["identifier"]?.arrayValue ?? []
        return identifiers.first { $0["identityType"]?.stringValue == "name" }?["identityHash"]?.stringValue
    }

    /// What became of one issued row's file.
    enum FileOutcome: Sendable {
        /// The credential's file, and its baked badge when one was asked for.
        case written(URL, badge: URL?)
        case alreadyIssued
        case notIssued(String)
        case notWritten(id: String, reason: String)
    }

    /// Writes a chunk's credentials into `output` on every core, then makes them reach the disk together.
    static func writeFiles(_ results: [Result<IssuedCredential, any Error>], to output: URL,
                           bakery: BadgeBakery? = nil, achievementIDs: [String] = []) throws -> [FileOutcome] {
        let outcomes = FileOutcomes(count: results.count)
        DispatchQueue.concurrentPerform(iterations: results.count) { index in
            switch results[index] {
            case .success(let issued):
                let url = output.appendingPathComponent(issued.suggestedFileName)
                do {
                    try AtomicFile.write(issued.contents, to: url, overwrite: true, durable: false)
                    let badge = try bakery.map { bakery in
                        try bakery.bake(issued.contents, achievementID: achievementIDs[index], beside: url, durable: false)
                    }
                    outcomes.set(index, .written(url, badge: badge))
                } catch {
                    outcomes.set(index, .notWritten(id: issued.id, reason: (error as? IssuerError)?.reason ?? "\(error)"))
                }
            case .failure(let error as IssuerError) where error.code == .duplicateCredential:
                outcomes.set(index, .alreadyIssued)
            case .failure(let error):
                outcomes.set(index, .notIssued("\(error)"))
            }
        }
        try AtomicFile.syncFileSystem(containing: output)
        return outcomes.all
    }

    private final class FileOutcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [FileOutcome]
        init(count: Int) { slots = Array(repeating: .notIssued("not written"), count: count) }
        func set(_ index: Int, _ outcome: FileOutcome) { lock.withLock { slots[index] = outcome } }
        var all: [FileOutcome] { lock.withLock { slots } }
    }
}
