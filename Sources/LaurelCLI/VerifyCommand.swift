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
              laurel verify ana.json --recipient-email ana@example.org
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

    @Option(help: ArgumentHelp(
        "A trust list: one issuer id per line (optionally followed by its name), a JSON array of ids, {\"name\": …, \"issuers\": [{\"id\", \"name\"}]}, the DCC's registry.json, or such a list signed as a credential. Repeat to combine: an issuer on several lists takes its name from the first.",
        valueName: "FILE"))
    var trust: [String] = []

    @Flag(help: "Also read every trust list in ~/.config/laurel/trust/ (or $XDG_CONFIG_HOME/laurel/trust/).")
    var trustDefault = false

    @Flag(help: "With --trust: an issuer not on the list is a failure (exit 1), not a warning.")
    var requireTrust = false

    @Option(name: .customLong("recipient-email"), help: ArgumentHelp(
        "Check that the credential was issued to this e-mail address (against its hashed or plain recipient identifier). The address is never printed or stored; a credential that names no e-mail address exits 1.",
        valueName: "EMAIL"))
    var recipientEmails: [String] = []

    /// The one address given with `--recipient-email`.
    var recipientEmail: String? { recipientEmails.first }

    @Option(help: ArgumentHelp("The language of the report: en or es. By default the locale's (LC_ALL, LC_MESSAGES, LANG), else English.",
                               valueName: "LANG"))
    var lang: String?

    @OptionGroup var output: OutputOptions

    /// The language the report is given in.
    var language: VerificationMessages.Language {
        lang.flatMap(VerificationMessages.Language.init(tag:)) ?? .fromEnvironment(ProcessInfo.processInfo.environment)
    }

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one credential FILE") }
        if requireTrust && trust.isEmpty && !trustDefault { throw ValidationError("--require-trust needs --trust FILE or --trust-default") }
        if let lang, VerificationMessages.Language(tag: lang) == nil {
            throw ValidationError("--lang \(lang): Laurel's reports are in \(VerificationMessages.Language.allCases.map(\.rawValue).joined(separator: " and "))")
        }
        if recipientEmails.count > 1 { throw ValidationError("give --recipient-email once: a credential is checked against one address") }
        if let recipientEmail {
            let parts = recipientEmail.trimmingCharacters(in: .whitespaces).split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !recipientEmail.contains(where: \.isNewline) else {
                throw ValidationError("--recipient-email must be an e-mail address, like ana@example.org")
            }
        }
        _ = try resourceFiles(checkingFiles: false)
    }

    /// `--resource URL=PATH` pairs: each URL an http(s) URL or a DID, given once; each PATH a readable file.
    func resourceFiles(checkingFiles: Bool = true) throws -> [String: String] {
        var files: [String: String] = [:]
        for resource in resources {
            let parts = resource.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--resource \"\(resource)\" must be URL=PATH")
            }
            var (url, path) = (parts[0], parts[1])
            if url.hasPrefix("did:web:") {
                // A did:web is answered by its DID document, fetched from this URL.
                url = StandardKeyResolver.didWebDocumentURL(url)
            } else if url.hasPrefix("did:") {
                throw ValidationError("--resource \"\(Terminal.escaped(resource))\": only a did:web has a document to give; \(Terminal.escaped(String(url.prefix(12))))… is resolved from the DID itself")
            }
            let scheme = URLComponents(string: url)?.scheme?.lowercased()
            guard url.hasPrefix("did:") || ((scheme == "https" || scheme == "http") && URLComponents(string: url)?.host?.isEmpty == false),
                  !url.contains(where: \.isWhitespace) else {
                throw ValidationError("--resource \"\(Terminal.escaped(resource))\": \"\(Terminal.escaped(url))\" is not an https URL or a DID")
            }
            guard files[url] == nil else {
                throw ValidationError("--resource names \(url) twice; give each URL once")
            }
            files[url] = path
            guard checkingFiles else { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CLIError("--resource \(url)=\(path): no such file")
            }
            guard !isDirectory.boolValue else { throw CLIError("--resource \(url)=\(path) is a directory, not a file") }
        }
        return files
    }

    typealias FileResult = (file: String, report: VerificationReport?, error: String?)

    /// Verifies `files`, as many at once as there are cores, each answer in the place of its file.
    static func verifyAll(_ files: [String], with verifier: Verifier) async -> [FileResult] {
        @Sendable func verifyOne(_ file: String) async -> FileResult {
            do {
                let bytes = try readInputFile(file, limit: CredentialInput.maxFileBytes)
                let input = try CredentialInput(bytes: bytes)
                var report = await verifier.verify(input)
                report.source = file
                return (file, report, nil)
            } catch let error as CredentialKitError {
                return (file, nil, "\(file): \(error.reason)")
            } catch let error as CLIError {
                return (file, nil, error.message)
            } catch {
                return (file, nil, "\(file): \(error)")
            }
        }
        return await files.concurrentMap(verifyOne)
    }

    /// Where `--trust-default` reads trust lists from.
    static var defaultTrustDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config")
        return config.appendingPathComponent("laurel/trust")
    }

    /// The trust lists given, combined in order (`--trust` files, then the default directory's); nil for none.
    /// A list that cannot be read, or a signed one whose signature is not believed, is an error: never an empty list.
    func trustRegistry(verifier: Verifier) async throws -> TrustRegistry? {
        var files = trust
        if trustDefault {
            let directory = Self.defaultTrustDirectory
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            // Regular files only (through a symbolic link too): a FIFO or device would never end.
            let lists = names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0).path }
                .filter { (try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: $0).resolvingSymlinksInPath().path)[.type] as? FileAttributeType) == .typeRegular }
            guard !lists.isEmpty else {
                throw CLIError("--trust-default reads the trust lists kept in \(directory.path), and there are none: put your trust list files there (one issuer id per line, or JSON), or give --trust FILE")
            }
            files += lists
        }
        guard !files.isEmpty else { return nil }
        var registry = TrustRegistry()
        for file in files {
            registry.add(try await TrustRegistry.load(try readInputFile(file, limit: 4 << 20), source: file, verifier: verifier))
        }
        return registry
    }

    func run() async throws {
        // Each URL is fetched once in a run, whatever the answer: files sharing a status list cost one fetch.
        let fetcher = MemoizingResourceFetcher(ChainedResourceFetcher(local: LocalResources(files: try resourceFiles()),
                                                                      remote: offline ? nil : HTTPResourceFetcher()))
        let time = try at.map { try parseDateArgument($0, option: "--at") }
        let verifier = Verifier(fetcher: fetcher, fixedValidationTime: time,
                                trustRegistry: try await trustRegistry(verifier: Verifier(fetcher: fetcher, fixedValidationTime: time)),
                                recipientEmail: recipientEmail)

        // Every file gets its own answer; one that is not a credential at all is reported as such
        // (and makes the exit code 2) without hiding the others'. Files are verified on every core,
        // and reported in the order given.
        let language = self.language
        let results = await Self.verifyAll(files, with: verifier).map { result in
            (file: result.file, report: result.report?.localized(language), error: result.error)
        }
        if output.json {
            let entries: [JSONValue] = try results.map { result in
                if let report = result.report { return try report.json() }
                return ["source": .string(result.file), "verified": false, "error": .string(result.error ?? "")]
            }
            Swift.print((entries.count == 1 ? entries[0] : .array(entries)).serialized(pretty: true))
        } else {
            for result in results { if let report = result.report { ReportRendering.print(report, requireTrust: requireTrust) } }
        }
        for result in results { if let error = result.error { Terminal.writeError("laurel: " + error) } }
        if results.contains(where: { $0.error != nil }) { throw ExitCode(2) }
        let untrusted = requireTrust && results.contains { $0.report?.result(of: .trust)?.status == .warn }
        // Asked whose credential it is, only a match is a yes.
        let unmatched = recipientEmail != nil && results.contains { $0.report?.result(of: .recipient)?.status != .pass }
        if !results.allSatisfy({ $0.report?.verified == true }) || untrusted || unmatched { throw ExitCode(1) }
    }
}
