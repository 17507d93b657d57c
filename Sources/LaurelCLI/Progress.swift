import Foundation

/// Progress of long work on standard error: on a terminal a bar redrawn in place (at most five
/// times a second) with the count, the rate and the time left; otherwise a plain line every few
/// seconds, for logs.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let what: String
    private let start = Date()
    private var last = Date.distantPast
    private var drawn = false
    private let interactive = isatty(STDERR_FILENO) == 1

    init(_ what: String) { self.what = what }

    func update(_ done: Int, of total: Int) {
        lock.withLock {
            let now = Date()
            let finished = done == total
            guard finished || now.timeIntervalSince(last) >= (interactive ? 0.2 : 5) else { return }
            last = now
            let elapsed = max(now.timeIntervalSince(start), 0.001)
            let rate = Double(done) / elapsed
            let left = rate > 0 ? Int((Double(total - done) / rate).rounded(.up)) : 0
            let figures = "\(done)/\(total) \(what) · \(String(format: "%.1f", rate))/s" + (finished ? "" : " · \(Self.duration(left)) left")
            if interactive {
                let width = 24
                let filled = total > 0 ? width * done / total : width
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                FileHandle.standardError.write(Data("\r\u{1B}[2K\(bar) \(figures)".utf8))
                drawn = true
                if finished { FileHandle.standardError.write(Data("\n".utf8)); drawn = false }
            } else {
                FileHandle.standardError.write(Data("laurel: \(figures)\n".utf8))
            }
        }
    }

    static func duration(_ seconds: Int) -> String {
        seconds < 60 ? "\(seconds) s" : seconds < 3600 ? "\(seconds / 60) min \(seconds % 60) s" : "\(seconds / 3600) h \(seconds % 3600 / 60) min"
    }
}
