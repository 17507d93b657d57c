import Foundation
import Testing

/// The embedders' examples (Examples/), built against the public API only, do what the articles
/// say: one issues a cohort from code, the other verifies what it issued.
@Suite("examples", .enabled(if: LaurelBinary.available, "the executables were not built next to the tests"))
struct ExamplesTests {
    @Test("IssueCredentialsExample issues a cohort (one bad row failing alone); VerifyCredentialExample verifies each")
    func issueThenVerify() async throws {
        let temp = try TemporaryDirectory()
        let issued = try await LaurelBinary.run([temp.path("out")], executable: "IssueCredentialsExample")
        #expect(issued.status == 0, "\(issued.stdout)\(issued.stderr)")
        #expect(issued.stdout.components(separatedBy: "\nissued ").count + (issued.stdout.hasPrefix("issued ") ? 0 : -1) == 2, "\(issued.stdout)")
        #expect(issued.stdout.contains("not issued to Bo"))
        let files = temp.listing("out").filter { $0.hasSuffix(".json") && !$0.contains("/") }
        #expect(files.count == 2)
        for file in files {
            let verified = try await LaurelBinary.run([temp.path("out/" + file), "--offline"], executable: "VerifyCredentialExample")
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
            #expect(verified.stdout.contains("verdict: verified"))
            #expect(verified.stdout.contains("Universidad de Ejemplo awarded \"Introduction to Open Educational Resources\""))
        }
        // Changed after issuing: the same program says so.
        let first = temp.path("out/" + files[0])
        let text = try String(contentsOfFile: first, encoding: .utf8).replacingOccurrences(of: "Completed", with: "Distinction")
        try text.write(toFile: first, atomically: true, encoding: .utf8)
        let tampered = try await LaurelBinary.run([first, "--offline"], executable: "VerifyCredentialExample")
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("verdict: tampered"), "\(tampered.stdout)")
    }
}
