/// Unsigned LEB128 varints, as multicodec prefixes use them.
enum Varint {
    /// `value` as a varint: 7 bits per byte, least significant first, high bit set on all but the last.
    static func encode(_ value: UInt64) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7f)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            out.append(byte)
        } while value != 0
        return out
    }

    /// The varint at the start of `bytes` and how many bytes it took; nil when it is truncated,
    /// longer than 9 bytes, or not minimally encoded.
    static func decode(_ bytes: some Collection<UInt8>) -> (value: UInt64, length: Int)? {
        var value: UInt64 = 0
        var length = 0
        for byte in bytes.prefix(9) {
            value |= UInt64(byte & 0x7f) << (7 * UInt64(length))
            length += 1
            if byte & 0x80 == 0 {
                guard length == 1 || byte != 0 else { return nil }  // a trailing zero group is not minimal
                return (value, length)
            }
        }
        return nil
    }
}
