/// The uncompressed bitstring of a Bitstring Status List (W3C Bitstring Status List v1.0).
///
/// Bit 0 is the most significant (left-most) bit of byte 0, and the last bit is the
/// least significant bit of the last byte, as §"Bitstring Encoding" of the spec lays
/// them out. A status of `statusSize` bits for list index `i` occupies bits
/// `i * statusSize ..< (i + 1) * statusSize`, read with the first bit as the most
/// significant bit of the value.
///
/// This type enforces only that the length is a whole number of bytes; the spec's
/// minimum of 131,072 entries (STATUS_LIST_LENGTH_ERROR) is the caller's policy.
public struct StatusBitstring: Sendable, Hashable {
    /// The bits, eight to a byte, most significant bit first.
    public private(set) var bytes: [UInt8]

    /// The number of bits (always a multiple of 8).
    public var bitCount: Int { bytes.count * 8 }

    /// A bitstring of `bitCount` zero bits.
    ///
    /// - Precondition: `bitCount` is a positive multiple of 8.
    public init(bitCount: Int) {
        precondition(bitCount >= 8 && bitCount % 8 == 0, "StatusBitstring bitCount must be a positive multiple of 8, got \(bitCount)")
        bytes = [UInt8](repeating: 0, count: bitCount / 8)
    }

    /// A bitstring over `bytes` as they are laid out in an uncompressed status list.
    ///
    /// - Throws: ``CredentialKitError`` `.invalidStatusList` when `bytes` is empty.
    public init(bytes: [UInt8]) throws {
        guard !bytes.isEmpty else {
            throw CredentialKitError(.invalidStatusList, "status list bitstring is empty")
        }
        self.bytes = bytes
    }

    /// The bit at `index`.
    ///
    /// - Precondition: `0 <= index < bitCount`; use ``value(at:statusSize:)`` for
    ///   indices that come from input.
    public subscript(index: Int) -> Bool {
        get {
            precondition(index >= 0 && index < bitCount, "bit index \(index) is outside 0..<\(bitCount)")
            return bytes[index >> 3] & Self.mask(index) != 0
        }
        set {
            precondition(index >= 0 && index < bitCount, "bit index \(index) is outside 0..<\(bitCount)")
            if newValue {
                bytes[index >> 3] |= Self.mask(index)
            } else {
                bytes[index >> 3] &= ~Self.mask(index)
            }
        }
    }

    /// The status of list entry `index`: `statusSize` bits from bit `index * statusSize`,
    /// first bit most significant.
    ///
    /// - Returns: the value, or nil when `statusSize` is not in `1...64` or the entry
    ///   does not lie wholly inside the bitstring (the spec's RANGE_ERROR).
    public func value(at index: Int, statusSize: Int = 1) -> UInt? {
        guard let start = Self.firstBit(of: index, statusSize: statusSize, bitCount: bitCount) else { return nil }
        var value: UInt = 0
        for bit in start..<(start + statusSize) {
            value = value << 1 | (self[bit] ? 1 : 0)
        }
        return value
    }

    /// Stores `value` as the status of list entry `index`, in `statusSize` bits.
    ///
    /// - Precondition: `statusSize` is in `1...64`, the entry lies inside the
    ///   bitstring, and `value` fits in `statusSize` bits.
    public mutating func setValue(_ value: UInt, at index: Int, statusSize: Int) {
        guard let start = Self.firstBit(of: index, statusSize: statusSize, bitCount: bitCount) else {
            preconditionFailure("status entry \(index) of \(statusSize) bits is outside a bitstring of \(bitCount) bits")
        }
        precondition(statusSize == UInt.bitWidth || value >> UInt(statusSize) == 0, "status value \(value) does not fit in \(statusSize) bits")
        for offset in 0..<statusSize {
            self[start + offset] = (value >> UInt(statusSize - 1 - offset)) & 1 == 1
        }
    }

    /// The indices of all set bits, in increasing order.
    public var setIndices: [Int] {
        var indices: [Int] = []
        for (byteIndex, byte) in bytes.enumerated() where byte != 0 {
            for bit in 0..<8 where byte & (0x80 >> UInt8(bit)) != 0 {
                indices.append(byteIndex * 8 + bit)
            }
        }
        return indices
    }

    /// The spec's `encodedList`: `u` (multibase base64url) + unpadded base64url of the GZIP'd bytes.
    ///
    /// - Throws: ``CredentialKitError`` if compression fails.
    public func encodedList() throws -> String {
        "u" + Base64URL.encode(try GZip.compress(bytes))
    }

    /// Decodes an `encodedList` (the spec's Bitstring Expansion Algorithm).
    ///
    /// Only the multibase base64url form (`u` prefix, no padding) is accepted. Values
    /// without the prefix (plain base64 or base64url, as some StatusList2021-era lists
    /// were) are rejected: the spec requires the prefix, and digitalbazaar's
    /// vc-bitstring-status-list (`BitstringStatusList.decode`) rejects them too.
    ///
    /// - Parameters:
    ///   - encodedList: the `credentialSubject.encodedList` string.
    ///   - maxBytes: the largest uncompressed bitstring to accept, in bytes (16 MiB by default).
    /// - Throws: ``CredentialKitError`` `.invalidStatusList` for a missing prefix, bad
    ///   base64url, or bad GZIP; `.statusListTooLarge` past `maxBytes`.
    public init(encodedList: String, maxBytes: Int = 16 << 20) throws {
        guard encodedList.utf8.first == UInt8(ascii: "u") else {
            let found = encodedList.first.map { "'\($0)'" } ?? "an empty string"
            throw CredentialKitError(.invalidStatusList, "encodedList must start with the multibase prefix 'u' (base64url, no padding), found \(found)")
        }
        let body = encodedList.utf8.dropFirst()
        // GZIP of n bytes is at most about n + n/1000 + 64 bytes; base64url adds a third.
        let longestPlausible = min(max(maxBytes, 0), Int.max / 8) / 3 * 8 + 512
        guard body.count <= longestPlausible else {
            throw CredentialKitError(.statusListTooLarge, "encodedList is \(body.count) characters, longer than any encoding of a list within the limit of \(maxBytes) bytes")
        }
        let compressed: [UInt8]
        do {
            compressed = try Base64URL.decode(String(Substring(body)))
        } catch let error as CredentialKitError {
            throw CredentialKitError(.invalidStatusList, "encodedList (after the 'u' prefix) is not unpadded base64url: \(error.reason)")
        }
        let expanded: [UInt8]
        do {
            expanded = try GZip.decompress(compressed, maxOutputBytes: maxBytes)
        } catch let error as CredentialKitError {
            throw CredentialKitError(error.code, "encodedList: \(error.reason)")
        }
        guard !expanded.isEmpty else {
            throw CredentialKitError(.invalidStatusList, "encodedList decompresses to an empty bitstring")
        }
        bytes = expanded
    }

    /// The single-bit mask for `index` within its byte (bit 0 is 0x80).
    private static func mask(_ index: Int) -> UInt8 {
        0x80 >> UInt8(index & 7)
    }

    /// The first bit of entry `index`, or nil when the entry is out of range or
    /// `statusSize` is not in `1...64`.
    private static func firstBit(of index: Int, statusSize: Int, bitCount: Int) -> Int? {
        guard index >= 0, (1...UInt.bitWidth).contains(statusSize) else { return nil }
        let (start, overflow) = index.multipliedReportingOverflow(by: statusSize)
        guard !overflow, start <= bitCount - statusSize else { return nil }
        return start
    }
}
