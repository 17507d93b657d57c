import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: config, a new signing key, the issuer profile and the achievement catalog.",
        discussion: """
            The workspace holds laurel.json, keys/ (private keys, mode 0600), issuer.json (the \
            issuer profile with its public keys, to publish at the issuer id's URL), achievements/ \
            (the Creative Commons Certificate courses and an example partner microcredential), \
            badges/ (each achievement's badge image, ID.png and ID.svg, to publish or send) and \
            credentials/ (what you issue).

            Without --issuer-id the issuer is the new key's did:key, which any verifier can check \
            offline. With an https issuer id, publish issuer.json at that URL.

            Example:
              laurel init cc-workspace --issuer-name "Creative Commons"
            """)

    @Argument(help: ArgumentHelp("The new workspace directory (absent or empty).", valueName: "DIR"))
    var directory: String

    @Option(help: "The issuer's display name, in any language and script.")
    var issuerName: String

    @Option(help: ArgumentHelp("The issuer's id: an https URL or a DID. Default: the key's did:key.", valueName: "URL|did"))
    var issuerId: String?

    @Option(help: ArgumentHelp("The issuer's home page.", valueName: "URL"))
    var issuerUrl: String?

    @Option(help: ArgumentHelp("Where status lists will be published. Default: <issuer URL or https id>/status/.", valueName: "URL"))
    var statusBaseUrl: String?

    @OptionGroup var newKey: NewKeyOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if issuerName.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--issuer-name is empty")
        }
    }

    func run() throws {
        let (key, passphrase) = try newKey.generate()
        let workspace = try Workspace.create(
            at: URL(fileURLWithPath: directory), issuerName: issuerName, issuerID: issuerId, issuerURL: issuerUrl,
            statusBaseURL: statusBaseUrl, key: key, passphrase: passphrase)
        if output.json {
            print(JSONValue.object([
                "workspace": .string(workspace.directory.path),
                "issuer": .string(workspace.config.issuer.id),
                "verificationMethod": .string(workspace.config.keys[0].verificationMethod),
                "statusBaseURL": workspace.config.statusBaseURL.map { .string($0) } ?? .null,
                "achievements": .array(try workspace.achievementIDs().map { .string($0) }),
            ]).serialized(pretty: true))
            return
        }
        Terminal.say("Created workspace \(workspace.directory.path)")
        Terminal.say("  issuer      \(workspace.config.issuer.name) (\(workspace.config.issuer.id))")
        Terminal.say("  key         \(workspace.config.keys[0].file) (\(key.algorithm.rawValue)\(passphrase == nil ? "" : ", encrypted"))")
        Terminal.say("  achievements \(try workspace.achievementIDs().joined(separator: ", "))")
        if let status = workspace.config.statusBaseURL {
            Terminal.say("  status lists \(status)")
            Terminal.say("               published into \(workspace.statusDirectory.path) by revoke and `laurel status publish`;")
            Terminal.say("               serve that folder at the URL, or add your web folder: laurel status destinations add DIR -w \(directory)")
            Terminal.say("  registry     \(workspace.directory.appendingPathComponent(Registry.fileName).path) — back it up: laurel registry backup FILE -w \(directory)")
        } else {
            Terminal.say("  status lists none: credentials issued here can never be revoked or suspended.")
            Terminal.say("               Add a status URL before issuing: laurel status enable -w \(directory) --base-url https://…/status/")
        }
        Terminal.say("Next: laurel issue -w \(directory) --achievement cc-core --recipient-name NAME --recipient-email EMAIL")
    }
}
