import CredentialIssuer
import CredentialVerifier
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Answers what the server hosts itself from its workspace — its issuers' documents and current
/// status lists — with no round trip to itself; everything else goes to `remote`.
struct HostedFirstFetcher: ResourceFetcher {
    var hosted: HostedDocuments
    var remote: (any ResourceFetcher)?

    func fetch(_ url: String) async throws -> [UInt8] {
        do {
            if let document = try hosted.document(at: url) { return document.bytes }
        } catch let error as IssuerError {
            throw ResourceError(.unreadable, url: url, "this server hosts \(url) but could not read it: \(error.reason)")
        }
        guard let remote else {
            throw ResourceError(.notProvided, url: url, "\(url) is not hosted here, and this server fetches nothing")
        }
        return try await remote.fetch(url)
    }
}

/// Fetches only from public addresses: a URL whose host is, or resolves to, a loopback,
/// private, link-local, shared, multicast or reserved address is refused before any connection
/// — a credential sent by anyone must not make the server reach into its own network.
///
/// The host is resolved here and again by the HTTP client; a name whose answers change between
/// the two (DNS rebinding) is a residual risk this check does not close (THREAT_MODEL.md).
public struct PublicAddressFetcher: ResourceFetcher {
    public var inner: any ResourceFetcher

    public init(_ inner: any ResourceFetcher) { self.inner = inner }

    /// An https URL whose host resolves only to public addresses: what a redirect may lead to.
    public static func isPublicHTTPS(_ url: URL) -> Bool {
        guard url.scheme?.lowercased() == "https", var host = url.host, !host.isEmpty else { return false }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let addresses = resolve(host)
        return !addresses.isEmpty && addresses.allSatisfy(isPublic)
    }

    public func fetch(_ url: String) async throws -> [UInt8] {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "https", var host = components.host, !host.isEmpty else {
            throw ResourceError(.notProvided, url: url, "\(url) is not an https URL, so it was not fetched")
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let addresses = Self.resolve(host)
        guard !addresses.isEmpty else {
            throw ResourceError(.unreachable, url: url, "the host \(host) of \(url) could not be resolved")
        }
        if let refused = addresses.first(where: { !Self.isPublic($0) }) {
            throw ResourceError(.notProvided, url: url,
                "\(url) was not fetched: \(host) is \(refused.description), a loopback, private or reserved address this server does not reach for a request")
        }
        return try await inner.fetch(url)
    }

    /// An IPv4 or IPv6 address as bytes.
    public struct Address: Sendable, CustomStringConvertible {
        public var bytes: [UInt8]
        public var description: String {
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            let family = bytes.count == 4 ? AF_INET : AF_INET6
            _ = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &text, socklen_t(text.count)) }
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Every address `host` resolves to (a literal address, in any form `getaddrinfo` reads, is itself).
    public static func resolve(_ host: String) -> [Address] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0 else { return [] }
        defer { freeaddrinfo(result) }
        var addresses: [Address] = []
        var entry = result
        while let info = entry?.pointee {
            if info.ai_family == AF_INET, let raw = info.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { socket in
                    var address = socket.pointee.sin_addr
                    addresses.append(Address(bytes: withUnsafeBytes(of: &address) { Array($0) }))
                }
            } else if info.ai_family == AF_INET6, let raw = info.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { socket in
                    var address = socket.pointee.sin6_addr
                    addresses.append(Address(bytes: withUnsafeBytes(of: &address) { Array($0) }))
                }
            }
            entry = info.ai_next
        }
        return addresses
    }

    /// False for loopback, private (RFC 1918, ULA), link-local, shared (CGNAT), unspecified,
    /// multicast, benchmarking, documentation and reserved addresses, IPv4 ones inside IPv6 included.
    public static func isPublic(_ address: Address) -> Bool {
        let b = address.bytes
        if b.count == 4 { return isPublicIPv4(b) }
        guard b.count == 16 else { return false }
        // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible) and 64:ff9b::a.b.c.d (NAT64) carry IPv4 addresses.
        if b[0..<10].allSatisfy({ $0 == 0 }) && ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0)) {
            return isPublicIPv4(Array(b[12..<16]))
        }
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..<12].allSatisfy({ $0 == 0 }) {
            return isPublicIPv4(Array(b[12..<16]))
        }
        if b[0] == 0xff { return false }                           // multicast
        if b[0] & 0xfe == 0xfc { return false }                    // fc00::/7 unique local
        if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return false }    // fe80::/10 link-local
        if b[0] == 0xfe && b[1] & 0xc0 == 0xc0 { return false }    // fec0::/10 site-local (deprecated)
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 { return false } // documentation
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00 { return false } // Teredo
        if b[0] == 0x20 && b[1] == 0x02 { return false }           // 6to4: an IPv4 address inside
        return b[0] & 0xe0 == 0x20                                  // 2000::/3 is the global unicast space
    }

    static func isPublicIPv4(_ b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return false
        case (100, 64...127): return false                          // shared address space (CGNAT)
        case (169, 254): return false                               // link-local (cloud metadata lives here)
        case (172, 16...31): return false
        case (192, 168): return false
        case (192, 0) where b[2] == 0 || b[2] == 2: return false    // IETF protocol assignments, documentation
        case (198, 18...19): return false                           // benchmarking
        case (198, 51) where b[2] == 100: return false              // documentation
        case (203, 0) where b[2] == 113: return false               // documentation
        case (224...255, _): return false                           // multicast, reserved, broadcast
        default: return true
        }
    }
}
