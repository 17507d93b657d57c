extension CredentialKitError.Code {
    /// A ``JSONValue`` did not have the shape a `Decodable` type needs; the reason names the coding path.
    public static let decodingFailed = Self("decodingFailed")
    /// An `Encodable` value could not be expressed as JSON (a non-finite or inexact number); the reason names the coding path.
    public static let encodingFailed = Self("encodingFailed")
}
