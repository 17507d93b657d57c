/// Parses JSON text strictly, as RFC 8259 defines it, into a ``JSONValue``.
///
/// The parser is meant for input that will be hashed or signed, so it rejects
/// everything RFC 8259 leaves to the implementation: duplicate object keys,
/// invalid UTF-8, unpaired surrogate escapes, numbers too large for a double,
/// a leading byte order mark, and trailing content. Every error is a
/// ``CredentialKitError`` whose reason names the problem and its place as
/// "line L, column C (byte offset O)".
///
/// It scans bytes in a contiguous buffer and keeps open arrays and objects on
/// an explicit stack, so deep input never overflows the call stack.
public struct JSONParser: Sendable {
    /// Bounds the parser enforces before and while it reads.
    public struct Limits: Sendable {
        /// The largest input, in bytes, the parser accepts; checked before parsing.
        public var maxBytes: Int
        /// The deepest nesting of arrays and objects the parser accepts (a scalar alone has depth 0).
        ///
        /// Keep it modest: the parser itself never recurses, but comparing, hashing and
        /// freeing a ``JSONValue`` do, one call level per nesting level.
        public var maxDepth: Int

        /// 16 MiB and 128 levels: ample for credentials and JSON-LD contexts.
        public static let `default` = Limits(maxBytes: 16 << 20, maxDepth: 128)

        public init(maxBytes: Int, maxDepth: Int) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
        }
    }

    /// Parses one JSON text from UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - bytes: The whole JSON text, UTF-8 encoded, with no byte order mark.
    ///   - limits: Size and depth bounds; ``Limits/default`` unless given.
    /// - Returns: The value the text denotes, with object members in document order.
    /// - Throws: ``CredentialKitError`` with code `.inputTooLarge`, `.nestingTooDeep`,
    ///   `.duplicateKey`, `.invalidUTF8`, `.unrepresentableNumber` or `.malformedJSON`.
    public static func parse(_ bytes: some Collection<UInt8>, limits: Limits = .default) throws -> JSONValue {
        try checkSize(bytes.count, limits: limits)
        if let value = try bytes.withContiguousStorageIfAvailable({ buffer in
            var scanner = JSONScanner(input: buffer, maxDepth: limits.maxDepth)
            return try scanner.parseDocument()
        }) {
            return value
        }
        return try parse(Array(bytes), limits: limits)
    }

    /// Parses one JSON text held in a string.
    ///
    /// - Parameters:
    ///   - text: The whole JSON text.
    ///   - limits: Size and depth bounds; `maxBytes` counts the text's UTF-8 bytes.
    /// - Returns: The value the text denotes, with object members in document order.
    /// - Throws: ``CredentialKitError``, with the same codes as the byte-collection overload.
    public static func parse(_ text: String, limits: Limits = .default) throws -> JSONValue {
        try checkSize(text.utf8.count, limits: limits)
        var text = text
        return try text.withUTF8 { buffer in
            var scanner = JSONScanner(input: buffer, maxDepth: limits.maxDepth)
            return try scanner.parseDocument()
        }
    }

    private static func checkSize(_ count: Int, limits: Limits) throws {
        guard count <= limits.maxBytes else {
            throw CredentialKitError(
                .inputTooLarge,
                "Invalid JSON: the input is \(count) bytes, more than the limit of \(limits.maxBytes) bytes")
        }
    }
}
