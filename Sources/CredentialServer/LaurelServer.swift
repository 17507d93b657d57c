import CredentialIssuer
import CredentialKit
import CredentialVerifier
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import Logging
import ServiceLifecycle

/// The HTTP application `laurel serve` runs, built from a workspace: the issuers' public
/// documents, `POST /api/verify`, and `GET /healthz`.
///
/// ```swift
/// let server = try LaurelServer(workspace: try Workspace.open(directory), configuration: .init())
/// try await server.application().runService()
/// ```
///
/// Tests build ``router()`` and drive it without a socket.
public struct LaurelServer: Sendable {
    public var hosted: HostedDocuments
    public var configuration: ServerConfiguration
    /// Where the verification API fetches what a credential names that this server does not host;
    /// nil fetches nothing (every such status list is STATUS UNKNOWN).
    public var remoteFetcher: (any ResourceFetcher)?
    public var logger: Logger

    /// - Parameter remoteFetcher: default: HTTPS with the verifier's timeout and size cap, from
    ///   public addresses only unless the configuration allows private ones.
    public init(workspace: Workspace, configuration: ServerConfiguration, passphrase: String? = nil,
                allowDemoKey: Bool = false, remoteFetcher: (any ResourceFetcher)?? = nil,
                logger: Logger = LaurelServer.defaultLogger()) {
        self.hosted = HostedDocuments(workspace: workspace, passphrase: passphrase, allowDemoKey: allowDemoKey)
        self.configuration = configuration
        // Every redirect is checked as the first URL is: https to a public address only.
        self.remoteFetcher = remoteFetcher ?? (configuration.allowPrivateFetch
            ? HTTPResourceFetcher() : PublicAddressFetcher(HTTPResourceFetcher(allowsRedirect: PublicAddressFetcher.isPublicHTTPS)))
        self.logger = logger
    }

    /// A logger at the level `LOG_LEVEL` names (`debug`, `info` …), `info` by default.
    public static func defaultLogger() -> Logger {
        var logger = Logger(label: "laurel.serve")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        return logger
    }

    /// What answers requests: the routes with HEAD, error bodies and logging around them — for
    /// the application, or for a test to call without a socket.
    public func responder() -> LaurelResponder<RouterResponder<BasicRequestContext>> {
        LaurelResponder(inner: router().buildResponder())
    }

    /// The routes.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let server = self
        router.get("/healthz") { _, _ in
            try Self.json(["status": "ok", "issuers": .number(Double(try server.hosted.workspace.issuers().count))],
                          cacheControl: "no-store")
        }
        router.post("/api/verify") { request, context in
            try await server.verify(request, context: context)
        }
        AdminAPI(hosted: hosted).add(to: router)
        router.get("/") { _, _ in Response(status: .found, headers: [.location: "/verify"]) }
        router.get("/verify") { request, _ in
            let language = VerifyPageCatalogue.language(requested: request.uri.queryParameters["lang"].map(String.init),
                                                        acceptLanguage: request.headers[.acceptLanguage])
            return Self.page(VerifyPage.html(language: language), contentType: "text/html; charset=utf-8",
                             extra: [.contentLanguage: language, .vary: "Accept-Language"])
        }
        router.get("/assets/verify.css") { _, _ in Self.page(VerifyPage.css, contentType: "text/css; charset=utf-8") }
        router.get("/assets/verify.js") { _, _ in Self.page(VerifyPage.javascript, contentType: "text/javascript; charset=utf-8") }
        // Everything else a GET can name: a hosted document, or 404.
        router.get("**") { request, _ in
            try server.hostedDocument(request)
        }
        // The other methods: 405 naming the one that works where something is, else 404.
        for method in [HTTPRequest.Method.put, .delete, .patch, .post] {
            if method != .post { router.on("/api/verify", method: method) { _, _ -> Response in throw Self.methodNotAllowed(allow: "POST") } }
            for path in ["/healthz", "/", "/verify", "/assets/verify.css", "/assets/verify.js"] {
                router.on(RouterPath(path), method: method) { _, _ -> Response in throw Self.methodNotAllowed(allow: "GET") }
            }
            router.on("**", method: method) { request, _ -> Response in
                guard try server.hosted.document(atPath: request.uri.path) != nil else {
                    throw ServerProblem(.notFound, message: "nothing is published at \(request.uri.path)")
                }
                throw Self.methodNotAllowed(allow: "GET")
            }
        }
        router.get("/api/verify") { _, _ -> Response in throw Self.methodNotAllowed(allow: "POST") }
        return router
    }

    /// The application, listening where the configuration says.
    ///
    /// - Parameter onServerRunning: called with the port once the server listens (useful with port 0).
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            responder: responder(),
            server: .http1(configuration: .init(idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Laurel"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Runs the server until SIGTERM or SIGINT, then lets the requests in flight finish (for at
    /// most the configuration's grace period).
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var group = ServiceGroupConfiguration(services: [application(onServerRunning: onServerRunning)],
                                              gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(configuration.shutdownGraceSeconds)
        try await ServiceGroup(configuration: group).run()
    }

    // MARK: Handlers

    func hostedDocument(_ request: Request) throws -> Response {
        let document: HostedDocument?
        do {
            document = try hosted.document(atPath: request.uri.path)
        } catch let error as IssuerError {
            throw ServerProblem(.serviceUnavailable, message: error.reason)
        }
        guard let document else { throw ServerProblem(.notFound, message: "nothing is published at \(request.uri.path)") }
        return Response(status: .ok,
                        headers: [.contentType: document.contentType, .cacheControl: "public, max-age=\(document.maxAge)",
                                  .accessControlAllowOrigin: "*"],
                        body: .init(byteBuffer: ByteBuffer(bytes: document.bytes)))
    }

    func verify(_ request: Request, context: BasicRequestContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: configuration.maxUploadBytes)
        } catch is NIOTooManyBytesError {
            throw ServerProblem(.contentTooLarge,
                            message: "the upload is larger than \(configuration.maxUploadBytes / (1 << 20)) MiB, the most this server accepts")
        }
        let bytes: [UInt8]
        do {
            bytes = try UploadedCredential.bytes(of: Array(buffer: body), contentType: request.headers[.contentType])
        } catch let error as UploadedCredential.Problem {
            return try Self.problem(.badRequest, error.message)
        }
        guard !bytes.isEmpty else {
            return try Self.problem(.badRequest, "the request has no body: send the credential (JSON, a JWT, or a PNG or SVG badge)")
        }
        let input: CredentialInput
        do {
            input = try CredentialInput(bytes: bytes)
        } catch let error as CredentialKitError {
            return try Self.problem(.badRequest, error.reason)
        }
        let verifier = Verifier(fetcher: MemoizingResourceFetcher(HostedFirstFetcher(hosted: hosted, remote: remoteFetcher)))
        // `?lang=es`: the report's words in that language (English for one the catalogue lacks).
        let language = request.uri.queryParameters["lang"].flatMap { VerificationMessages.Language(tag: String($0)) } ?? .english
        let report = await verifier.verify(input).localized(language)
        context.logger.info("verified", metadata: ["verdict": .string(report.verdict.rawValue)])
        return try Self.json(try report.json(), cacheControl: "no-store")
    }

    // MARK: Responses

    /// One of the page's own files, with headers that keep it to itself.
    static func page(_ text: String, contentType: String, extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "no-cache",
                                   .contentSecurityPolicy: VerifyPage.contentSecurityPolicy,
                                   .xContentTypeOptions: "nosniff", HTTPField.Name("Referrer-Policy")!: "no-referrer"]
        headers.append(contentsOf: extra)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func methodNotAllowed(allow: String) -> ServerProblem {
        ServerProblem(.methodNotAllowed, headers: [.allow: allow], message: "use \(allow) here")
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, cacheControl: String) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: cacheControl],
                 body: .init(byteBuffer: ByteBuffer(bytes: Array(value.serialized(pretty: true).utf8) + [0x0a])))
    }

    static func problem(_ status: HTTPResponse.Status, _ message: String) throws -> Response {
        try json(["error": .string(message)], status: status, cacheControl: "no-store")
    }
}

/// A problem a handler answers with: the status, any headers, and `{"error": message}` — the
/// shape of every error this server gives.
public struct ServerProblem: HTTPResponseError {
    public var status: HTTPResponse.Status
    public var headers: HTTPFields
    public var message: String

    public init(_ status: HTTPResponse.Status, headers: HTTPFields = [:], message: String) {
        self.status = status
        self.headers = headers
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try LaurelServer.problem(status, message)
        for field in headers { response.headers.append(field) }
        return response
    }
}

/// What every request goes through, around the router (so a path no route matches is included):
/// HEAD answered as GET without the body; errors answered as `{"error": "…"}` like every other
/// problem; one log line per request with its status and time, under the request's id (a request
/// that failed before an answer is logged as such, not as a 500).
public struct LaurelResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context: RequestContext {
    public typealias Context = Inner.Context
    let inner: Inner

    public func respond(to request: Request, context: Context) async throws -> Response {
        let start = ContinuousClock.now
        let isHead = request.method == .head
        var forwarded = request
        if isHead {
            var head = request.head
            head.method = .get
            forwarded = Request(head: head, body: request.body)
        }
        var response: Response
        do {
            response = try await inner.respond(to: forwarded, context: context)
        } catch let error as HTTPError {
            response = try LaurelServer.problem(error.status, error.body ?? error.status.reasonPhrase)
            for field in error.headers { response.headers.append(field) }
        } catch {
            log(request, context: context, outcome: "failed: \(error)", since: start)
            throw error
        }
        log(request, context: context, outcome: String(response.status.code), since: start)
        if isHead { response.body = .init() }
        return response
    }

    private func log(_ request: Request, context: Context, outcome: String, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "path": .string(request.uri.path),
            "status": .string(outcome), "ms": .string(String(format: "%.1f", milliseconds)),
        ])
    }
}
