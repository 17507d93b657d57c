import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

struct EndorseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endorse",
        abstract: "Sign an endorsement of another issuer's achievement or profile (an OB 3.0 EndorsementCredential).",
        discussion: """
            The endorsement is signed by this workspace's issuer and names what it endorses by \
            its id. The achievement's issuer carries it in the achievement's "endorsement" list, \
            so every credential issued for the achievement shows it, and `laurel verify` checks it \
            by the endorser's key. With --attach, when the achievement is one of this workspace's \
            own issuers' (a partner university added with `laurel issuer add`), it is added there at once.

            Examples:
              laurel endorse -w cc-workspace --subject https://example.edu/achievements/intro-oer \\
                --comment "Meets the Creative Commons Certificate standard for open education" -o endorsement.json
              laurel endorse -w cc-workspace --subject https://example.edu/achievements/intro-oer --comment "…" --attach
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var issuerOptions: IssuerOptions

    @Option(help: ArgumentHelp("The id of the achievement or issuer profile endorsed (an https URL, a DID or a urn:).", valueName: "ID"))
    var subject: String

    @Option(help: ArgumentHelp("What the endorser says about it (its endorsementComment).", valueName: "TEXT"))
    var comment: String?

    @Option(help: ArgumentHelp("The proof: \(ProofFormat.allCases.map(\.rawValue).joined(separator: ", ")). Default: the workspace's.", valueName: "FORMAT"))
    var proof: ProofFormat?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the endorsement to this new file.", valueName: "FILE"))
    var out: String?

    @Flag(help: "Add the endorsement to the achievement with that id among this workspace's issuers.")
    var attach = false

    @OptionGroup var passphraseOptions: PassphraseOptions
    @OptionGroup var demoKeyOptions: DemoKeyOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if out == nil && !attach { throw ValidationError("say where the endorsement goes: -o FILE, --attach, or both") }
    }

    func run() throws {
        let workspace = try issuerOptions.open(workspaceOptions)
        if let out { try AtomicFile.checkWritable(URL(fileURLWithPath: out)) }
        let issuer = WorkspaceIssuer(workspace: workspace, passphrase: try passphraseOptions.passphrase(),
                                     allowDemoKey: demoKeyOptions.allows(workspace))
        let endorsement = try issuer.endorse(subjectID: subject, comment: comment, proof: proof)
        if let out { try AtomicFile.write(endorsement.contents, to: URL(fileURLWithPath: out)) }
        let attached = attach ? try workspace.attachEndorsement(endorsement.embeddable, subjectID: subject.trimmingCharacters(in: .whitespacesAndNewlines)) : []
        if output.json {
            var answer: JSONObject = ["id": .string(endorsement.id), "endorser": .string(workspace.config.issuer.id),
                                      "subject": .string(subject)]
            if let out { answer["file"] = .string(out) }
            if attach {
                answer["attachedTo"] = .array(attached.map { ["issuer": .string($0.issuer), "achievement": .string($0.catalogID)] })
            }
            print(JSONValue.object(answer).serialized(pretty: true))
        } else {
            Terminal.say("Endorsed \(subject) as \(workspace.config.issuer.name) (\(endorsement.id))")
            if let out { Terminal.say("  written to \(out)") }
            for place in attached {
                Terminal.say("  added to the achievement \(place.catalogID) of the issuer \(place.issuer): credentials issued for it now carry it")
            }
        }
    }
}
