import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// Every message of the verifier comes from the catalogue, and every language has every message.
@Suite("Message catalogue")
struct CatalogueTests {
    @Test("English and Spanish have the same codes")
    func sameCodes() {
        let english = Set(VerificationMessages.english.keys)
        let spanish = Set(VerificationMessages.spanish.keys)
        #expect(english.subtracting(spanish).isEmpty, "Spanish lacks \(english.subtracting(spanish).sorted())")
        #expect(spanish.subtracting(english).isEmpty, "English lacks \(spanish.subtracting(english).sorted())")
    }

    @Test("every code a check uses is in the catalogue")
    func everyCodeUsed() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/CredentialVerifier").standardizedFileURL
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        var used: Set<String> = []
        // code: "x", StatusListProblem("x", …), ("x", .verdict) pairs: every way a check names its finding.
        let patterns = [#"code: "([a-z0-9_]+)""#, #"StatusListProblem\("([a-z0-9_]+)""#, #"\("([a-z0-9_]+)", \.[a-zA-Z]+\)"#,
                        #"\? "([a-z0-9]+_[a-z0-9_]+)" : "([a-z0-9]+_[a-z0-9_]+)""#]
        for file in files where !file.hasPrefix("VerificationMessages") {
            // Code, not the examples in documentation comments.
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
            for pattern in patterns {
                let regex = try NSRegularExpression(pattern: pattern)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    for group in 1..<match.numberOfRanges {
                        if let range = Range(match.range(at: group), in: text) { used.insert(String(text[range])) }
                    }
                }
            }
        }
        #expect(used.count > 60, "the scan found only \(used.count) codes")
        let missing = used.subtracting(VerificationMessages.english.keys)
        #expect(missing.isEmpty, "codes with no message: \(missing.sorted())")
    }

    @Test("every verdict has a headline and a one-sentence summary in each language, different from English")
    func verdicts() {
        for verdict in Verdict.allCases {
            #expect(VerificationMessages.verdict(verdict, language: .spanish) != VerificationMessages.verdict(verdict, language: .english))
            #expect(VerificationMessages.summary(verdict, language: .spanish) != VerificationMessages.summary(verdict, language: .english))
            for language in VerificationMessages.Language.allCases {
                #expect(VerificationMessages.summary(verdict, language: language).hasSuffix("."))
            }
        }
    }

    @Test("a report in Spanish: headline, summary and every check, a finding inside another rendered in Spanish too")
    func spanishReport() async throws {
        let fixture = try Fixture(.ed25519, issuerID: "https://example.edu/issuers/cc")
        let issued = try fixture.issue(.eddsaJcs2022)
        // The issuer's document is at hand, the status list is not: STATUS UNKNOWN with the nested reason.
        let resources = LocalResources(files: try fixture.workspace.publishedDocuments())
        let report = await Verifier(fetcher: resources).verify(try CredentialInput(bytes: issued.contents)).localized(.spanish)
        #expect(report.verdict == .statusUnknown)
        #expect(report.headline == "ESTADO DESCONOCIDO")
        #expect(report.summary.hasPrefix("No se pudo comprobar"))
        let status = try #require(report.result(of: .status))
        #expect(status.message.hasPrefix("estado de revocación desconocido"), "\(status.message)")
        #expect(!status.message.contains("status list"), "an English finding inside the Spanish one: \(status.message)")
        let json = try report.json()
        #expect(json["verdict"]?.stringValue == "ESTADO DESCONOCIDO")
        #expect(json["verdictCode"]?.stringValue == "status_unknown")
        #expect(json["language"]?.stringValue == "es")
    }

    @Test("languages from tags and locales")
    func languages() {
        #expect(VerificationMessages.Language(tag: "es-MX") == .spanish)
        #expect(VerificationMessages.Language(tag: "es_ES.UTF-8") == .spanish)
        #expect(VerificationMessages.Language(tag: "fr") == nil)
        #expect(VerificationMessages.Language.fromEnvironment(["LANG": "es_AR.UTF-8"]) == .spanish)
        #expect(VerificationMessages.Language.fromEnvironment(["LC_ALL": "C", "LANG": "es_AR.UTF-8"]) == .english)
        #expect(VerificationMessages.Language.fromEnvironment([:]) == .english)
    }
}
