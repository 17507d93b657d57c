import CredentialKit
import CredentialVerifier
import Foundation
import Hummingbird
import Testing
@testable import CredentialServer

@Suite("verification page")
struct VerifyPageTests {
    @Test("every language has every English string, and no string English lacks")
    func catalogueComplete() {
        let keys = Set(VerifyPageCatalogue.english.keys)
        for language in VerifyPageCatalogue.languages {
            let strings = VerifyPageCatalogue.messages[language] ?? [:]
            let missing = keys.subtracting(strings.keys)
            let extra = Set(strings.keys).subtracting(keys)
            #expect(missing.isEmpty, "\(language) lacks \(missing.sorted())")
            #expect(extra.isEmpty, "\(language) has strings English lacks: \(extra.sorted())")
            #expect(strings.values.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty }, "\(language) has an empty string")
            #expect(VerifyPageCatalogue.names[language] != nil)
        }
    }

    @Test("the script asks only for strings the catalogue has: every verdict, check and check status included")
    func scriptKeysExist() throws {
        var asked = Set<String>()
        let script = VerifyPage.javascript
        let pattern = try Regex(#"say\("([A-Za-z.]+)"\)"#)
        for match in script.matches(of: pattern) { asked.insert(String(match.output[1].substring ?? "")) }
        #expect(asked.count >= 8, "found \(asked)")
        for verdict in Verdict.allCases { asked.formUnion(["verdict.\(verdict.rawValue)", "verdict.\(verdict.rawValue).explain"]) }
        for status in [CheckStatus.pass, .fail, .warn, .unknown, .skipped] { asked.insert("status.\(status.rawValue)") }
        for check in [CheckName.format, .proof, .issuerKey, .validity, .status, .trust] { asked.insert("check.\(check.rawValue)") }
        let missing = asked.subtracting(VerifyPageCatalogue.english.keys)
        #expect(missing.isEmpty, "the script asks for \(missing.sorted())")
    }

    @Test("the page's language: ?lang= first, then the browser's Accept-Language, else English", arguments: [
        (nil, "es-MX,es;q=0.9,en;q=0.8", "es"), (nil, "fr-FR, ar;q=0.7, en;q=0.5", "ar"), (nil, "de", "en"), (nil, nil, "en"),
        ("ar", "es", "ar"), ("xx", "es", "es"), (nil, "en;q=0.2, es;q=0.9", "es"), (nil, "es;q=0", "en"),
    ] as [(String?, String?, String)])
    func languageChoice(requested: String?, accept: String?, expected: String) {
        #expect(VerifyPageCatalogue.language(requested: requested, acceptLanguage: accept) == expected)
    }

    @Test("/ redirects to /verify; /verify is served in the browser's language, Arabic right to left, with a policy that keeps it to itself")
    func served() async throws {
        let temp = try TemporaryDirectory()
        let (workspace, _) = try LaurelServerTests.setUp(temp)
        try await LaurelServerTests.withClient(LaurelServerTests.server(workspace)) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/verify")
            }
            try await client.execute(uri: "/verify", method: .get, headers: [.acceptLanguage: "es-ES,es;q=0.9"]) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                #expect(page.contains("<html lang=\"es\" dir=\"ltr\">"))
                #expect(page.contains("<h1>Verificar una credencial</h1>"))
                #expect(page.contains("aria-live=\"polite\""))
                #expect(page.contains("<label for=\"file\""))
            }
            try await client.execute(uri: "/verify?lang=ar", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("<html lang=\"ar\" dir=\"rtl\">"))
                #expect(page.contains("التحقق من شهادة"))
            }
            for asset in ["/assets/verify.css", "/assets/verify.js"] {
                try await client.execute(uri: asset, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.body.readableBytes > 500)
                }
            }
        }
    }

    @Test("catalogue text is escaped into the page: nothing in a string can end the script element")
    func escaping() throws {
        #expect(VerifyPage.escape("<b>\"x\" & 'y'</b>") == "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;")
        let json = VerifyPage.catalogueJSON(["x": "</script><script>alert(1)</script>"])
        #expect(!json.contains("<"))
        let parsed = try JSONParser.parse(Array(json.utf8))
        #expect(parsed["x"] == "</script><script>alert(1)</script>")
    }
}

@Suite("multipart search")
struct MultipartSearchTests {
    @Test("the linear search finds what a naive one finds", arguments: 0..<200)
    func matchesNaive(seed: Int) {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x2d, 0x2d, 0x61, 0x0d, 0x0a]
        let haystack = (0..<Int.random(in: 0...300, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        let needle = (0..<Int.random(in: 1...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
        let start = Int.random(in: 0...max(0, haystack.count), using: &generator)
        var naive: Int?
        if haystack.count >= needle.count, start <= haystack.count - needle.count {
            naive = (start...(haystack.count - needle.count)).first { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
        }
        #expect(UploadedCredential.firstIndex(of: needle, in: haystack, from: start) == naive, "\(haystack) \(needle) \(start)")
    }
}
