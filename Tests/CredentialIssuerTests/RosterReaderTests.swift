import CredentialIssuer
import Foundation
import Testing

@Suite("Roster reading")
struct RosterReaderTests {
    static func write(_ bytes: [UInt8], _ temp: TemporaryDirectory, _ name: String = "roster.csv") throws -> URL {
        let url = temp.path(name)
        try Data(bytes).write(to: url)
        return url
    }

    static func rows(_ reader: RosterReader) throws -> [(Int, [String])] {
        var rows: [(Int, [String])] = []
        while let row = try reader.next() { rows.append((row.number, row.cells)) }
        return rows
    }

    @Test("quoted commas, quotes and line breaks, CRLF, a BOM; rows numbered with the header as row 1")
    func rfc4180() throws {
        let temp = try TemporaryDirectory()
        let text = "name,email,narrative\r\n\"López, Ana\",ana@example.org,\"said \"\"hi\"\"\r\non two lines\"\r\n\r\nأحمد,ahmed@example.org,\r\n"
        let reader = try RosterReader(url: try Self.write([0xEF, 0xBB, 0xBF] + Array(text.utf8), temp))
        #expect(reader.header == ["name", "email", "narrative"])
        let rows = try Self.rows(reader)
        #expect(rows.map(\.0) == [2, 4])
        #expect(rows[0].1 == ["López, Ana", "ana@example.org", "said \"hi\"\r\non two lines"])
        #expect(rows[1].1[0] == "أحمد")
    }

    @Test("semicolon-separated files (European Excel) are detected")
    func semicolons() throws {
        let temp = try TemporaryDirectory()
        let reader = try RosterReader(url: try Self.write(Array("Vorname;Nachname;E-Mail\nJürgen;Groß;j@example.de\n".utf8), temp))
        #expect(reader.delimiter == ";")
        #expect(try Self.rows(reader).first?.1 == ["Jürgen", "Groß", "j@example.de"])
    }

    @Test("a Windows-1252 export is refused, naming the first bad row and how to re-save it")
    func notUTF8() throws {
        let temp = try TemporaryDirectory()
        // "José" in Windows-1252 on row 3.
        let bytes = Array("name,email\nAna,ana@example.org\nJos".utf8) + [0xE9] + Array(",jose@example.org\n".utf8)
        let url = try Self.write(bytes, temp)
        let error = #expect(throws: IssuerError.self) { _ = try RosterReader(url: url) }
        #expect(error?.reason.contains("row 3") == true, "\(error?.reason ?? "")")
        #expect(error?.reason.contains("UTF-8") == true)
    }

    @Test("headers of Credly, Badgr and Moodle exports are known; --map names others; unknown columns are listed")
    func columns() throws {
        let credly = try RosterColumns(header: ["Badge Template ID", "Recipient Email", "First Name", "Last Name", "Issued at date", "Country"])
        #expect(credly.index[.achievementID] == 0 && credly.index[.email] == 1 && credly.index[.givenName] == 2)
        #expect(credly.index[.familyName] == 3 && credly.index[.issuedOn] == 4)
        #expect(credly.unknown == ["Country"])
        let moodle = try RosterColumns(header: ["First name", "Surname", "ID number", "Email address"])
        #expect(moodle.index[.email] == 3 && moodle.index[.learnerID] == 2)
        let mapped = try RosterColumns(header: ["Teilnehmer", "Mail"], mapping: ["Teilnehmer": "name", "Mail": "email"])
        #expect(mapped.index[.name] == 0 && mapped.index[.email] == 1)
        #expect(throws: IssuerError.self) { try RosterColumns(header: ["a"], mapping: ["a": "nonsense"]) }
        #expect(throws: IssuerError.self) { try RosterColumns(header: ["email", "E-mail"]) }
    }
}
