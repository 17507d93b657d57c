import CredentialIssuer
import CredentialKit
import CredentialVerifier
import Foundation
import Testing

/// The libraries speak to any app that embeds them: their messages name no command-line flag
/// (the command line adds its own advice from error codes).
@Suite("Library vocabulary")
struct LibraryVocabularyTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    @Test("no string in CredentialKit, CredentialVerifier or CredentialIssuer names a command-line flag")
    func noFlags() throws {
        var found: [String] = []
        for target in ["CredentialKit", "CredentialVerifier", "CredentialIssuer"] {
            let root = Self.sources.appendingPathComponent(target)
            let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
            #expect(!files.isEmpty, "no sources under \(root.path)")
            for file in files {
                let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
                for (n, line) in lines.enumerated() {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    if code.hasPrefix("//") { continue }
                    // A flag inside a string literal: a quote, then anything, then --letter.
                    if code.range(of: #""[^"]*--[a-z]"#, options: .regularExpression) != nil {
                        found.append("\(file.lastPathComponent):\(n + 1): \(code.prefix(120))")
                    }
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }

    @Test("every library error has one shape: a stable code and a reason")
    func oneShape() {
        let errors: [any LaurelError] = [
            CredentialKitError(.malformedJSON, "x"), IssuerError(.unknownAchievement, "y"),
            ResourceError(.timedOut, url: "https://a.example", "z"), KeyResolutionError.notListed("w"),
        ]
        #expect(errors.map(\.errorCode) == ["malformedJSON", "unknownAchievement", "timed out", "notListed"])
        #expect(errors.map(\.reason) == ["x", "y", "z", "w"])
    }
}
