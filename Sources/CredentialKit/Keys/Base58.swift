/// Bitcoin's base58 alphabet and conversion, as used by multibase "z" (base58btc).
enum Base58 {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    /// The longest text ``decode(_:)`` accepts; base58 conversion is quadratic in the length.
    static let maximumTextLength = 8192

    private static let digitValues: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = Int8(value) }
        return table
    }()

    /// `bytes` in base58; each leading zero byte becomes a leading "1".
    static func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix { $0 == 0 }.count
        // Little-endian base-58 digits of the number after the leading zeros.
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count * 138 / 100 + 1)
        for byte in bytes.dropFirst(zeros) {
            var carry = Int(byte)
            for index in digits.indices {
                carry += Int(digits[index]) << 8
                digits[index] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        var out = [UInt8](repeating: alphabet[0], count: zeros)
        out.append(contentsOf: digits.reversed().map { alphabet[Int($0)] })
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `text` encodes.
    ///
    /// - Parameter positionOffset: added to positions in error messages (1 when `text` follows a multibase prefix).
    /// - Throws: `.invalidEncoding` naming the first character outside the alphabet and its position;
    ///   `.inputTooLarge` beyond ``maximumTextLength`` characters.
    static func decode(_ text: Substring, positionOffset: Int = 0) throws -> [UInt8] {
        let characters = Array(text.utf8)
        guard characters.count <= maximumTextLength else {
            throw CredentialKitError(.inputTooLarge, "base58 text of \(characters.count) characters is longer than the \(maximumTextLength) accepted")
        }
        let ones = characters.prefix { $0 == alphabet[0] }.count
        // Little-endian base-256 bytes of the number after the leading "1"s.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(characters.count * 733 / 1000 + 1)
        for (offset, character) in characters.enumerated().dropFirst(ones) {
            let value = character < 128 ? Int(digitValues[Int(character)]) : -1
            guard value >= 0 else {
                throw CredentialKitError(.invalidEncoding, "\(describe(character: character)) at position \(offset + positionOffset) is not a base58btc character")
            }
            var carry = value
            for index in bytes.indices {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xff))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: ones) + bytes.reversed()
    }

    /// A character for an error message: quoted when printable, else as a code.
    static func describe(character byte: UInt8) -> String {
        (0x21..<0x7f).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(Hex.encode([byte]))"
    }
}
