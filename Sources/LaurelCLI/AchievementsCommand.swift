import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

struct AchievementsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "achievements",
        abstract: "List the achievements a workspace can issue.")

    @OptionGroup var workspaceOptions: WorkspaceOptions
    @OptionGroup var issuerOptions: IssuerOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let workspace = try issuerOptions.open(workspaceOptions)
        let ids = try workspace.achievementIDs()
        if output.json {
            var entries: [JSONValue] = []
            for id in ids {
                let achievement = try workspace.achievement(id)
                entries.append(["id": .string(id), "name": .string(achievement.name.text()), "url": .string(achievement.id)])
            }
            print(JSONValue.array(entries).serialized(pretty: true))
            return
        }
        for id in ids {
            let achievement = try workspace.achievement(id)
            Terminal.say("\(id.padding(toLength: 18, withPad: " ", startingAt: 0)) \(achievement.name.text())")
        }
    }
}
