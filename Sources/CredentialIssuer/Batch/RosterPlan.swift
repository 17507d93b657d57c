import CredentialKit
import Foundation

/// What a batch will do with one roster row.
public struct RosterRowReport: Sendable, Hashable {
    public enum Status: String, Sendable {
        /// Ready to issue (or issued, after a real run).
        case ready
        /// Ready, with something the staff should know.
        case warning
        /// Cannot be issued as it stands: the reason names the column.
        case error
        /// The same learner and achievement appear earlier in the file.
        case duplicate
        /// Issued by an earlier run: nothing new is signed.
        case alreadyIssued = "already-issued"
        /// Issued by this run.
        case issued
    }

    /// The row's number, the header being row 1.
    public var row: Int
    public var status: Status
    /// The canonical field at fault, for errors and warnings.
    public var column: String?
    public var message: String
    public var credentialID: String?
    public var name: String?
    public var email: String?
    public var locale: String?
    /// The credential's file, once written.
    public var file: String?
    /// The badge image the credential is baked into, when the batch bakes.
    public var badgeFile: String?
    /// The language the credential is (or will be) in: the row's locale where the catalog has
    /// that language, else the achievement's default language.
    public var language: String?
    /// With `--on-duplicate replace`: the credential this row's replaces (revoked as superseded
    /// once the new one is issued).
    public var supersedes: String?
    /// The row asks for other details (a name, a grade …) than the credential already issued
    /// for it says; skipped rows keep the issued credential's file name.
    public var differsFromIssued = false
}

/// What a batch does with a learner an earlier run already issued the achievement to.
public enum DuplicatePolicy: String, Sendable, CaseIterable {
    /// Issue nothing new (the default): the same roster run twice issues once.
    case skip
    /// Issue a new credential and revoke the one it replaces as superseded, linking the two.
    case replace
    /// Issue a further credential and leave the earlier one valid.
    case allow
}

/// A row ready to issue: its request, with the credential id the batch derives.
public struct RosterEntry: Sendable {
    public var row: Int
    public var request: IssueRequest
    public var locale: String?
}

/// Checks roster rows one by one before anything is signed: required fields, e-mail shape,
/// dates, locale, that the achievement exists, duplicates inside the file, and (through
/// `isIssued`) credentials an earlier run already issued.
public struct RosterPlanner {
    public var columns: RosterColumns
    public var issuerID: String
    /// The achievement for rows without an `achievement_id` column value.
    public var defaultAchievement: String?
    public var runLabel: String
    public var proof: ProofFormat?
    /// Whether an achievement id exists.
    public var achievementExists: (String) -> Bool
    /// Whether a credential id is already issued.
    public var isIssued: (String) throws -> Bool
    /// The language of rows without a `locale` column value (`laurel batch --locale`); nil: the
    /// achievement's default language.
    public var defaultLocale: String?
    /// The languages an achievement id is available in, its default language first (asked once
    /// per achievement); by default only English, so every other language is reported as issued
    /// in English. A batch over a workspace asks its catalog (``Workspace/achievementLanguages(_:)``).
    public var achievementLanguages: (String) -> [String] = { _ in [AchievementLanguages.catalogDefaultLanguage] }
    /// What to do with a learner an earlier run issued the achievement to.
    public var onDuplicate: DuplicatePolicy = .skip
    /// An issued credential id, then each credential that replaced the one before (the last one
    /// stands); by default none was ever replaced. A batch asks its registry.
    public var replacementChain: (String) throws -> [String] = { [$0] }
    /// The request digest an issued credential was made for (``IssueRequest/digest``); nil when unknown.
    public var requestDigest: (String) throws -> String? = { _ in nil }
    private var seen: [String: Int] = [:]
    private var languagesFound: [String: [String]] = [:]

    public init(columns: RosterColumns, issuerID: String, defaultAchievement: String?, runLabel: String = "",
                proof: ProofFormat? = nil, achievementExists: @escaping (String) -> Bool,
                isIssued: @escaping (String) throws -> Bool) {
        self.columns = columns
        self.issuerID = issuerID
        self.defaultAchievement = defaultAchievement
        self.runLabel = runLabel
        self.proof = proof
        self.achievementExists = achievementExists
        self.isIssued = isIssued
    }

    /// The report for a row, and the entry to issue when it is ready.
    public mutating func plan(row: Int, cells: [String]) -> (RosterRowReport, RosterEntry?) {
        let columns = self.columns
        let value = { (field: RosterField) in columns.value(field, in: cells) }
        var report = RosterRowReport(row: row, status: .ready, message: "ready")
        func fail(_ field: RosterField?, _ message: String) -> (RosterRowReport, RosterEntry?) {
            report.status = .error
            report.column = field?.rawValue
            report.message = message
            return (report, nil)
        }
        if cells.count > columns.headerCount, cells[columns.headerCount...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            return fail(nil, "the row has \(cells.count) cells but the header has \(columns.headerCount): a value holding a comma (\"López, Ana\") must be in double quotes")
        }
        for field in RosterField.allCases {
            guard let text = value(field) else { continue }
            if let problem = Self.problem(in: text, field: field) { return fail(field, problem) }
        }
        // A name written over several lines in the spreadsheet cell is one line in the credential.
        let name = Self.singleLine(value(.name) ?? [value(.givenName), value(.familyName)].compactMap { $0 }.joined(separator: " "))
        report.name = name.isEmpty ? nil : name
        guard !name.isEmpty else { return fail(.name, "no name (a name column, or given_name and family_name)") }
        guard let rawEmail = value(.email) else { return fail(.email, "no e-mail address") }
        let email = IdentityObject.normalizedEmail(rawEmail)
        report.email = email
        guard IssuingService.isPlausibleEmail(email) else { return fail(.email, "\"\(rawEmail)\" is not an e-mail address") }
        guard let achievement = value(.achievementID) ?? defaultAchievement else {
            return fail(.achievementID, "no achievement: give an achievement_id column, or a default achievement for the batch")
        }
        guard achievementExists(achievement) else { return fail(.achievementID, "no achievement \"\(achievement)\" in this issuer's catalog") }
        var validFrom: Date?
        if let text = value(.issuedOn) {
            guard let date = Self.date(text) else { return fail(.issuedOn, "\"\(text)\" is not a date: write 2026-06-30 (or 2026-06-30T12:00:00Z)") }
            validFrom = date
        }
        var validUntil: Date?
        if let text = value(.expiresOn) {
            guard let date = Self.date(text) else { return fail(.expiresOn, "\"\(text)\" is not a date: write 2027-06-30 (or 2027-06-30T12:00:00Z)") }
            if let validFrom, date <= validFrom { return fail(.expiresOn, "expires on \(text), not after it is issued") }
            validUntil = date
        }
        // LMS exports often write es_MX for es-MX.
        if let locale = value(.locale).map({ $0.replacingOccurrences(of: "_", with: "-") }) {
            guard LanguageTag.isWellFormed(locale) else {
                return fail(.locale, "\"\(locale)\" is not a language tag (en, es, pt-BR …)")
            }
            report.locale = locale
        } else {
            report.locale = defaultLocale
        }
        if let url = value(.evidenceURL), !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.contains(where: \.isWhitespace) {
            return fail(.evidenceURL, "\"\(url)\" is not a web address")
        }
        var id = IssuingService.credentialID(issuerID: issuerID, achievementID: achievement, email: email, runLabel: runLabel)
        report.credentialID = id
        let key = achievement + "\n" + email
        if let first = seen[key] {
            report.status = .duplicate
            report.message = "the same learner and achievement as row \(first)"
            return (report, nil)
        }
        seen[key] = row
        var request = IssueRequest(achievementID: achievement, recipientName: name, recipientEmail: email, proof: proof,
                                   validFrom: validFrom, validUntil: validUntil, result: value(.result),
                                   evidenceURL: value(.evidenceURL), evidenceNarrative: value(.evidenceNarrative),
                                   narrative: value(.narrative))
        request.locale = report.locale
        do {
            if try isIssued(id) {
                guard let further = try furtherCredential(issued: id, request: request, report: &report) else {
                    report.status = .alreadyIssued
                    report.message = "already issued by an earlier run (\(report.credentialID ?? id))"
                    if report.differsFromIssued {
                        report.message += ", with other details than this row's (a name, a date, a result …), which were not issued: to issue them and revoke the old credential, run the batch again replacing duplicates"
                    }
                    return (report, nil)
                }
                id = further
                report.credentialID = id
            }
        } catch {
            return fail(nil, "the registry could not be read: \(error)")
        }
        request.credentialID = id
        report.language = LanguageTag.bestMatch(for: report.locale ?? "", among: languages(of: achievement))
            ?? languages(of: achievement).first
        if let locale = report.locale {
            let languages = languages(of: achievement)
            if LanguageTag.bestMatch(for: locale, among: languages) == nil {
                report.status = .warning
                report.column = RosterField.locale.rawValue
                report.message = AchievementLanguages.fallbackWarning(
                    locale: locale, catalogID: achievement, defaultLanguage: languages.first ?? AchievementLanguages.catalogDefaultLanguage)
            }
        }
        return (report, RosterEntry(row: row, request: request, locale: report.locale))
    }

    /// The id of the credential to issue for a learner whose credential `issued` an earlier run
    /// made, by ``onDuplicate``; nil when there is nothing to issue (`report` then names the
    /// credential that stands, and with `replace` the one it supersedes, should a killed run
    /// have left the two unlinked).
    ///
    /// A further credential's id covers the credential it follows and the row's contents
    /// (``IssueRequest/digest``): the same row run again finds it issued, and a changed row (a
    /// corrected name, a new grade) gets a new one. `replace` leaves a learner whose standing
    /// credential was issued for exactly this row as it is.
    private func furtherCredential(issued: String, request: IssueRequest, report: inout RosterRowReport) throws -> String? {
        let digest = request.digest
        switch onDuplicate {
        case .skip:
            if let recorded = try requestDigest(issued), recorded != digest {
                report.differsFromIssued = true
            }
            return nil
        case .allow:
            let further = derivedID(from: issued, digest: digest, policy: .allow)
            if try isIssued(further) { report.credentialID = further; return nil }
            return further
        case .replace:
            let current = try replacementChain(issued).last ?? issued
            if try requestDigest(current) == digest {
                report.credentialID = current  // the standing credential says what this row says
                return nil
            }
            let further = derivedID(from: current, digest: digest, policy: .replace)
            report.supersedes = current
            if try isIssued(further) { report.credentialID = further; return nil }  // issued, not yet linked
            return further
        }
    }

    private func derivedID(from earlier: String, digest: String, policy: DuplicatePolicy) -> String {
        IssuingService.credentialID(issuerID: issuerID, achievementID: earlier, email: digest,
                                    runLabel: runLabel + "\u{1E}" + policy.rawValue)
    }

    /// The longest value each field may hold, in characters.
    static func maximumLength(_ field: RosterField) -> Int {
        switch field {
        case .narrative, .evidenceNarrative: 10_000
        case .evidenceURL: 2_048
        case .email: 320
        default: 500
        }
    }

    /// Why `text` cannot be `field`'s value, or nil: too long, or holding control characters (a
    /// terminal escape, a NUL) or the invisible marks that reorder text (bidirectional overrides),
    /// which would make a name or address display as something it is not. Line breaks and tabs
    /// are allowed in free text, and in names (made one line).
    static func problem(in text: String, field: RosterField) -> String? {
        let limit = maximumLength(field)
        if text.unicodeScalars.count > limit {
            return "\(text.unicodeScalars.count) characters, more than the \(limit) a \(field.rawValue) may have"
        }
        let freeText: Set<RosterField> = [.name, .givenName, .familyName, .narrative, .evidenceNarrative]
        for scalar in text.unicodeScalars {
            let lineBreak = scalar == "\n" || scalar == "\r" || scalar == "\t"
            if scalar.properties.generalCategory == .control && !(lineBreak && freeText.contains(field)) {
                return "holds the control character U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4)), which is not text"
            }
            if (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) {
                return "holds the invisible mark U+\(String(scalar.value, radix: 16, uppercase: true)), which reorders how text is shown; remove it"
            }
        }
        return nil
    }

    /// `text` with every run of white space and line breaks made one space.
    static func singleLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
    }

    /// The languages of `achievement`, asked of ``achievementLanguages`` once.
    private mutating func languages(of achievement: String) -> [String] {
        if let known = languagesFound[achievement] { return known }
        let languages = achievementLanguages(achievement)
        languagesFound[achievement] = languages
        return languages
    }

    /// A roster date: `2026-06-30` (midnight UTC) or an XML Schema / RFC 3339 date-time.
    public static func date(_ text: String) -> Date? {
        XSDDateTime.date(fromDayOrDateTime: text)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
