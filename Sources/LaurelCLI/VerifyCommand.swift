import ArgumentParser
import CredentialKit
import CredentialVerifier
import Foundation

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify credentials: format, signature, issuer key, validity dates, status and trust.",
        discussion: """
            FILE is a credential as JSON (with an embedded proof) or a VC-JWT. Each check answers \
            pass, fail, warn, unknown (could not check, with the reason) or skipped.

            A did:key issuer is checked from the credential alone. Documents the checks need \
            (an https or did:web issuer's keys, status lists) are fetched over HTTPS with a \
            10-second timeout and a 16 MiB cap, unless given with --resource URL=FILE; with \
            --offline nothing is fetched. A status list that cannot be fetched or checked \
            gives STATUS UNKNOWN, never "not revoked".

            Exit codes: 0 every credential verified, 1 at least one did not, 2 bad usage or a \
            file that is not a credential at all.

            Examples:
              laurel verify credentials/cc-core-ana.json
              laurel verify cred.json --resource https://example.edu/issuer=issuer.json --json
            """)

    @Argument(help: ArgumentHelp("Credential files.", valueName: "FILE"))
    var files: [String]

    @Option(help: ArgumentHelp("Verify as of this time instead of now.", valueName: "TIME"))
    var at: String?

    @Flag(help: "Never use the network: documents come only from --resource files.")
    var offline = false

    @Option(name: .customLong("resource"), help: ArgumentHelp(
        "Answer a URL the verifier needs (issuer profile, DID document, status list) from a local file.",
        valueName: "URL=PATH"))
    var resources: [String] = []

    @Option(help: ArgumentHelp("A trust list: a JSON array of issuer ids, or one id per line.", valueName: "FILE"))
    var trust: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one credential FILE") }
        for resource in resources where !resource.contains("=") {
            throw ValidationError("--resource \"\(resource)\" must be URL=PATH")
        }
    }

    func run() async throws {
        var files: [String: String] = [:]
        for resource in resources {
            let parts = resource.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw CLIError("--resource \"\(resource)\" must be URL=PATH") }
            files[String(parts[0])] = String(parts[1])
        }
        let fetcher = ChainedResourceFetcher(local: LocalResources(files: files),
                                             remote: offline ? nil : HTTPResourceFetcher())
        let verifier = CredentialVerifier(
            fetcher: fetcher,
            trustedIssuers: try trust.map(readTrustList),
            fixedValidationTime: try at.map { try parseDateArgument($0, option: "--at") })

        // Read every file first: an unreadable one is a usage error (exit 2) before any verdict.
        var inputs: [(String, CredentialInput)] = []
        for file in self.files {
            let bytes = try readInputFile(file, limit: CredentialInput.maxBytes)
            do {
                inputs.append((file, try CredentialInput(bytes: bytes)))
            } catch let error as CredentialKitError {
                throw CLIError("\(file): \(error.reason)")
            }
        }
        var reports: [VerificationReport] = []
        for (file, input) in inputs {
            var report = await verifier.verify(input)
            report.source = file
            reports.append(report)
        }
        if output.json {
            let value: JSONValue = reports.count == 1 ? try reports[0].json() : .array(try reports.map { try $0.json() })
            print(value.serialized(pretty: true))
        } else {
            for report in reports { printReport(report) }
        }
        if !reports.allSatisfy(\.verified) { throw ExitCode(1) }
    }

    func printReport(_ report: VerificationReport) {
        let verdict = Terminal.paint(report.verdict.rawValue, report.verified ? .green : .red, .bold)
        Terminal.say("\(report.source ?? "credential"): \(verdict)")
        for check in report.checks {
            let (symbol, color): (String, Terminal.Color) = switch check.status {
            case .pass: ("✓", .green)
            case .fail: ("✗", .red)
            case .warn: ("!", .yellow)
            case .unknown: ("?", .yellow)
            case .skipped: ("–", .dim)
            }
            let name = check.check.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
            Terminal.say("  \(Terminal.paint(symbol, color)) \(name) \(check.message)")
        }
        if let achievement = report.achievementName, let issuer = report.issuerName ?? report.issuerID {
            Terminal.say("  \(achievement) — issued by \(issuer)")
        }
    }

    func readTrustList(_ path: String) throws -> Set<String> {
        let bytes = try readInputFile(path, limit: 4 << 20)
        if let value = try? JSONParser.parse(bytes) {
            let entries = value.arrayValue ?? value["issuers"]?.arrayValue
            guard let entries else { throw CLIError("\(path): a JSON trust list is an array of issuer ids") }
            return Set(entries.compactMap { $0.stringValue ?? $0["id"]?.stringValue })
        }
        return Set(String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }
}
