/// One way an instance fails a JSON Schema: where, which keyword, and why in plain words.
package struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// A JSON Pointer (RFC 6901) to the failing value, e.g. `/credentialSubject/achievement/name`;
    /// empty for the whole document. A missing member is reported at the object that lacks it.
    package var instancePath: String
    /// The schema keyword that failed, e.g. `type`, `required` or `pattern`.
    package var keyword: String
    /// What is wrong, e.g. `expected a string, found a number` or `missing required member "name"`.
    package var message: String

    package init(instancePath: String, keyword: String, message: String) {
        self.instancePath = instancePath
        self.keyword = keyword
        self.message = message
    }

    /// `"<path>: <message> (<keyword>)"`, with `(root)` for the empty path.
    package var description: String {
        "\(instancePath.isEmpty ? "(root)" : instancePath): \(message) (\(keyword))"
    }
}
