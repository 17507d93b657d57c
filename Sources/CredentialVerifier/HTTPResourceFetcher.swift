import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches documents over HTTPS with a timeout and a size cap.
///
/// Plain `http:` is refused except on the loopback interface (for local testing); so is any
/// response larger than ``maxBytes`` — the transfer is cancelled as soon as it passes the cap.
public struct HTTPResourceFetcher: ResourceFetcher {
    public var timeout: TimeInterval
    public var maxBytes: Int
    /// Whether a redirect to this URL is followed (each hop is asked); by default only to https.
    /// A server that must not reach its own network checks every hop's address here.
    public var allowsRedirect: @Sendable (URL) -> Bool
    /// The most redirects one fetch follows.
    public static let maxRedirects = 5

    public init(timeout: TimeInterval = 10, maxBytes: Int = 16 << 20,
                allowsRedirect: @escaping @Sendable (URL) -> Bool = { $0.scheme?.lowercased() == "https" }) {
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.allowsRedirect = allowsRedirect
    }

    public func fetch(_ url: String) async throws -> [UInt8] {
        let address = LocalResources.withoutFragment(url)
        guard let target = URL(string: address), let scheme = target.scheme?.lowercased(), let host = target.host else {
            throw ResourceError(.unreachable, url: url, "\(url) is not a URL Laurel can fetch")
        }
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw ResourceError(.unreachable, url: url, "\(url) is not an https URL; Laurel fetches only over HTTPS")
        }
        var request = URLRequest(url: target, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.setValue("application/vc+ld+json, application/ld+json, application/json, application/vc+jwt", forHTTPHeaderField: "Accept")
        let collector = CappedCollector(maxBytes: maxBytes, url: url, deadline: timeout + 2, allowsRedirect: allowsRedirect)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration, delegate: collector, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return try await collector.run(session.dataTask(with: request))
    }
}

/// Collects a response body, cancelling the transfer once it exceeds the cap.
private final class CappedCollector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var body: [UInt8] = []
    private var continuation: CheckedContinuation<[UInt8], any Error>?
    let maxBytes: Int
    let url: String
    /// A watchdog: whatever the session does, the caller gets an answer by then.
    let deadline: TimeInterval
    /// Signalled when the caller has its answer, so the watchdog thread ends early.
    private let answered = DispatchSemaphore(value: 0)

    let allowsRedirect: @Sendable (URL) -> Bool
    private var redirects = 0

    init(maxBytes: Int, url: String, deadline: TimeInterval, allowsRedirect: @escaping @Sendable (URL) -> Bool) {
        self.maxBytes = maxBytes
        self.url = url
        self.deadline = deadline
        self.allowsRedirect = allowsRedirect
    }

    /// Each redirect is asked of the policy; one refused ends the fetch with the reason.
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        let count = lock.withLock { () -> Int in redirects += 1; return redirects }
        guard let next = request.url, count <= HTTPResourceFetcher.maxRedirects, allowsRedirect(next) else {
            let target = request.url?.absoluteString ?? "nowhere"
            completionHandler(nil)
            task.cancel()
            finish(.failure(ResourceError(.unreachable, url: url, count > HTTPResourceFetcher.maxRedirects
                ? "\(url) redirected more than \(HTTPResourceFetcher.maxRedirects) times"
                : "\(url) redirected to \(target), which is not fetched (not https, or not a public address)")))
            return
        }
        completionHandler(request)
    }

    func run(_ task: URLSessionDataTask) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { continuation in
            lock.withLock { self.continuation = continuation }
            task.resume()
            // A thread of its own, not Dispatch's pool: on a busy machine (or in a process whose
            // pool is taken by other work) a pooled timer can fire far too late.
            let watchdog = Thread { [self] in
                if answered.wait(timeout: .now() + deadline) == .timedOut {
                    finish(.failure(ResourceError(.timedOut, url: url, "\(url) timed out after \(Int(deadline)) seconds")))
                    task.cancel()
                }
            }
            watchdog.stackSize = 64 << 10
            watchdog.start()
        }
    }

    /// Resumes the caller exactly once.
    private func finish(_ result: Result<[UInt8], ResourceError>) {
        let continuation: CheckedContinuation<[UInt8], any Error>? = lock.withLock {
            defer { self.continuation = nil }
            return self.continuation
        }
        guard let continuation else { return }
        continuation.resume(with: result.mapError { $0 as any Error })
        answered.signal()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            completionHandler(.cancel)
            finish(.failure(ResourceError(.unreachable, url: url, "\(url) answered HTTP \(http.statusCode)")))
            return
        }
        if response.expectedContentLength > Int64(maxBytes) {
            completionHandler(.cancel)
            finish(.failure(ResourceError(.tooLarge, url: url, "\(url) is \(response.expectedContentLength) bytes, more than the \(maxBytes) allowed")))
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let overflow: Bool = lock.withLock {
            guard body.count <= maxBytes else { return false }  // already over: ignore the rest
            body.append(contentsOf: data)
            return body.count > maxBytes
        }
        if overflow {
            dataTask.cancel()
            finish(.failure(ResourceError(.tooLarge, url: url, "\(url) is larger than the \(maxBytes) bytes allowed")))
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if let error {
            let kind: ResourceError.Kind = (error as NSError).code == NSURLErrorTimedOut ? .timedOut : .unreachable
            finish(.failure(ResourceError(kind, url: url, "\(url) \(kind == .timedOut ? "timed out" : "is unreachable"): \(error.localizedDescription)")))
        } else {
            finish(.success(lock.withLock { body }))
        }
    }
}

/// Tries local files first (`--resource`), then the network unless offline.
public struct ChainedResourceFetcher: ResourceFetcher {
    public var local: LocalResources
    public var remote: (any ResourceFetcher)?

    public init(local: LocalResources, remote: (any ResourceFetcher)?) {
        self.local = local
        self.remote = remote
    }

    public func fetch(_ url: String) async throws -> [UInt8] {
        do {
            return try await local.fetch(url)
        } catch let error as ResourceError where error.kind == .notProvided {
            guard let remote else {
                throw ResourceError(.notProvided, url: url, "\(url) was not provided (verifying offline, and no local copy was given)")
            }
            return try await remote.fetch(url)
        }
    }
}
