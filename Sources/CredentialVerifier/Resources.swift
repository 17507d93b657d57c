import CredentialKit
import Foundation

/// Answers the URLs a verifier needs (issuer profiles, DID documents, status lists).
///
/// Injected, so that offline verification is a local fetcher and tests need no network.
public protocol ResourceFetcher: Sendable {
    /// The bytes at `url`.
    /// - Throws: ``ResourceError`` saying why the resource could not be had.
    func fetch(_ url: String) async throws -> [UInt8]
}

/// Why a resource could not be had.
public struct ResourceError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case notProvided = "not provided", unreachable, timedOut = "timed out", tooLarge = "too large", unreadable
    }
    public var kind: Kind
    public var url: String
    public var detail: String

    public init(_ kind: Kind, url: String, _ detail: String) {
        self.kind = kind
        self.url = url
        self.detail = detail
    }

    public var description: String { detail }
}

/// Serves URLs from local files (`--resource URL=PATH`), and nothing else.
public struct LocalResources: ResourceFetcher {
    public var files: [String: String]
    public var maxBytes: Int

    public init(files: [String: String] = [:], maxBytes: Int = 8 << 20) {
        self.files = files
        self.maxBytes = maxBytes
    }

    public func fetch(_ url: String) async throws -> [UInt8] {
        guard let path = files[url] ?? files[Self.withoutFragment(url)] else {
            throw ResourceError(.notProvided, url: url,
                "\(url) was not provided (verifying offline: give it with --resource \(url)=FILE)")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maxBytes {
            throw ResourceError(.tooLarge, url: url, "\(path) (for \(url)) is larger than \(maxBytes) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ResourceError(.unreadable, url: url, "\(path) (for \(url)) cannot be read")
        }
        return Array(data)
    }

    static func withoutFragment(_ url: String) -> String {
        url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? url
    }
}
