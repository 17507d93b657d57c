@testable import CredentialKit

/// A small seeded generator, so "random" status lists are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// CRC-32 (IEEE, as in the GZIP trailer), bit by bit; for small test inputs only.
func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

/// Little-endian bytes of a 32-bit value, as GZIP writes its trailer.
func littleEndian(_ value: UInt32) -> [UInt8] {
    (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) }
}

/// Writes a DEFLATE bit stream: values least significant bit first, Huffman codes
/// most significant bit first (RFC 1951 §3.1.1).
struct DeflateBitWriter {
    private(set) var bytes: [UInt8] = []
    private var bitPosition = 0

    mutating func write(_ value: UInt32, bits: Int) {
        for i in 0..<bits { append(bit: (value >> UInt32(i)) & 1) }
    }

    mutating func writeHuffman(_ code: UInt32, bits: Int) {
        for i in (0..<bits).reversed() { append(bit: (code >> UInt32(i)) & 1) }
    }

    /// Length 258 (fixed code 285, 8 bits) at distance 1 (fixed distance code 0, 5 bits): 13 bits.
    mutating func writeMatch258Distance1() {
        writeHuffman(0b1100_0101, bits: 8)
        writeHuffman(0, bits: 5)
    }

    private mutating func append(bit: UInt32) {
        if bitPosition == 0 { bytes.append(0) }
        bytes[bytes.count - 1] |= UInt8(bit) << UInt8(bitPosition)
        bitPosition = (bitPosition + 1) % 8
    }
}

/// A GZIP member of `1 + 258 * (1 + 8 * groups)` zero bytes, built by hand without zlib.
///
/// One fixed-Huffman block: a literal 0, then length-258 distance-1 matches. The
/// first literal and match fill exactly 3 bytes and every 8 further matches fill
/// exactly 13 bytes, so the stream is built by repeating those 13 bytes: a few
/// megabytes describe a gigabyte. The trailer's CRC-32 is computed only when
/// `withCRC` is set (it is slow for huge outputs; a bounded decoder stops long before it).
func zerosGZip(groups: Int, withCRC: Bool) -> (gzip: [UInt8], expandedSize: Int) {
    var head = DeflateBitWriter()
    head.write(1, bits: 1)              // BFINAL
    head.write(1, bits: 2)              // BTYPE 01: fixed Huffman codes
    head.writeHuffman(0b0011_0000, bits: 8) // literal 0
    head.writeMatch258Distance1()
    var period = DeflateBitWriter()
    for _ in 0..<8 { period.writeMatch258Distance1() }
    precondition(head.bytes.count == 3 && period.bytes.count == 13)

    let size = 1 + 258 * (1 + 8 * groups)
    var gzip: [UInt8] = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]
    gzip.reserveCapacity(gzip.count + 3 + 13 * groups + 1 + 8)
    gzip += head.bytes
    for _ in 0..<groups { gzip += period.bytes }
    gzip.append(0x00)                   // end-of-block: 7 zero bits, then padding
    gzip += littleEndian(withCRC ? crc32([UInt8](repeating: 0, count: size)) : 0)
    gzip += littleEndian(UInt32(truncatingIfNeeded: size))
    return (gzip, size)
}

/// A shared vector file, parsed with CredentialKit's own JSON parser.
func sharedJSON(_ relative: String) throws -> JSONValue {
    try JSONParser.parse(Shared.data(relative))
}
