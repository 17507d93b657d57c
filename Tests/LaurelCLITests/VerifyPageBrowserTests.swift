import Foundation
import Testing

/// The verification page in a real browser: headless Chromium (Debian's `chromium`) driven by
/// `Scripts/browser-check.py` over the DevTools protocol against `laurel serve` on loopback.
@Suite("verification page in Chromium", .enabled(if: LaurelBinary.available && SystemPython.url != nil && Chromium.path != nil,
                                                 "needs the laurel executable, python3 and chromium (apt-get install chromium)"))
struct VerifyPageBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Scripts/browser-check.py").standardized
    /// Where the screenshots go: `.build/test-output/verify-page/`.
    static let screenshots = LaurelBinary.url.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("test-output/verify-page")

    struct PageState: Decodable {
        var verdict: String?
        var headline: String?
        var error: String?
        var lang: String
        var dir: String
        var checks: Int
        var image: Bool
        var claims: Int
        var focus: String?
    }

    @Test("an employer drops a valid and a revoked credential and reads VERIFIED and REVOKED, in English, Spanish and Arabic (right to left); a baked badge shows its image")
    func verdictsInThreeLanguages() async throws {
        let temp = try TemporaryDirectory()
        let ws = try await ServeCommandTests.makeWorkspace(temp, issuerName: "Universidad de Ejemplo")
        func issue(_ name: String, _ email: String, bake: Bool = false) async throws -> (id: String, file: String, badge: String?) {
            try await ServeCommandTests.issue(in: ws, name: name, email: email, bake: bake)
        }
        let valid = try await issue("Ana María López", "ana@example.org", bake: true)
        let revoked = try await issue("محمد الأحمد", "mohammed@example.org")
        #expect(try await LaurelBinary.run(["revoke", "-w", ws, revoked.id, "--reason", "Issued in error"]).status == 0)

        let server = try await ServeCommandTests.RunningServer.start(["-w", ws])
        let page = "http://127.0.0.1:\(server.port)/verify"
        let headlines = ["en": ("VERIFIED", "REVOKED"), "es": ("VERIFICADA", "REVOCADA"), "ar": ("تم التحقق", "ملغاة")]
        for language in ["en", "es", "ar"] {
            let good = try await Self.run(page + "?lang=\(language)", file: valid.file, screenshot: "\(language)-verified.png")
            #expect(good.verdict == "verified", "\(language): \(good)")
            #expect(good.headline == headlines[language]?.0, "\(language): \(good)")
            #expect(good.lang == language)
            #expect(good.dir == (language == "ar" ? "rtl" : "ltr"))
            // format, proof, issuer key, validity, not revoked, not suspended, trust
            #expect(good.checks == 7)
            #expect(good.focus == "H2", "the verdict should take the focus")
            let bad = try await Self.run(page + "?lang=\(language)", file: revoked.file, screenshot: "\(language)-revoked.png")
            #expect(bad.verdict == "revoked", "\(language): \(bad)")
            #expect(bad.headline == headlines[language]?.1, "\(language): \(bad)")
            for shot in ["\(language)-verified.png", "\(language)-revoked.png"] {
                let bytes = try Data(contentsOf: Self.screenshots.appendingPathComponent(shot))
                #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 10_000, "\(shot) is not a screenshot")
            }
        }
        let badge = try #require(valid.badge, "issue --bake wrote no badge")
        let baked = try await Self.run(page, file: badge, screenshot: "en-baked-badge.png")
        #expect(baked.verdict == "verified", "\(baked)")
        #expect(baked.image, "the baked badge's image is not shown")
        #expect(baked.claims >= 4)

        // A forger's credential naming an issuer whose key cannot be had: its claims are not shown.
        var forged = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: valid.file))) as? [String: Any])
        forged["issuer"] = ["id": "https://registrar.invalid/issuer", "type": ["Profile"], "name": "Harvard University"]
        var proof = try #require(forged["proof"] as? [String: Any])
        proof["verificationMethod"] = "https://registrar.invalid/issuer#key-1"
        forged["proof"] = proof
        let forgedFile = temp.path("forged.json")
        try JSONSerialization.data(withJSONObject: forged).write(to: URL(fileURLWithPath: forgedFile))
        let unchecked = try await Self.run(page, file: forgedFile, screenshot: "en-unverifiable.png")
        #expect(unchecked.verdict != "verified" && unchecked.verdict != nil, "\(unchecked)")
        #expect(unchecked.claims == 0 && !unchecked.image, "a forger's claims are shown: \(unchecked)")
        #expect(await server.stop() == 0)
    }

    /// Runs the browser script (on a thread of its own: it takes seconds) and reads what it saw.
    static func run(_ url: String, file: String, screenshot: String) async throws -> PageState {
        try await ServeCommandTests.onOwnThread { try runBlocking(url, file: file, screenshot: screenshot) }
    }

    static func runBlocking(_ url: String, file: String, screenshot: String) throws -> PageState {
        let process = Process()
        guard let python = SystemPython.url else { throw BrowserFailure(message: "no python3") }
        process.executableURL = python
        process.arguments = [script.path, url, file, screenshots.appendingPathComponent(screenshot).path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let state = try? JSONDecoder().decode(PageState.self, from: data) else {
            throw BrowserFailure(message: "browser-check.py printed no state (exit \(process.terminationStatus)): \(String(decoding: data, as: UTF8.self)) \(errors)")
        }
        return state
    }

    struct BrowserFailure: Error, CustomStringConvertible { var message: String; var description: String { message } }
}

/// Debian's Chromium, when installed.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}
