import ArgumentParser
import CredentialIssuer
import CredentialKit
import CredentialVerifier
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a demo workspace, issue a CC Certificate credential and verify it.",
        discussion: """
            Uses Laurel's published demo key (never use it for real credentials). Everything \
            is written under DIR (default: a new directory in the system's temporary folder).
            """)

    @Argument(help: ArgumentHelp("Where to create the demo workspace (absent or empty).", valueName: "DIR"))
    var directory: String?

    func run() async throws {
        let dir = directory.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("laurel-demo-\(UInt32.random(in: 0...UInt32.max))")
        let key = DemoKeys.all[0]
        let workspace = try Workspace.create(at: dir, issuerName: "Creative Commons Certificate (demo)",
                                             issuerURL: "https://certificate.creativecommons.org", key: key, demo: true)
        Terminal.say("1. Created a demo workspace in \(dir.path)")
        Terminal.say("   issuer \(workspace.config.issuer.id)")

        let issuer = WorkspaceIssuer(workspace: workspace, allowDemoKey: true)
        let request = IssueRequest(achievementID: "cc-core", recipientName: "Ana María López Núñez",
                                   recipientEmail: "ana.lopez@example.org", result: "Completed",
                                   evidenceNarrative: "Final project: an openly licensed guide to CC licenses for a community library.")
        let (issued, url) = try issuer.issueAndWrite(request)
        Terminal.say("2. Issued \"Creative Commons Certificate: CORE\" to Ana María López Núñez (\(issued.format.rawValue))")
        Terminal.say("   \(url.path)")

        let published = try issuer.publishStatusLists()
        Terminal.say("3. Published its signed status lists (\(published.written.count)) in \(workspace.statusDirectory.path)")

        // Offline, as an employer given the files would: the status lists come from the workspace.
        let verifier = Verifier(fetcher: LocalResources(files: try workspace.publishedDocuments()))
        let report = try await verifier.verify(bytes: issued.contents)
        Terminal.say("4. Verified it: \(Terminal.paint(report.verdict.text, report.verified ? .green : .red))")
        for check in report.checks {
            Terminal.say("   \(check.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(check.check.rawValue): \(check.message)")
        }

        // What the learner shares: the badge, with the credential inside; checked the same way.
        let badge = try BadgeBakery(source: .achievementBadge, achievementIDs: ["cc-core"], workspace: workspace)
            .bake(issued.contents, achievementID: "cc-core", beside: url)
        let badgeReport = try await verifier.verify(bytes: [UInt8](try Data(contentsOf: badge)))
        Terminal.say("5. Baked it into the CORE badge: \(badge.path)")
        Terminal.say("   verified from the image: \(Terminal.paint(badgeReport.verdict.text, badgeReport.verified ? .green : .red))")

        let resources = try workspace.publishedDocuments().map { "--resource \($0.key)=\($0.value)" }.sorted().joined(separator: " ")
        Terminal.say("Try: laurel verify \(url.path) \(resources)")
        Terminal.say("     laurel verify \(badge.path) \(resources)")
        Terminal.say(" or: laurel revoke -w \(dir.path) \(issued.id) --reason \"Issued in error\"")
        if !report.verified || !badgeReport.verified { throw ExitCode(1) }
    }
}
