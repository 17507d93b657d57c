extension StatusBitstring {
    /// The fewest entries a published list may have (W3C Bitstring Status List v1.0, for herd privacy).
    public static let minimumEntryCount = 131_072
}
