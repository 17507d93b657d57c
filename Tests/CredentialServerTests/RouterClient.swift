import CredentialServer
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import NIOEmbedded

/// Sends requests straight to a router's responder — no socket, no event loop of a server — and
/// collects each response whole. (Hummingbird's own testing module would bring AsyncHTTPClient
/// and, with it, a second TLS and crypto library into the build; this is all the tests need.)
struct RouterClient {
    struct Response {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer
    }

    let responder: LaurelResponder<RouterResponder<BasicRequestContext>>
    let logger = Logger(label: "laurel.serve.test")

    init(_ server: LaurelServer) {
        responder = server.responder()
    }

    @discardableResult
    func execute<Value>(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
                        _ check: (Response) async throws -> Value = { $0 }) async throws -> Value {
        var headers = headers
        if let body { headers[.contentLength] = String(body.readableBytes) }
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
            body: RequestBody(buffer: body ?? ByteBuffer()))
        let context = BasicRequestContext(source: ApplicationRequestContextSource(channel: NIOAsyncTestingChannel(), logger: logger))
        let response: Hummingbird.Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        let collected = Collected()
        try await response.body.write(Collector(collected: collected))
        return try await check(Response(status: response.status, headers: response.headers, body: collected.buffer))
    }

    private final class Collected: @unchecked Sendable {
        var buffer = ByteBuffer()
    }

    private struct Collector: ResponseBodyWriter {
        let collected: Collected
        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            collected.buffer.writeBuffer(&buffer)
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
