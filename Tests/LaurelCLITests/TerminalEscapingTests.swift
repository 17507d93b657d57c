import Foundation
import Testing
@testable import LaurelCLI

/// Values from input never reach a terminal raw: escape sequences, bidirectional overrides and
/// invisible characters are shown escaped in text output; `--json` keeps them exact.
@Suite("Terminal escaping")
struct TerminalEscapingTests {
    static let hostile = "Evil\u{1B}[1A\u{1B}[2K✓ trust\u{202E}gpj.exe\u{200B}\u{07}\n"

    @Test("escaped() shows every dangerous character as a visible escape and leaves other text alone")
    func escaping() {
        #expect(Terminal.escaped(Self.hostile) == "Evil\\u{1B}[1A\\u{1B}[2K✓ trust\\u{202E}gpj.exe\\u{200B}\\u{7}\\n")
        #expect(Terminal.escaped("Ana María López · 李明 · प्रिया · مريم") == "Ana María López · 李明 · प्रिया · مريم")
        #expect(Terminal.escaped("\u{9B}31m\u{7F}\t\r") == "\\u{9B}31m\\u{7F}\\t\\r")
    }

    @Test("interpolated values are escaped; literal text and colours are Laurel's own")
    func lines() {
        let name = "x\u{1B}[2J"
        let line: Terminal.Line = "Issued to \(name) (\(3) files)"
        #expect(line.text == "Issued to x\\u{1B}[2J (3 files)")
    }

    @Test("a credential whose issuer name carries escape sequences prints them escaped; --json keeps them exact",
          .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"))
    func throughTheBinary() async throws {
        let temp = try TemporaryDirectory()
        let made = try await LaurelBinary.run(["init", temp.path("ws"), "--issuer-name", Self.hostile])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(!made.stdout.contains("\u{1B}") && !made.stdout.contains("\u{202E}"))
        let issued = try await LaurelBinary.run(["issue", "-w", temp.path("ws"), "--achievement", "cc-core", "--recipient-name",
                                                 "Ana\u{1B}[31m", "--recipient-email", "ana@example.org", "-o", temp.path("c.json")])
        #expect(issued.status == 0, "\(issued.stderr)")
        #expect(!issued.stdout.contains("\u{1B}"))

        let text = try await LaurelBinary.run(["verify", temp.path("c.json")])
        #expect(text.status == 0, "\(text.stdout)")
        #expect(!text.stdout.contains("\u{1B}") && !text.stdout.contains("\u{202E}") && !text.stdout.contains("\u{200B}"))
        #expect(text.stdout.contains("Evil\\u{1B}[1A"))

        let json = try await LaurelBinary.run(["verify", temp.path("c.json"), "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["issuerName"] as? String == Self.hostile.trimmingCharacters(in: .whitespacesAndNewlines))

        let refused = try await LaurelBinary.run(["verify", temp.path("no\u{1B}[2Jsuch.json")])
        #expect(refused.status == 2)
        #expect(!refused.stderr.contains("\u{1B}") && refused.stderr.contains("no\\u{1B}[2Jsuch.json"))
    }
}
