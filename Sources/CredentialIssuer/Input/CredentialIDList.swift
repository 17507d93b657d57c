import CSV
import Foundation

/// A list of credential ids read from a CSV file — say, the rows of a spreadsheet of
/// credentials to revoke.
///
/// The file is RFC 4180 CSV (quoted fields with commas, quotes and line breaks inside them; CRLF
/// or LF), UTF-8 with or without a byte order mark. The ids are the `id` (or `credential_id`)
/// column when a header names one, else the first column of every row.
public enum CredentialIDList {
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - source: how to name the file in errors.
    /// - Throws: ``IssuerError`` (`.invalidRequest`) for a file that is not UTF-8 or not CSV, is
    ///   empty, or has a row without an id, naming the row.
    public static func read(_ bytes: [UInt8], source: String) throws -> [String] {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw IssuerError(.invalidRequest, "\(source) is not UTF-8 text; save it as CSV UTF-8")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: true)
        } catch {
            throw IssuerError(.invalidRequest, "\(source) is not CSV: \(error)")
        }
        var rows: [[String]] = []
        while let row = reader.next() {
            if row.allSatisfy(\.isEmpty) { continue }
            rows.append(row)
        }
        if let error = reader.error {
            throw IssuerError(.invalidRequest, "\(source) could not be read as CSV after row \(rows.count): \(error)")
        }
        guard let header = rows.first else { throw IssuerError(.invalidRequest, "\(source) is empty") }
        let column = header.firstIndex { ["id", "credential_id"].contains($0.lowercased()) }
        let dataRows = column == nil ? rows[...] : rows.dropFirst()
        var ids: [String] = []
        for (offset, row) in dataRows.enumerated() {
            let index = column ?? 0
            let value = row.indices.contains(index) ? row[index] : ""
            guard !value.isEmpty else {
                throw IssuerError(.invalidRequest, "\(source), row \(offset + (column == nil ? 1 : 2)): no credential id in column \(index + 1)")
            }
            ids.append(value)
        }
        return ids
    }
}
