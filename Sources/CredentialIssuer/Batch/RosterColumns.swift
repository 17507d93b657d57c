import Foundation
/// The fields of a batch roster, by their canonical column names.
public enum RosterField: String, Sendable, CaseIterable {
    case email, name
    case givenName = "given_name", familyName = "family_name"
    case achievementID = "achievement_id"
    case issuedOn = "issued_on", expiresOn = "expires_on"
    case narrative
    case evidenceURL = "evidence_url", evidenceNarrative = "evidence_narrative"
    case result, locale
    case learnerID = "learner_id"

    /// Headers other tools' exports use for each field (compared without case, spaces, `_` or `-`):
    /// Credly's bulk-issue template, Badgr / Canvas Credentials award CSVs, Moodle's and Canvas's
    /// user and grade exports.
    public static let aliases: [RosterField: [String]] = [
        .email: ["Email", "E-mail", "Email address", "E-mail address", "Recipient Email", "Recipient", "Identifier",
                 "Recipient Identifier", "Student Email", "Login ID", "SIS Login ID"],
        .name: ["Full name", "Recipient Name", "Student", "Student Name", "Learner", "Earner Name", "Display Name"],
        .givenName: ["First Name", "Firstname", "Given Name", "Issued to First Name"],
        .familyName: ["Last Name", "Lastname", "Surname", "Family Name", "Issued to Last Name"],
        .achievementID: ["Achievement", "Badge", "Badge ID", "Badge Template ID", "Badge Class", "Course", "Course ID"],
        .issuedOn: ["Issued at", "Issued at date", "Issue Date", "Issued On", "Award Date", "Date Issued", "Completion Date"],
        .expiresOn: ["Expires at", "Expiration Date", "Expiry Date", "Expires", "Valid Until"],
        .narrative: ["Award Narrative", "Notes"],
        .evidenceURL: ["Evidence URL", "Evidence", "Evidence Link"],
        .evidenceNarrative: ["Evidence Narrative", "Evidence Description", "Text Evidence"],
        .result: ["Grade", "Score", "Final Grade", "Final Score", "Course Total", "Result Value"],
        .locale: ["Language", "Lang"],
        .learnerID: ["ID number", "ID", "SIS User ID", "Student ID", "User ID", "Issuer Earner ID", "Username"],
    ]

    /// A header folded for comparison: lower-cased, without spaces, `_`, `-` or `.`.
    static func folded(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { !" _-.\t".unicodeScalars.contains($0) })
    }

    /// Every folded name that means this field: its canonical name and its aliases.
    static let byFoldedName: [String: RosterField] = {
        var names: [String: RosterField] = [:]
        for field in RosterField.allCases {
            names[folded(field.rawValue)] = field
            for alias in aliases[field] ?? [] where names[folded(alias)] == nil { names[folded(alias)] = field }
        }
        return names
    }()
}

/// Which column of a roster holds which field.
public struct RosterColumns: Sendable, Equatable {
    /// Column index by field.
    public private(set) var index: [RosterField: Int] = [:]
    /// Headers that name no field, reported once, not fatal.
    public private(set) var unknown: [String] = []
    /// How many cells the header has: a row with more (filled) cells has a value with an unquoted comma.
    public private(set) var headerCount = 0

    /// Maps `header` to fields: `mapping` (their header → canonical field name) first, then
    /// canonical names and known aliases.
    ///
    /// - Throws: ``IssuerError`` (`.invalidRequest`) when a mapping names a field that does not
    ///   exist or a header that is not there, or two columns mean the same field.
    public init(header: [String], mapping: [String: String] = [:]) throws {
        headerCount = header.count
        var explicit: [String: RosterField] = [:]
        for (theirs, field) in mapping {
            guard let target = RosterField(rawValue: field) else {
                throw IssuerError(.invalidRequest, "the column mapping \"\(theirs)=\(field)\": \(field) is not a roster field (\(RosterField.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard header.contains(where: { RosterField.folded($0) == RosterField.folded(theirs) }) else {
                throw IssuerError(.invalidRequest, "the column mapping \"\(theirs)=\(field)\": the roster has no column \"\(theirs)\"")
            }
            explicit[RosterField.folded(theirs)] = target
        }
        for (n, name) in header.enumerated() {
            let folded = RosterField.folded(name)
            guard let field = explicit[folded] ?? (explicit.values.contains(where: { $0 == RosterField.byFoldedName[folded] }) ? nil : RosterField.byFoldedName[folded]) else {
                if !folded.isEmpty { unknown.append(name) }
                continue
            }
            if let earlier = index[field] {
                throw IssuerError(.invalidRequest, "columns \(earlier + 1) (\"\(header[earlier])\") and \(n + 1) (\"\(name)\") both give \(field.rawValue); keep one, or say which with a column mapping")
            }
            index[field] = n
        }
    }

    /// The value of `field` in `row`, trimmed (a byte order mark too); nil when the column is
    /// absent or the cell empty.
    public func value(_ field: RosterField, in row: [String]) -> String? {
        guard let column = index[field], column < row.count else { return nil }
        let value = row[column].trimmingWhitespace(byteOrderMark: true)
        return value.isEmpty ? nil : value
    }
}
