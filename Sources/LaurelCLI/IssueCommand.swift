import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

struct IssueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue one credential to a named learner.",
        discussion: """
            The credential is recorded in the registry, signed with the workspace's key and \
            written atomically to credentials/ (or -o FILE); status lists a verifier would not \
            find yet (a new list, a new destination) are published. The learner's e-mail is \
            stored only as a salted hash.

            With --locale the credential is in the learner's language: the achievement's \
            translation (achievements/<language>/<id>.json; a new workspace has every catalog \
            achievement in English and Spanish), marked with inLanguage and linked to the other \
            languages' versions. es-MX is served by es; a language the catalog does not have is \
            issued in English, with a warning. `laurel achievements` lists the languages.

            Examples:
              laurel issue -w cc-workspace --achievement cc-core --locale es \\
                --recipient-name "Ana María López" --recipient-email ana@example.org
              laurel issue -w cc-workspace --achievement cc-librarians --proof jwt \\
                --recipient-name "李明" --recipient-email li@example.org --result Completed
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var issuerOptions: IssuerOptions

    @Option(help: ArgumentHelp("The achievement's catalog id (see `laurel achievements`).", valueName: "ID"))
    var achievement: String

    @Option(help: "The learner's name, as it should appear.")
    var recipientName: String

    @Option(help: "The learner's e-mail address (stored as a salted SHA-256 hash).")
    var recipientEmail: String

    @Option(help: ArgumentHelp("The proof: \(ProofFormat.allCases.map(\.rawValue).joined(separator: ", ")). Default: the workspace's.", valueName: "FORMAT"))
    var proof: ProofFormat?

    @Option(help: ArgumentHelp("With --proof jwt, the JOSE algorithm to sign with when the workspace has several keys: EdDSA, ES256, ES384 or RS256. Default: its first key.", valueName: "ALG"))
    var alg: String?

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the credential to this new file.", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("When the credential becomes valid. Default: now.", valueName: "DATE"))
    var validFrom: String?

    @Option(help: ArgumentHelp("When the credential expires. Default: never.", valueName: "DATE"))
    var validUntil: String?

    @Option(help: "The learner's result, e.g. Completed or 92.")
    var result: String?

    @Option(help: ArgumentHelp("The learner's language, e.g. es or es-MX: the achievement's translation is issued (the default language, with a warning, when there is none). Default: the achievement's default language, English in the CC catalog.", valueName: "LANG"))
    var locale: String?

    @Option(help: ArgumentHelp("A URL of the learner's work.", valueName: "URL"))
    var evidenceUrl: String?

    @Option(help: "A description of the learner's work.")
    var evidenceNarrative: String?

    @Option(help: ArgumentHelp("Also bake the credential into a badge image beside it: --bake alone uses the achievement's badge; --bake IMG (a .png or .svg) your own.", valueName: "IMG"))
    var bake: String?

    /// What --bake asks for.
    var bakeSource: BadgeBakery.Source? {
        bake.map { $0 == Laurel.achievementBadgeArgument ? .achievementBadge : .image(URL(fileURLWithPath: $0)) }
    }

    @OptionGroup var demoKeyOptions: DemoKeyOptions

    @OptionGroup var passphraseOptions: PassphraseOptions
    @OptionGroup var outputOptions: OutputOptions

    /// The key type `--alg` names.
    static func keyAlgorithm(forJOSE alg: String) -> KeyAlgorithm? {
        KeyAlgorithm.allCases.first { VCJWT.algorithm(for: $0) == alg }
    }

    func validate() throws {
        if let locale, !LanguageTag.isWellFormed(locale) {
            throw ValidationError("--locale \"\(Terminal.escaped(locale))\" is not a language tag: write es, es-MX, pt-BR …")
        }
        if let alg {
            guard Self.keyAlgorithm(forJOSE: alg) != nil else {
                throw ValidationError("--alg must be one of \(KeyAlgorithm.allCases.map { VCJWT.algorithm(for: $0) }.joined(separator: ", ")), not \"\(Terminal.escaped(alg))\"")
            }
            if let proof, proof != .jwt {
                throw ValidationError("--alg chooses the key for a VC-JWT: give it with --proof jwt, not --proof \(proof.rawValue)")
            }
        }
    }

    func run() throws {
        let workspace = try issuerOptions.open(workspaceOptions)
        var request = IssueRequest(
            achievementID: achievement, recipientName: recipientName, recipientEmail: recipientEmail, proof: proof,
            validFrom: try validFrom.map { try parseDateArgument($0, option: "--valid-from") },
            validUntil: try validUntil.map { try parseDateArgument($0, option: "--valid-until") },
            result: result, evidenceURL: evidenceUrl, evidenceNarrative: evidenceNarrative, locale: locale)
        request.keyAlgorithm = alg.flatMap(Self.keyAlgorithm(forJOSE:))
        if alg != nil, (proof ?? workspace.config.defaultProof) != .jwt {
            throw ValidationError("--alg chooses the key for a VC-JWT, and this workspace's proof is \(workspace.config.defaultProof.rawValue): add --proof jwt")
        }
        let issuer = WorkspaceIssuer(workspace: workspace, passphrase: try passphraseOptions.passphrase(),
                                      allowDemoKey: demoKeyOptions.allows(workspace))
        // The image is read and checked before the credential is issued.
        let bakery = try bakeSource.map { try BadgeBakery(source: $0, achievementIDs: [achievement], workspace: workspace) }
        // A badge named after -o must not replace a file that is there (or the credential itself).
        if let bakery, let output, let badge = bakery.badgeFile(beside: URL(fileURLWithPath: output), achievementID: achievement),
           FileManager.default.fileExists(atPath: badge.path) {
            throw CLIError("the badge would be written to \(badge.path), which exists; choose another -o name or remove it first")
        }
        let (issued, url) = try issuer.issueAndWrite(request, to: output.map { URL(fileURLWithPath: $0) })
        var warnings = issued.warnings
        var badge: URL?
        if let bakery {
            do {
                badge = try bakery.bake(issued.contents, achievementID: achievement, beside: url)
            } catch {
                warnings.append("the credential is issued, but its badge could not be baked: \((error as? IssuerError)?.reason ?? "\(error)") — bake it with `laurel bake --credential \(url.path) --image IMG -o OUT`")
            }
        }
        // Its status lists must be where verifiers look before the credential is handed out: publish
        // those that are missing or behind (a new list, a destination added since). The credential
        // is issued either way; a failure here is a warning with the command that finishes the job.
        var published: [PublishedList] = []
        if workspace.config.statusBaseURL != nil {
            do {
                let report = try issuer.publishStatusLists()
                published = report.written
                warnings += report.problems
            } catch {
                warnings.append("the credential is issued, but its status lists could not be published: \((error as? IssuerError)?.reason ?? "\(error)") — run `laurel status publish -w \(workspaceOptions.workspace)`")
            }
        }
        let language = issued.credential["credentialSubject"]?.asArray.first?["achievement"]?["inLanguage"]?.stringValue
        if outputOptions.json {
            var object: JSONObject = [
                "id": .string(issued.id), "file": .string(url.path), "proof": .string(issued.format.rawValue),
                "published": .array(published.map { .string($0.file.path) }),
                "badge": badge.map { .string($0.path) } ?? .null,
                "warnings": .array(warnings.map { .string($0) }),
            ]
            if let language { object["language"] = .string(language) }
            print(JSONValue.object(object).serialized(pretty: true))
        } else {
            let inLanguage = language.map { ", in \(LanguageTag.englishName($0) ?? $0)" } ?? ""
            Terminal.say("Issued \(issued.id) (\(issued.format.rawValue)) to \(recipientName)\(inLanguage)")
            Terminal.say("  \(url.path)")
            if let badge { Terminal.say("  \(badge.path) (the badge, with the credential baked in)") }
            for list in published { Terminal.say("  published \(list.file.path)") }
        }
        for warning in warnings {
            let hint = warning == WorkspaceIssuer.unrevocableWarning
                ? " (`laurel status enable -w \(workspaceOptions.workspace) --base-url https://…/status/`)" : ""
            Terminal.writeError("laurel: warning: \(warning)\(hint)")
        }
    }
}
