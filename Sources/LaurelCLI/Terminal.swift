import Foundation

/// What the CLI writes for people: plain lines, coloured only on a terminal (never when NO_COLOR is
/// set), in which every value that came from input is shown escaped.
///
/// A credential, a file name, a learner's name or an id can carry terminal escape sequences (which
/// erase lines and draw fake ones), bidirectional overrides (which make text read backwards) and
/// other invisible characters. Text output is built as ``Line`` values: the literal parts are
/// Laurel's own, and every interpolated value goes through ``escaped(_:)``. `--json` output is
/// written exactly, as JSON escapes what it must.
enum Terminal {
    static let colorEnabled: Bool = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    enum Color: String {
        case green = "32", red = "31", yellow = "33", dim = "2", bold = "1"
    }

    /// Text in colour: the text is escaped, the colour codes are Laurel's own.
    struct Painted {
        let rendered: String
    }

    static func paint(_ text: String, _ colors: Color...) -> Painted {
        let text = escaped(text)
        guard colorEnabled, !colors.isEmpty else { return Painted(rendered: text) }
        return Painted(rendered: "\u{1B}[\(colors.map(\.rawValue).joined(separator: ";"))m\(text)\u{1B}[0m")
    }

    /// One line of output whose interpolated values are escaped.
    struct Line: ExpressibleByStringInterpolation {
        let text: String

        init(stringLiteral value: String) { text = value }
        init(stringInterpolation: Interpolation) { text = stringInterpolation.text }

        struct Interpolation: StringInterpolationProtocol {
            var text = ""
            init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity * 2) }
            mutating func appendLiteral(_ literal: String) { text += literal }
            mutating func appendInterpolation(_ value: some CustomStringConvertible) { text += Terminal.escaped(value.description) }
            mutating func appendInterpolation(_ painted: Painted) { text += painted.rendered }
        }
    }

    /// Writes a line to standard output.
    static func say(_ line: Line) {
        print(line.text)
    }

    /// Writes a message to standard error, every line of it escaped.
    static func writeError(_ message: String) {
        let safe = message.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }.joined(separator: "\n")
        FileHandle.standardError.write(Data((safe + "\n").utf8))
    }

    /// `text` with every character that could change what a terminal shows written as a visible
    /// escape: control characters (C0, DEL, C1: `\n`, `\t`, `\r`, `\u{1B}` …), bidirectional
    /// formatting characters (`\u{202E}` …), zero-width and other invisible format characters, and
    /// line and paragraph separators.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else { out.unicodeScalars.append(scalar); continue }
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true                       // C0, DEL, C1 (ESC and CSI among them)
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional formatting
        case 0x200B...0x200D, 0x2060...0x2064, 0xFEFF, 0x180E: true          // zero-width and invisible
        case 0x2028, 0x2029: true                                 // line and paragraph separators
        default: false
        }
    }
}
