import Foundation
import Testing

/// Where the shared test material lives: `../shared` beside the package (or `$LAUREL_SHARED`).
///
/// Tests that read published vectors or conformance suites call ``Shared/directory(_:)``
/// and skip with a message when it is absent, so `swift test` still runs in a user's
/// fresh clone.
enum Shared {
    static let root: URL? = {
        if let override = ProcessInfo.processInfo.environment["LAUREL_SHARED"] {
            return URL(fileURLWithPath: override)
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidate = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }()

    static let missingMessage =
        "../shared (published vectors and conformance suites) is not beside the package; set LAUREL_SHARED to its path to run these tests"

    /// A directory under the shared root, e.g. `vectors/rfc8785-jcs`; nil when absent.
    static func directory(_ relative: String) -> URL? {
        guard let root else { return nil }
        let url = root.appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// True when the shared material is present; use as `.enabled(if: Shared.available, Shared.missingMessage)`.
    static var available: Bool { root != nil }

    static func data(_ relative: String) throws -> Data {
        guard let root else { throw CancellationError() }
        return try Data(contentsOf: root.appendingPathComponent(relative))
    }

    static func text(_ relative: String) throws -> String {
        String(decoding: try data(relative), as: UTF8.self)
    }
}
