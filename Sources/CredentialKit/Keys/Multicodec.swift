/// The multicodec codes Multikey uses to tag key bytes.
enum Multicodec: UInt64 {
    case ed25519Public = 0xed
    case p256Public = 0x1200
    case p384Public = 0x1201
    case rsaPublic = 0x1205
    case ed25519Private = 0x1300
    case p256Private = 0x1306
    case p384Private = 0x1307

    /// The code's varint prefix (e.g. `ed 01` for Ed25519 public keys).
    var prefix: [UInt8] { Varint.encode(rawValue) }

    /// The code tagging public keys of `algorithm`.
    static func publicKey(_ algorithm: KeyAlgorithm) -> Multicodec {
        switch algorithm {
        case .ed25519: .ed25519Public
        case .p256: .p256Public
        case .p384: .p384Public
        case .rsa: .rsaPublic
        }
    }

    /// The code at the start of `bytes` and the bytes after it.
    ///
    /// - Throws: `.invalidKey` when the prefix is not a varint or not one of ``Multicodec``'s codes.
    static func split(_ bytes: [UInt8], what: String) throws -> (codec: Multicodec, body: [UInt8]) {
        guard let (value, length) = Varint.decode(bytes) else {
            throw CredentialKitError(.invalidKey, "\(what) does not start with a multicodec varint")
        }
        guard let codec = Multicodec(rawValue: value) else {
            throw CredentialKitError(.invalidKey, "\(what) has multicodec 0x\(String(value, radix: 16)), which is not a supported key type")
        }
        return (codec, Array(bytes.dropFirst(length)))
    }
}
