import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

struct AchievementsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "achievements",
        abstract: "List the achievements a workspace can issue, and the languages each is in.",
        discussion: """
            An achievement's default version is achievements/<id>.json; a translation is a full \
            achievement in another language at achievements/<language>/<id>.json, with its own id \
            and inLanguage. `laurel issue --locale` and the roster's locale column pick the version.
            """)

    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var issuerOptions: IssuerOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let workspace = try issuerOptions.open(workspaceOptions)
        let ids = try workspace.achievementIDs()
        if output.json {
            var entries: [JSONValue] = []
            for id in ids {
                let languages = try workspace.achievementLanguages(id)
                entries.append(["id": .string(id), "name": .string(languages.original.name.text()), "url": .string(languages.original.id),
                                "languages": .array(languages.languages.map(JSONValue.string))])
            }
            print(JSONValue.array(entries).serialized(pretty: true))
            return
        }
        for id in ids {
            let languages = try workspace.achievementLanguages(id)
            Terminal.say("\(id.padding(toLength: 18, withPad: " ", startingAt: 0)) \(languages.original.name.text())  [\(languages.languages.joined(separator: ", "))]")
        }
    }
}
