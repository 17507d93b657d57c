/// Base64url without padding (RFC 4648 §5), as JWTs and multibase "u" use it.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = Int8(value) }
        return table
    }()

    /// `bytes` as base64url, without "=" padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int(group >> UInt32(shift) & 63)]) }
            index += 3
        }
        let remaining = bytes.count - index
        if remaining == 1 {
            let group = UInt32(bytes[index]) << 16
            for shift in [18, 12] { out.append(alphabet[Int(group >> UInt32(shift) & 63)]) }
        } else if remaining == 2 {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            for shift in [18, 12, 6] { out.append(alphabet[Int(group >> UInt32(shift) & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `text` encodes.
    ///
    /// - Throws: `.invalidEncoding` for a character outside the base64url alphabet (padding "=" included),
    ///   naming it and its position, for an impossible length, or for non-zero unused trailing bits.
    public static func decode(_ text: String) throws -> [UInt8] {
        try decode(text[...])
    }

    /// The bytes `text` encodes; `positionOffset` is added to positions in error messages.
    static func decode(_ text: Substring, positionOffset: Int = 0) throws -> [UInt8] {
        let characters = Array(text.utf8)
        guard characters.count % 4 != 1 else {
            throw CredentialKitError(.invalidEncoding, "base64url text of \(characters.count) characters has an impossible length (one more than a multiple of 4)")
        }
        var out: [UInt8] = []
        out.reserveCapacity(characters.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for (offset, character) in characters.enumerated() {
            let value = character < 128 ? Int(values[Int(character)]) : -1
            guard value >= 0 else {
                let hint = character == UInt8(ascii: "=") ? " (padding is not used)" : ""
                throw CredentialKitError(.invalidEncoding, "\(Base58.describe(character: character)) at position \(offset + positionOffset) is not a base64url character\(hint)")
            }
            accumulator = accumulator << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
                accumulator &= (1 << UInt32(bitCount)) - 1
            }
        }
        guard accumulator == 0 else {
            throw CredentialKitError(.invalidEncoding, "the base64url text ends with non-zero unused bits, so it is not the canonical encoding")
        }
        return out
    }
}
