extension JSONValue {
    /// This value in the JSON Canonicalization Scheme (RFC 8785), as UTF-8 bytes.
    ///
    /// Object members are sorted by the UTF-16 code units of their keys, no
    /// whitespace is written, strings are minimally escaped and numbers take the
    /// ECMAScript form (`1e+21`, `1e-7`, `0.000001`, `-0` as `0`). These are the
    /// bytes that Data Integrity `*-jcs-*` cryptosuites hash and sign.
    /// - Returns: The canonical UTF-8 bytes.
    /// - Throws: ``CredentialKitError`` `.unrepresentableNumber` when the value holds NaN or an infinity.
    public func canonicalBytes() throws -> [UInt8] {
        var writer = JSONWriter(style: .init(sortKeys: true))
        writer.write(self)
        guard !writer.foundNonFiniteNumber else {
            let place = pathToFirstNonFiniteNumber() ?? "the value"
            throw CredentialKitError(
                .unrepresentableNumber,
                "Cannot canonicalize JSON: \(place) is NaN or infinite, which JSON cannot express")
        }
        return writer.bytes
    }

    /// This value in the JSON Canonicalization Scheme (RFC 8785); see ``canonicalBytes()``.
    public func canonicalString() throws -> String {
        String(decoding: try canonicalBytes(), as: UTF8.self)
    }

    /// A readable path such as `proof[0].value` to the first NaN or infinite number, or nil if none.
    func pathToFirstNonFiniteNumber(prefix: String = "") -> String? {
        switch self {
        case .number(let number):
            return number.isFinite ? nil : (prefix.isEmpty ? "the top-level number" : prefix)
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let path = element.pathToFirstNonFiniteNumber(prefix: "\(prefix)[\(index)]") { return path }
            }
            return nil
        case .object(let object):
            for (key, member) in object {
                let memberPrefix = prefix.isEmpty ? key : "\(prefix).\(key)"
                if let path = member.pathToFirstNonFiniteNumber(prefix: memberPrefix) { return path }
            }
            return nil
        case .null, .bool, .string:
            return nil
        }
    }
}
