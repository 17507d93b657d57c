/// How `laurel serve` listens and what it accepts.
public struct ServerConfiguration: Sendable {
    /// The address to listen on; the loopback address by default, so a server is public only when asked.
    public var host = "127.0.0.1"
    public var port = 8080
    /// The largest request body accepted (a credential, a JWT or a badge image); larger ones get 413.
    public var maxUploadBytes = 8 << 20
    /// Let the verification API fetch documents from loopback, link-local and private addresses
    /// (for a server inside a network whose issuers live there). Off by default: a credential sent
    /// by anyone must not make the server reach into its own network.
    public var allowPrivateFetch = false
    /// A connection that sends nothing for this long is closed (a half-sent request included).
    public var idleTimeoutSeconds: Int64 = 30
    /// On SIGTERM or SIGINT, requests in flight get this long to finish before the server stops anyway.
    public var shutdownGraceSeconds: Int64 = 30

    public init() {}
}
