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
    public let file: String
    public let line: Int

    public init(_ kind: Kind, url: String, _ detail: String, file: String = #fileID, line: Int = #line) {
        self.kind = kind
        self.url = url
        self.detail = detail
        self.file = file
        self.line = line
    }

    public var description: String { detail }
}

extension ResourceError: LaurelError {
    public var errorCode: String { kind.rawValue }
    public var reason: String { detail }
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
                "\(url) was not provided (verifying offline, and no local copy was given)")
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

/// Remembers what another fetcher answered for each URL (its bytes, or why it failed), so that
/// many credentials sharing a status list or an issuer's key document cost one fetch — and a
/// server that never answers costs one timeout, not one per credential.
///
/// For one run (a `laurel verify` of many files): what it remembers does not expire.
public final class MemoizingResourceFetcher: ResourceFetcher, @unchecked Sendable {
    public let base: any ResourceFetcher
    private let lock = NSLock()
    private var outcomes: [String: Result<[UInt8], any Error>] = [:]
    private var inFlight: [String: Task<[UInt8], any Error>] = [:]

    public init(_ base: any ResourceFetcher) {
        self.base = base
    }

    public func fetch(_ url: String) async throws -> [UInt8] {
        let key = LocalResources.withoutFragment(url)
        let task: Task<[UInt8], any Error> = lock.withLock {
            if let outcome = outcomes[key] { return Task { try outcome.get() } }
            if let running = inFlight[key] { return running }
            let base = self.base
            let running = Task { try await base.fetch(url) }
            inFlight[key] = running
            return running
        }
        let result = await task.result
        lock.withLock {
            if outcomes[key] == nil { outcomes[key] = result }
            inFlight[key] = nil
        }
        return try result.get()
    }
}
