/// Errors raised while processing JSON-LD.
///
/// Every JSON-LD failure is a ``CredentialKitError`` with code `.invalidJSONLD`
/// (or `.contextNotPinned` / `.undefinedTerm`); the reason starts with the error
/// code the JSON-LD 1.1 API names (for example `invalid term definition`), then
/// says what and where.
extension CredentialKitError {
    /// A JSON-LD processing error whose reason begins with the spec's error code.
    static func jsonLD(_ specCode: String, _ detail: String, file: String = #fileID, line: Int = #line) -> CredentialKitError {
        CredentialKitError(.invalidJSONLD, "\(specCode): \(detail)", file: file, line: line)
    }

    /// The JSON-LD 1.1 API error code at the start of ``reason``, for JSON-LD errors.
    var jsonLDErrorCode: String? {
        guard code == .invalidJSONLD, let colon = reason.firstIndex(of: ":") else { return nil }
        return String(reason[..<colon])
    }
}
