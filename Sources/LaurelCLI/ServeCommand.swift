import ArgumentParser
import CredentialIssuer
import CredentialServer
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the workspace's public documents and a verification API over HTTP.",
        discussion: """
            Public, read-only, at the paths of their URLs: each issuer's profile with its keys (at an \
            https issuer id) or did.json (did:web), its achievements with https ids, and its status \
            lists — always as the registry has them now: a list is re-signed before it is served \
            when a revocation changed it. Status lists may be cached for 60 seconds, the rest for 5 minutes.

            POST /api/verify takes a credential (JSON, a VC-JWT, or a PNG or SVG badge) as the \
            request body or as the file of a multipart/form-data upload, and answers the report \
            `laurel verify --json` prints. What this server hosts is checked from the workspace; \
            other documents are fetched over HTTPS from public addresses only (not loopback, \
            private or link-local ones, unless --allow-private-fetch). GET /healthz answers when \
            the server is up.

            The server listens on 127.0.0.1 unless --host says otherwise; put it behind a proxy \
            that terminates TLS to serve the issuer's https URLs. SIGTERM or Ctrl-C stops it after \
            the requests in flight are answered. Logs go to standard error, one line per request.

            Examples:
              laurel serve -w cc-workspace
              laurel serve -w cc-workspace --host 0.0.0.0 --port 8443
              curl --data-binary @credentials/cc-core-ana.json http://127.0.0.1:8080/api/verify
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "ADDRESS"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on (0: any free port, printed when listening).", valueName: "PORT"))
    var port = 8080

    @Option(help: ArgumentHelp("The largest upload /api/verify accepts, in MiB.", valueName: "MIB"))
    var maxUploadMib = 8

    @Flag(help: "Let /api/verify fetch documents from loopback, private and link-local addresses.")
    var allowPrivateFetch = false

    @OptionGroup var passphraseOptions: PassphraseOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535, not \(port)") }
        guard (1...64).contains(maxUploadMib) else { throw ValidationError("--max-upload-mib must be from 1 to 64, not \(maxUploadMib)") }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace) else { throw ValidationError("--host \"\(host)\" is not an address") }
    }

    func run() async throws {
        let workspace = try self.workspace.open()
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.maxUploadBytes = maxUploadMib << 20
        configuration.allowPrivateFetch = allowPrivateFetch
        let server = LaurelServer(workspace: workspace, configuration: configuration,
                                  passphrase: try passphraseOptions.passphrase(),
                                  allowDemoKey: workspace.config.demo == true)
        let issuers = try workspace.issuers()
        let host = self.host
        try await server.run { port in
            let shown = host.contains(":") ? "[\(host)]" : host
            Terminal.writeError("Laurel is serving \(workspace.directory.path) at http://\(shown):\(port)/ for \(issuers.map(\.name).joined(separator: ", "))")
            Terminal.writeError("  POST http://\(shown):\(port)/api/verify   GET http://\(shown):\(port)/healthz")
        }
    }
}
