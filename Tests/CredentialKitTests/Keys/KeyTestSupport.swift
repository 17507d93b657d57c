import Foundation
@testable import CredentialKit

/// Helpers shared by the key tests: vector loading, hex, and bit flipping.
enum KeyTestSupport {
    /// A Multikey key pair file from the shared vectors (W3C and 1EdTech spell the secret member differently).
    struct KeyPairFile: Decodable {
        let publicKeyMultibase: String
        let secretKeyMultibase: String?
        let privateKeyMultibase: String?

        var secret: String? { secretKeyMultibase ?? privateKeyMultibase }
    }

    static func keyPair(_ relative: String) throws -> KeyPairFile {
        try JSONDecoder().decode(KeyPairFile.self, from: Shared.data(relative))
    }

    /// Hex text from a shared vector file, decoded (surrounding whitespace ignored).
    static func hexFile(_ relative: String) throws -> [UInt8] {
        let text = try Shared.text(relative).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(text) else { throw CocoaError(.fileReadCorruptFile) }
        return bytes
    }

    static func hex(_ text: String) -> [UInt8] {
        Hex.decode(text) ?? []
    }

    /// `bytes` with one bit flipped at `index`.
    static func flippingBit(_ bytes: [UInt8], at index: Int, bit: Int = 0) -> [UInt8] {
        var copy = bytes
        copy[index] ^= UInt8(1 << bit)
        return copy
    }

    /// A 64-byte message shaped like a Data Integrity combined hash.
    static let combinedHashLikeMessage: [UInt8] = Digest.sha256.hash("proof") + Digest.sha256.hash("document")
}
