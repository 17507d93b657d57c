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
        let keys = style.sortKeys ? object.keys.sorted(by: Self.utf16Precedes) : object.keys
        for (index, key) in keys.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeLineBreak(indent: indent + 1)
            writeString(key)
            bytes.append(UInt8(ascii: ":"))
            if style.pretty { bytes.append(UInt8(ascii: " ")) }
            if let member = object[key] { write(member, indent: indent + 1) }
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
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0..<0x20:
                bytes += "\\u00".utf8
                bytes.append(Self.lowercaseHex[Int(byte >> 4)])
                bytes.append(Self.lowercaseHex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let lowercaseHex = Array("0123456789abcdef".utf8)

    /// Orders strings by their UTF-16 code units, as RFC 8785 §3.2.3 requires.
    static func utf16Precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
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
