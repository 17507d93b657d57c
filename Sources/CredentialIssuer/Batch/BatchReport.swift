import Foundation

/// The files a batch leaves for the staff: `report.csv` (every row's outcome) and a mail-merge
/// CSV (who gets which file) for their own mail tool.
public enum BatchReport {
    /// `row,status,column,message,credential_id,file`, one line per roster row.
    public static func reportCSV(_ summary: BatchSummary) -> [UInt8] {
        var lines = [["row", "status", "column", "message", "credential_id", "file"]]
        for report in summary.reports {
            lines.append([String(report.row), report.status.rawValue, report.column ?? "", report.message,
                          report.credentialID ?? "", report.file ?? ""])
        }
        return csv(lines)
    }

    /// `name,email,locale,file` (and `badge_file` when the batch baked badges) for every learner
    /// whose credential is issued (now or before); `locale` is the language the credential is in,
    /// for choosing the e-mail's language.
    public static func mailMergeCSV(_ summary: BatchSummary) -> [UInt8] {
        let baked = summary.reports.contains { $0.badgeFile != nil }
        var lines = [["name", "email", "locale", "file"] + (baked ? ["badge_file"] : [])]
        for report in summary.reports where (report.status == .issued || report.status == .alreadyIssued) && report.file != nil {
            lines.append([report.name ?? "", report.email ?? "", report.language ?? report.locale ?? "", report.file ?? ""]
                         + (baked ? [report.badgeFile ?? ""] : []))
        }
        return csv(lines)
    }

    /// RFC 4180, CRLF line ends, every field quoted when it needs it; a field a spreadsheet would
    /// run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is
    /// prefixed with `'`, so a learner's name can never become a formula in the staff's sheet.
    static func csv(_ lines: [[String]]) -> [UInt8] {
        var text = ""
        for line in lines {
            text += line.map(field).joined(separator: ",") + "\r\n"
        }
        return Array(text.utf8)
    }

    static func field(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
