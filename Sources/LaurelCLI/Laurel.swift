import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

@main
struct Laurel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laurel",
        abstract: "Issue, verify and revoke Open Badges 3.0 credentials.",
        discussion: """
            Start with `laurel demo`, which creates a workspace, issues a Creative Commons \
            Certificate credential and verifies it.

            Exit codes: 0 success (verify: every credential verified), 1 not verified or \
            refused (the request was understood; what it asks would be wrong or failed), 2 bad \
            usage or unreadable input.
            """,
        subcommands: [
            DemoCommand.self, InitCommand.self, IssuerCommand.self, KeysCommand.self, AchievementsCommand.self,
            IssueCommand.self, BatchCommand.self, VerifyCommand.self, BakeCommand.self, ExtractCommand.self, RevokeCommand.self, SuspendCommand.self, UnsuspendCommand.self,
            StatusCommand.self, CredentialsCommand.self, RegistryCommand.self, ServeCommand.self, TokenCommand.self, EndorseCommand.self,
        ]
    )

    /// Runs the command line with Laurel's exit codes: usage errors and unreadable input
    /// exit 2 with one line naming the problem (swift-argument-parser's default would be 64).
    static func main() async {
        do {
            var command = try parseAsRoot(optionalBakeValue(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exitCode as ExitCode {
            Foundation.exit(exitCode.rawValue)
        } catch let error as CredentialKitError {
            fail(error.reason, code: error.code.name)
        } catch let error as IssuerError {
            let workspace = workspaceArgument()
            let advice = hint(for: error).map { " — " + $0.replacingOccurrences(of: "-w DIR", with: "-w \(workspace)") }
            fail(error.reason + (advice ?? ""), exitCode: exitCode(for: error.code), code: error.code.name)
        } catch let error as CLIError {
            fail(error.message, code: "usage")
        } catch {
            if exitCode(for: error) == .success {
                exit(withError: error)  // --help, --version
            }
            let message = fullMessage(for: error)
            printJSONError(message.hasPrefix("laurel: ") ? String(message.dropFirst(8)) : message, code: "usage", exitCode: 2)
            Terminal.writeError(message)
            Foundation.exit(2)
        }
    }

    /// What `--bake` alone is passed on as: "the achievement's own badge".
    static let achievementBadgeArgument = "@achievement-badge"

    /// `--bake` takes an optional image: `--bake` alone (the achievement's own badge) is passed on as
    /// `--bake=@achievement-badge`; `--bake IMG` keeps its value when IMG names a `.png` or `.svg` file.
    static func optionalBakeValue(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for (n, argument) in arguments.enumerated() {
            guard argument == "--bake" else { result.append(argument); continue }
            let next = n + 1 < arguments.count ? arguments[n + 1] : nil
            // `issue` takes no other arguments, so what follows is the image; `batch` takes the roster.
            if let next, !next.hasPrefix("-"), arguments.first == "issue" || [".png", ".svg"].contains(where: next.lowercased().hasSuffix) {
                result.append(argument)
            } else {
                result.append("--bake=" + achievementBadgeArgument)
            }
        }
        return result
    }

    static func fail(_ message: String, exitCode: Int32 = 2, code: String = "error") -> Never {
        printJSONError(message, code: code, exitCode: exitCode)
        Terminal.writeError("laurel: " + message)
        Foundation.exit(exitCode)
    }

    /// With `--json`, a failure is a JSON object on standard output too, so a script reading
    /// the output always gets JSON: `{"error": message, "code": …, "exitCode": …}`.
    static func printJSONError(_ message: String, code: String, exitCode: Int32) {
        guard CommandLine.arguments.contains("--json") else { return }
        print(JSONValue.object(["error": .string(message), "code": .string(code), "exitCode": .number(Double(exitCode))])
            .serialized(pretty: true))
    }

    /// The workspace named on the command line (`-w`/`--workspace`), for advice; `.` when none.
    static func workspaceArgument() -> String {
        let arguments = CommandLine.arguments
        for (n, argument) in arguments.enumerated() {
            if (argument == "-w" || argument == "--workspace"), n + 1 < arguments.count { return arguments[n + 1] }
            if argument.hasPrefix("--workspace=") { return String(argument.dropFirst("--workspace=".count)) }
        }
        return "."
    }

    /// Refusals of a sound request exit 1; bad usage and unreadable input exit 2.
    static func exitCode(for code: IssuerError.Code) -> Int32 {
        [.credentialRevoked, .registryMissing, .registryRolledBack, .wouldUnrevoke, .newerRegistry, .issuedNotWritten, .keyNotIssuers,
         .otherIssuersCredential].contains(code) ? 1 : 2
    }

    /// What to do next, in the command line's terms, for library errors that need the user to act.
    static func hint(for error: IssuerError) -> String? {
        switch error.code {
        case .notAWorkspace: "create one with `laurel init DIR --issuer-name NAME`, or name it with -w"
        case .noSuitableKey where error.parameters["didKeyIssuer"] == "true":
            "make them in a workspace created with `laurel init … --key-type \(error.parameters["keyType"] ?? "p256")`, or with an https issuer id (--issuer-id), which can hold several keys"
        case .noSuitableKey:
            "add one with `laurel keys generate --type \(error.parameters["keyType"] ?? "p256") -w DIR`"
        case .registryMissing: "run `laurel registry restore BACKUP -w DIR` (see the README's \"Backups\")"
        case .registry: "if registry.sqlite is damaged, put your latest backup in its place with `laurel registry restore BACKUP -w DIR`"
        case .wouldUnrevoke: "run `laurel registry reconcile -w DIR` to take back into the registry what the published lists hold"
        case .issuedNotWritten: "write it with `laurel credentials export ID -o FILE -w DIR`"
        case .registryRolledBack: "if you have a newer backup, `laurel registry restore BACKUP -w DIR`; if this copy is the newest you have, `laurel registry reconcile -w DIR` takes back what the published lists hold and makes it safe to use"
        case .newerRegistry: "restore it anyway with --replace-newer only if the registry in place is wrong (it is kept aside)"
        case .unknownCredential: "check the ids with `laurel status show ID`, or pass --skip-unknown to change the others"
        case .noStatusLists: "add a status list URL with `laurel status enable -w DIR --base-url https://…/status/`"
        case .keyNotIssuers: "put the original key file back (from your backup), or publish an issuer.json that lists the new key"
        case .unknownIssuer: "see the workspace's issuers with `laurel issuer list -w DIR`, or add one with `laurel issuer add HANDLE --name NAME -w DIR`"
        case .otherIssuersCredential: "act as its issuer with --issuer \(error.parameters["issuer"] ?? "HANDLE") (`laurel issuer list` shows the handles)"
        case .demoKeyRefused: "generate a real key (`laurel init`) or pass --allow-demo-key for a demonstration"
        default: nil
        }
    }
}

/// A usage or input problem found by a command; exits 2 with the message.
struct CLIError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
