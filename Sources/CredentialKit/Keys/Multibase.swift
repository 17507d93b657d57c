/// Multibase text: a one-character base prefix, then the encoded bytes.
///
/// Supported bases: "z" (base58btc, used by Multikey and proof values) and "u" (base64url without padding).
public enum Multibase {
    /// `bytes` as "z" + base58btc.
    public static func encodeBase58btc(_ bytes: [UInt8]) -> String {
        "z" + Base58.encode(bytes)
    }

    /// `bytes` as "u" + base64url without padding.
    public static func encodeBase64URL(_ bytes: [UInt8]) -> String {
        "u" + Base64URL.encode(bytes)
    }

    /// The bytes a "z" or "u" multibase string encodes.
    ///
    /// - Throws: `.invalidEncoding` for empty text, another base prefix, or a bad character (named, with its
    ///   position in `text`, counting UTF-8 bytes from 0).
    public static func decode(_ text: String) throws -> [UInt8] {
        guard let prefix = text.first else {
            throw CredentialKitError(.invalidEncoding, "the multibase text is empty")
        }
        switch prefix {
        case "z": return try Base58.decode(text.dropFirst(), positionOffset: 1)
        case "u": return try Base64URL.decode(text.dropFirst(), positionOffset: 1)
        default:
            throw CredentialKitError(.invalidEncoding, "the multibase prefix '\(prefix)' is not supported; expected 'z' (base58btc) or 'u' (base64url)")
        }
    }
}
