import CSV
import Foundation

/// Reads a roster CSV a row at a time, never the whole file: RFC 4180 (quoted fields holding
/// commas, quotes and line breaks; CRLF or LF), UTF-8 with or without a byte order mark, comma-
/// or semicolon-separated (European Excel), detected from the header or given.
public final class RosterReader {
    /// The header row's cells.
    public let header: [String]
    /// The field separator in use.
    public let delimiter: UnicodeScalar
    private let reader: CSVReader
    private let source: String
    /// The number of the row last read, the header being row 1.
    public private(set) var rowNumber = 1

    /// - Parameters:
    ///   - url: the roster file.
    ///   - delimiter: `,` or `;`; nil detects it from the header line.
    /// - Throws: ``IssuerError`` (`.invalidRequest`) for a file that cannot be opened, is empty,
    ///   or is not UTF-8 in its header.
    public init(url: URL, delimiter: UnicodeScalar? = nil) throws {
        source = url.path
        guard let stream = InputStream(url: url), FileManager.default.isReadableFile(atPath: url.path) else {
            throw IssuerError(.invalidRequest, "the roster \(url.path) cannot be read")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw IssuerError(.invalidRequest, "the roster \(url.path) is a directory, not a CSV file")
        }
        // One streaming pass first, so a file that is not UTF-8 text, or whose quotes do not
        // close, is refused before any row is used, naming the row.
        switch try Self.scan(url) {
        case nil: break
        case .notUTF8(let row)?: throw Self.notUTF8(url.path, row: row)
        case .utf16?:
            throw IssuerError(.invalidRequest,
                "the roster \(url.path) is UTF-16 text (\"Unicode Text\" in Excel); save it again as \"CSV UTF-8 (Comma delimited)\"")
        case .nul(let row)?:
            throw IssuerError(.invalidRequest,
                "the roster \(url.path) holds a NUL byte in row \(row), which no text does: it is probably UTF-16 or not a CSV file; save it again as \"CSV UTF-8 (Comma delimited)\"")
        case .unclosedQuote(let row)?:
            throw IssuerError(.invalidRequest,
                "the roster \(url.path) has a double quote opened in row \(row) that never closes, so every row after it would be read as part of one cell; close the quote (or double a quote inside a quoted value: \"\"\")")
        }
        let chosen = try delimiter ?? Self.detectDelimiter(url)
        self.delimiter = chosen
        do {
            reader = try CSVReader(stream: stream, codecType: UTF8.self, hasHeaderRow: false, trimFields: false, delimiter: chosen)
        } catch {
            throw IssuerError(.invalidRequest, "the roster \(url.path) cannot be read as CSV: \(error)")
        }
        guard let first = reader.next() else {
            if reader.error != nil { throw Self.notUTF8(url.path, row: 1) }
            throw IssuerError(.invalidRequest, "the roster \(url.path) is empty")
        }
        header = first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// The next data row (its cells) and its number, or nil at the end.
    ///
    /// - Throws: ``IssuerError`` naming the row when the file stops being UTF-8 (a Windows-1252
    ///   export from Excel) or stops being CSV.
    public func next() throws -> (number: Int, cells: [String])? {
        while let row = reader.next() {
            rowNumber += 1
            if row.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
            return (rowNumber, row)
        }
        switch reader.error {
        case nil, CSVError.cannotReadFile?:
            return nil  // the reader reports the end of the stream as cannotReadFile
        case CSVError.unicodeDecoding?:
            throw Self.notUTF8(source, row: rowNumber + 1)
        case let error?:
            throw IssuerError(.invalidRequest, "the roster \(source) cannot be read after row \(rowNumber): \(error)")
        }
    }

    static func notUTF8(_ path: String, row: Int) -> IssuerError {
        IssuerError(.invalidRequest,
            "the roster \(path) is not UTF-8 text (row \(row) has bytes that are not): it was probably saved by Excel as \"CSV\" in a Windows encoding; save it again as \"CSV UTF-8 (Comma delimited)\" (Excel) or with the encoding set to UTF-8 (LibreOffice, Google Sheets download as CSV is UTF-8 already)")
    }

    /// What the streaming pass over a roster can find wrong.
    enum ScanProblem: Equatable {
        /// The first byte that is not UTF-8 is in this row (the header being row 1).
        case notUTF8(row: Int)
        /// A UTF-16 byte order mark.
        case utf16
        /// A NUL byte, in this row.
        case nul(row: Int)
        /// A quoted value opened in this row runs to the end of the file.
        case unclosedQuote(row: Int)
    }

    /// Reads the file in chunks and finds the first problem, or nil when the whole file is UTF-8
    /// text whose quotes close; line breaks inside quotes do not end a row.
    static func scan(_ url: URL) throws -> ScanProblem? {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw IssuerError(.invalidRequest, "the roster \(url.path) cannot be read")
        }
        defer { try? handle.close() }
        var row = 1, quoted = false, quoteRow = 1, start = true
        var pending = 0                      // continuation bytes still expected
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // the range of the next continuation byte
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            if start {
                start = false
                if chunk.starts(with: [0xFF, 0xFE]) || chunk.starts(with: [0xFE, 0xFF]) { return .utf16 }
            }
            for byte in chunk {
                if pending > 0 {
                    guard byte >= low && byte <= high else { return .notUTF8(row: row) }
                    pending -= 1
                    (low, high) = (0x80, 0xBF)
                    continue
                }
                switch byte {
                case 0x00: return .nul(row: row)
                case 0x01...0x7F:
                    if byte == UInt8(ascii: "\"") {
                        quoted.toggle()
                        if quoted { quoteRow = row }
                    } else if byte == 0x0A && !quoted {
                        row += 1
                    }
                case 0xC2...0xDF: pending = 1
                case 0xE0: (pending, low) = (2, 0xA0)
                case 0xED: (pending, high) = (2, 0x9F)
                case 0xE1...0xEF: pending = 2
                case 0xF0: (pending, low) = (3, 0x90)
                case 0xF4: (pending, high) = (3, 0x8F)
                case 0xF1...0xF3: pending = 3
                default: return .notUTF8(row: row)
                }
            }
        }
        if pending > 0 { return .notUTF8(row: row) }
        return quoted ? .unclosedQuote(row: quoteRow) : nil
    }

    /// `;` when the header line has more semicolons than commas outside quotes, else `,`.
    static func detectDelimiter(_ url: URL) throws -> UnicodeScalar {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw IssuerError(.invalidRequest, "the roster \(url.path) cannot be read")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64 << 10)) ?? Data()
        var commas = 0, semicolons = 0, quoted = false
        for byte in head {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if quoted { continue }
            if byte == 0x0a || byte == 0x0d { break }
            if byte == UInt8(ascii: ",") { commas += 1 }
            if byte == UInt8(ascii: ";") { semicolons += 1 }
        }
        return semicolons > commas ? ";" : ","
    }
}
