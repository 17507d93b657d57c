/// Writes a ``JSONValue`` as UTF-8 JSON text, escaping strings as RFC 8785 does.
///
/// Strings escape only `"`, `\` and the control characters below U+0020 (as `\b`,
/// `\t`, `\n`, `\f`, `\r` or lowercase `\u00xx`); everything else is raw UTF-8.
/// Numbers use the ECMAScript format. NaN and the infinities, which JSON cannot
/// express, are written as `null` and noted in ``foundNonFiniteNumber``.
struct JSONWriter {
    /// How the text is laid out and ordered.
    struct Style {
        /// Two-space indentation, one member or element per line, `"key": value`.
        var pretty = false
        /// Object members sorted by the UTF-16 code units of their keys (RFC 8785 §3.2.3).
        var sortKeys = false
    }

    let style: Style
    private(set) var bytes: [UInt8] = []
    /// True once a NaN or infinite number was written (as `null`).
    private(set) var foundNonFiniteNumber = false

    init(style: Style) {
        self.style = style
        bytes.reserveCapacity(4096)
    }

    mutating func write(_ value: JSONValue, indent: Int = 0) {
        switch value {
        case .null: bytes += "null".utf8
        case .bool(let flag): bytes += (flag ? "true" : "false").utf8
        case .number(let number):
            if let text = ECMAScriptNumber.format(number) {
                bytes += text.utf8
            } else {
                foundNonFiniteNumber = true
                bytes += "null".utf8
            }
        case .string(let string): writeString(string)
        case .array(let elements): writeArray(elements, indent: indent)
        case .object(let object): writeObject(object, indent: indent)
        }
    }

    private mutating func writeArray(_ elements: [JSONValue], indent: Int) {
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeLineBreak(indent: indent + 1)
            write(element, indent: indent + 1)
        }
        if !elements.isEmpty { writeLineBreak(indent: indent) }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ object: JSONObject, indent: Int) {
        bytes.append(UInt8(ascii: "{"))
        let keys = object.keys
        let values = object.memberValues
        let order = style.sortKeys && keys.count > 1
            ? keys.indices.sorted { Self.utf16Precedes(keys[$0], keys[$1]) } : Array(keys.indices)
        for (written, position) in order.enumerated() {
            if written > 0 { bytes.append(UInt8(ascii: ",")) }
            writeLineBreak(indent: indent + 1)
            writeString(keys[position])
            bytes.append(UInt8(ascii: ":"))
            if style.pretty { bytes.append(UInt8(ascii: " ")) }
            write(values[position], indent: indent + 1)
        }
        if !keys.isEmpty { writeLineBreak(indent: indent) }
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func writeLineBreak(indent: Int) {
        guard style.pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes += repeatElement(UInt8(ascii: " "), count: 2 * indent)
    }

    private mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            // Runs of bytes that need no escape (nearly all of them) are copied at once.
            var runStart = 0
            for position in 0..<utf8.count {
                let byte = utf8[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < position { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position])) }
                writeEscape(byte)
                runStart = position + 1
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func writeEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        default:
            bytes += "u00".utf8
            bytes.append(Self.lowercaseHex[Int(byte >> 4)])
            bytes.append(Self.lowercaseHex[Int(byte & 0xF)])
        }
    }

    private static let lowercaseHex = Array("0123456789abcdef".utf8)

    /// Orders strings by their UTF-16 code units, as RFC 8785 §3.2.3 requires.
    static func utf16Precedes(_ lhs: String, _ rhs: String) -> Bool {
        // UTF-8 bytes order as code points do, which is UTF-16's order unless a character
        // beyond U+FFFF meets one from U+E000 to U+FFFF: ASCII keys (nearly all) compare as bytes.
        var lhs = lhs, rhs = rhs
        let ascii = lhs.withUTF8 { l in rhs.withUTF8 { r in
            l.allSatisfy { $0 < 0x80 } && r.allSatisfy { $0 < 0x80 } ? l.lexicographicallyPrecedes(r) : nil
        } }
        return ascii ?? lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
    }
}

extension JSONValue {
    /// This value as JSON text, keeping object members in their order.
    ///
    /// Strings are escaped as RFC 8785 does and numbers formatted as ECMAScript does,
    /// so `JSONParser.parse(value.serialized()) == value` for every finite value.
    /// NaN and infinite numbers, which JSON cannot express, are written as `null`.
    /// - Parameter pretty: Two-space indentation and `"key": value`; compact when false.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// This value as UTF-8 JSON text; see ``serialized(pretty:)``.
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(style: .init(pretty: pretty))
        writer.write(self)
        return writer.bytes
    }
}
