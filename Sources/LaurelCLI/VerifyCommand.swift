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

    @Flag(help: "With --trust: an issuer not on the list is a failure (exit 1), not a warning.")
    var requireTrust = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one credential FILE") }
        if requireTrust && trust == nil { throw ValidationError("--require-trust needs --trust FILE") }
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

    func run() async throws {
        // Each URL is fetched once in a run, whatever the answer: files sharing a status list cost one fetch.
        let fetcher = MemoizingResourceFetcher(ChainedResourceFetcher(local: LocalResources(files: try resourceFiles()),
                                                                      remote: offline ? nil : HTTPResourceFetcher()))
        let verifier = Verifier(
            fetcher: fetcher,
            trustedIssuers: try trust.map(readTrustList),
            fixedValidationTime: try at.map { try parseDateArgument($0, option: "--at") })

        // Every file gets its own answer; one that is not a credential at all is reported as such
        // (and makes the exit code 2) without hiding the others'.
        var results: [(file: String, report: VerificationReport?, error: String?)] = []
        for file in self.files {
            do {
                let bytes = try readInputFile(file, limit: CredentialInput.maxBytes)
                let input = try CredentialInput(bytes: bytes)
                var report = await verifier.verify(input)
                report.source = file
                results.append((file, report, nil))
            } catch let error as CredentialKitError {
                results.append((file, nil, "\(file): \(error.reason)"))
            } catch let error as CLIError {
                results.append((file, nil, error.message))
            }
        }
        if output.json {
            let entries: [JSONValue] = try results.map { result in
                if let report = result.report { return try report.json() }
                return ["source": .string(result.file), "verified": false, "error": .string(result.error ?? "")]
            }
            Swift.print((entries.count == 1 ? entries[0] : .array(entries)).serialized(pretty: true))
        } else {
            for result in results { if let report = result.report { printReport(report) } }
        }
        for result in results { if let error = result.error { Terminal.writeError("laurel: " + error) } }
        if results.contains(where: { $0.error != nil }) { throw ExitCode(2) }
        let untrusted = requireTrust && results.contains { $0.report?.result(of: .trust)?.status == .warn }
        if !results.allSatisfy({ $0.report?.verified == true }) || untrusted { throw ExitCode(1) }
    }

    func printReport(_ report: VerificationReport) {
        let verdict = Terminal.paint(report.verdict.text, report.verified ? .green : .red, .bold)
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
            // The claims are the issuer's only when its key's signature was checked; otherwise
            // they are whatever the file says, and the line says so.
            let signed = report.result(of: .proof)?.status == .pass && report.result(of: .issuerKey)?.status == .pass
            if signed {
                Terminal.say("  \(achievement) — issued by \(issuer)")
            } else {
                Terminal.say("  \(Terminal.paint("unverified claims:", .yellow)) \(achievement) — issued by \(issuer)")
            }
        }
        if report.verdict == .unverifiable || report.verdict == .statusUnknown {
            Terminal.say("  \(Terminal.paint("a document that could not be had can be given as a local file: --resource URL=FILE", .dim))")
        }
        if requireTrust, report.result(of: .trust)?.status == .warn {
            Terminal.say("  \(Terminal.paint("not accepted:", .red)) --require-trust is given and the issuer is not on the trust list")
        }
    }

    /// Reads a trust list: a JSON array of issuer ids (strings, or objects with an `id`), a JSON
    /// object with such an `issuers` array, or UTF-8 text with one issuer id (an https URL or a DID)
    /// per line, `#` starting a comment. Anything else is refused, naming the file and the problem:
    /// a trust list read wrongly would trust the wrong issuers, or none.
    func readTrustList(_ path: String) throws -> Set<String> {
        let bytes = try readInputFile(path, limit: 4 << 20)
        func isIssuerID(_ text: String) -> Bool {
            (text.hasPrefix("https://") || text.hasPrefix("http://") || text.hasPrefix("did:"))
                && text.count > 8 && !text.contains(where: { $0.isWhitespace })
        }
        let firstByte = bytes.first { ![0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].contains($0) }
        if firstByte == UInt8(ascii: "[") || firstByte == UInt8(ascii: "{") {
            let value: JSONValue
            do { value = try JSONParser.parse(Array(bytes.drop { [0xef, 0xbb, 0xbf].contains($0) })) } catch {
                throw CLIError("the trust list \(path) is not valid JSON: \(error)")
            }
            guard let entries = value.arrayValue ?? value["issuers"]?.arrayValue else {
                throw CLIError("the trust list \(path) is JSON but not a list of issuers: give an array of issuer ids, or {\"issuers\": [...]}")
            }
            var ids = Set<String>()
            for (n, entry) in entries.enumerated() {
                guard let id = entry.stringValue ?? entry["id"]?.stringValue, isIssuerID(id) else {
                    throw CLIError("the trust list \(path), entry \(n + 1), is not an issuer id (an https URL or a DID)")
                }
                ids.insert(id)
            }
            guard !ids.isEmpty else { throw CLIError("the trust list \(path) names no issuer") }
            return ids
        }
        guard !bytes.contains(0), let text = String(validatingUTF8CString: bytes) else {
            throw CLIError("the trust list \(path) is neither JSON nor UTF-8 text with one issuer id per line")
        }
        var ids = Set<String>()
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if n == 0, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard isIssuerID(line) else {
                throw CLIError("the trust list \(path), line \(n + 1), is not an issuer id (an https URL or a DID): \(line.prefix(60))")
            }
            ids.insert(line)
        }
        guard !ids.isEmpty else {
            throw CLIError("the trust list \(path) names no issuer; a trust list that trusts no one is almost surely the wrong file")
        }
        return ids
    }
}

extension String {
    /// The text of `bytes` when they are valid UTF-8, else nil.
    init?(validatingUTF8CString bytes: [UInt8]) {
        guard let text = String(bytes: bytes, encoding: .utf8) else { return nil }
        self = text
    }
}
