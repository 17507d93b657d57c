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

    public init() {}
}
