import Testing
@testable import CredentialKit

@Suite("JSONRobustness")
struct JSONRobustnessTests {
    static let seedDocument = Array("""
        {"@context":["https://www.w3.org/ns/credentials/v2",{"ex":"https://example.org/#"}],
         "id":"urn:uuid:1","type":["VerifiableCredential","OpenBadgeCredential"],
         "issuer":{"id":"did:example:1","name":"Ex\\u00e9mple \\ud83d\\ude00 é"},
         "validFrom":"2026-01-01T00:00:00Z","n":[0,-0.5,1e21,12345678901234567890,true,false,null],
         "credentialSubject":{"achievement":{"name":"Swift","criteria":{"narrative":"line\\nbreak"}}}}
        """.utf8)

    @Test("Random mutations of a valid document parse or throw a CredentialKitError, never crash")
    func mutationsNeverCrash() throws {
        var generator = SeededGenerator(seed: 0xF022)
        let interesting: [UInt8] = Array("{}[]\",:\\-+.eE0123456789tfnu \t\n".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xED, 0xEF, 0xF4, 0xF5, 0xFF]
        var accepted = 0
        for _ in 0..<10_000 {
            var bytes = Self.seedDocument
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                mutate(&bytes, interesting: interesting, using: &generator)
            }
            do {
                let value = try JSONParser.parse(bytes)
                accepted += 1
                #expect(try JSONParser.parse(value.serialized()) == value)
            } catch let error as CredentialKitError {
                #expect(error.reason.contains("byte offset"))
            }
        }
        #expect(accepted > 0)
    }

    @Test("Truncating a valid document at every byte never crashes")
    func everyTruncation() {
        for length in 0..<Self.seedDocument.count {
            #expect(throws: CredentialKitError.self) { try JSONParser.parse(Self.seedDocument[..<length]) }
        }
        #expect(throws: Never.self) { try JSONParser.parse(Self.seedDocument) }
    }

    @Test("Random bytes never crash the parser")
    func randomBytes() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            do {
                _ = try JSONParser.parse(bytes)
            } catch {
                #expect(error is CredentialKitError)
            }
        }
    }

    private func mutate(_ bytes: inout [UInt8], interesting: [UInt8], using generator: inout SeededGenerator) {
        guard !bytes.isEmpty else { return }
        let index = Int.random(in: 0..<bytes.count, using: &generator)
        let byte = interesting.randomElement(using: &generator) ?? 0
        switch Int.random(in: 0..<5, using: &generator) {
        case 0: bytes[index] = byte
        case 1: bytes.insert(byte, at: index)
        case 2: bytes.remove(at: index)
        case 3: bytes[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &generator)
        default:
            let end = min(bytes.count, index + Int.random(in: 1...16, using: &generator))
            bytes.insert(contentsOf: bytes[index..<end], at: Int.random(in: 0...bytes.count, using: &generator))
        }
    }
}
