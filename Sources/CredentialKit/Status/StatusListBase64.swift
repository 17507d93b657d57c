/// Base64url without padding (RFC 4648 §5), as the spec's multibase `u` encoding uses.
///
/// Kept private to status lists; it can be replaced by the shared `Base64URL` once that lands.
enum StatusListBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The value of each base64url character, or 0xff for a byte outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// Encodes `bytes` as base64url with no `=` padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int(group >> UInt32(shift) & 0x3f)]) }
            index += 3
        }
        let remaining = bytes.count - index
        if remaining == 1 {
            let group = UInt32(bytes[index]) << 16
            for shift in [18, 12] { out.append(alphabet[Int(group >> UInt32(shift) & 0x3f)]) }
        } else if remaining == 2 {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            for shift in [18, 12, 6] { out.append(alphabet[Int(group >> UInt32(shift) & 0x3f)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes unpadded base64url strictly.
    ///
    /// - Throws: ``CredentialKitError`` `.invalidStatusList` naming `field` for a
    ///   character outside the base64url alphabet (including `=`, `+`, `/` and
    ///   whitespace), an impossible length, or non-zero unused bits in the last character.
    static func decode(_ text: some StringProtocol, field: String) throws -> [UInt8] {
        let characters = Array(text.utf8)
        guard characters.count % 4 != 1 else {
            throw CredentialKitError(.invalidStatusList, "\(field): \(characters.count) base64url characters is not a possible length")
        }
        var out: [UInt8] = []
        out.reserveCapacity(characters.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for (position, character) in characters.enumerated() {
            let value = values[Int(character)]
            guard value != 0xff else {
                let shown = character < 0x80 ? "'\(Character(Unicode.Scalar(character)))'" : "byte 0x\(Hex.encode([character]))"
                throw CredentialKitError(.invalidStatusList, "\(field): \(shown) at position \(position) is not a base64url character (the value must be unpadded base64url)")
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
            throw CredentialKitError(.invalidStatusList, "\(field): the last base64url character has non-zero unused bits (not a canonical encoding)")
        }
        return out
    }
}
