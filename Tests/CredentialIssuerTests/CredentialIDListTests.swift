import CredentialIssuer
import Foundation
import Testing

@Suite("Credential id lists")
struct CredentialIDListTests {
    static func read(_ text: String) throws -> [String] {
        try CredentialIDList.read(Array(text.utf8), source: "list.csv")
    }

    @Test("quoted fields with commas, quotes and line breaks, CRLF, a BOM, the id column anywhere")
    func realCSV() throws {
        let csv = "\u{FEFF}learner,id,note\r\n\"López, Ana\",urn:uuid:1,\"said \"\"hi\"\"\r\non two lines\"\r\nBo,urn:uuid:2,\r\n"
        #expect(try Self.read(csv) == ["urn:uuid:1", "urn:uuid:2"])
        #expect(try Self.read("urn:uuid:1\nurn:uuid:2\n") == ["urn:uuid:1", "urn:uuid:2"])
        #expect(try Self.read("credential_id\n\"urn:uuid:3\"\n") == ["urn:uuid:3"])
    }

    @Test("not UTF-8, empty, or a row without an id: refused, naming the row")
    func refused() throws {
        #expect(throws: IssuerError.self) { try CredentialIDList.read([0x69, 0x64, 0x0a, 0xE9, 0x0a], source: "latin1.csv") }
        #expect(throws: IssuerError.self) { try Self.read("") }
        let error = #expect(throws: IssuerError.self) { try Self.read("id,name\nurn:uuid:1,A\n,B\n") }
        #expect(error?.reason.contains("row 3") == true, "\(error?.reason ?? "")")
    }
}
