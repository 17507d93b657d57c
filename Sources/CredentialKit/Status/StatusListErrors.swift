extension CredentialKitError.Code {
    /// A `credentialStatus` entry of type `BitstringStatusListEntry` is missing a
    /// property or has a malformed one (the spec's MALFORMED_VALUE_ERROR).
    public static let invalidStatusEntry = Self("invalidStatusEntry")
    /// A status list would expand past the caller's size cap (a likely zip bomb).
    public static let statusListTooLarge = Self("statusListTooLarge")
}
