import ArgumentParser

@main
struct Laurel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laurel",
        abstract: "Issue, verify and revoke Open Badges 3.0 credentials."
    )
}
