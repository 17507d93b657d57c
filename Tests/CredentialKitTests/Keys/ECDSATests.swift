import Foundation
import Testing
@testable import CredentialKit

@Suite("ECDSA")
struct ECDSATests {
    /// A published W3C vc-di-ecdsa signature: the combined-hash bytes and raw r‖s, with its key pair.
    struct PublishedSignature: Sendable, CustomTestStringConvertible {
        let directory: String
        let suffix: String
        let keyPair: String
        var testDescription: String { directory }
    }

    static let published: [PublishedSignature] = [
        .init(directory: "ecdsa-jcs-2019-p256", suffix: "JCSECDSAP256", keyPair: "p256KeyPair.json"),
        .init(directory: "ecdsa-rdfc-2019-p256", suffix: "ECDSAP256", keyPair: "p256KeyPair.json"),
        .init(directory: "ecdsa-jcs-2019-p384", suffix: "JCSECDSAP384", keyPair: "p384KeyPair.json"),
        .init(directory: "ecdsa-rdfc-2019-p384", suffix: "ECDSAP384", keyPair: "p384KeyPair.json"),
    ]

    /// The group orders n of P-256 and P-384, big-endian.
    static let p256Order = KeyTestSupport.hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
    static let p384Order = KeyTestSupport.hex("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973")

    @Test("W3C key pairs: the secret key gives the published public Multikey",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)),
          arguments: [("p256KeyPair.json", KeyAlgorithm.p256), ("p384KeyPair.json", .p384)])
    func publishedKeyPairs(file: String, algorithm: KeyAlgorithm) throws {
        let pair = try KeyTestSupport.keyPair("vectors/w3c-vc-di-ecdsa/" + file)
        let key = try PrivateKey(multibaseSecretKey: try #require(pair.secret))
        #expect(key.algorithm == algorithm)
        #expect(key.publicKey.multikey == pair.publicKeyMultibase)
    }

    @Test("published W3C signatures over the combined hash verify; tampered ones do not",
          .enabled(if: Shared.available, Comment(rawValue: Shared.missingMessage)), arguments: published)
    func publishedSignatures(vector: PublishedSignature) throws {
        let base = "vectors/w3c-vc-di-ecdsa/\(vector.directory)/"
        let message = try KeyTestSupport.hexFile(base + "combinedHash\(vector.suffix).txt")
        let signature = try KeyTestSupport.hexFile(base + "sigHex\(vector.suffix).txt")
        let key = try PublicKey(multikey: KeyTestSupport.keyPair("vectors/w3c-vc-di-ecdsa/" + vector.keyPair).publicKeyMultibase)
        #expect(signature.count == 2 * key.algorithm.coordinateByteCount)
        #expect(key.isValidSignature(signature, for: message))
        #expect(!key.isValidSignature(KeyTestSupport.flippingBit(signature, at: 5), for: message))
        #expect(!key.isValidSignature(KeyTestSupport.flippingBit(signature, at: signature.count - 1, bit: 7), for: message))
        #expect(!key.isValidSignature(signature, for: KeyTestSupport.flippingBit(message, at: 0)))
        // The published base58btc proof value carries the same bytes.
        let proofValue = try Shared.text(base + "sigBTC58\(vector.suffix).txt").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try Multibase.decode(proofValue) == signature)
    }

    @Test("sign then verify, for P-256 and P-384", arguments: [KeyAlgorithm.p256, .p384])
    func roundTrip(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        let message = KeyTestSupport.combinedHashLikeMessage
        let signature = try key.sign(message)
        #expect(signature.count == 2 * algorithm.coordinateByteCount)
        #expect(key.publicKey.isValidSignature(signature, for: message))
        #expect(!key.publicKey.isValidSignature(signature, for: message.dropLast()))
        #expect(!key.publicKey.isValidSignature(KeyTestSupport.flippingBit(signature, at: 0), for: message))
        let other = try PrivateKey.generate(algorithm)
        #expect(!other.publicKey.isValidSignature(signature, for: message))
    }

    @Test("r or s zero, at or above the order, or the wrong length: false, never a crash",
          arguments: [KeyAlgorithm.p256, .p384])
    func outOfRangeSignatures(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        let message: [UInt8] = Array("message".utf8)
        let signature = try key.sign(message)
        let width = algorithm.coordinateByteCount
        let order = algorithm == .p256 ? Self.p256Order : Self.p384Order
        let r = Array(signature.prefix(width)), s = Array(signature.suffix(width))
        let zero = [UInt8](repeating: 0, count: width)
        let allOnes = [UInt8](repeating: 0xff, count: width)
        let cases: [(String, [UInt8])] = [
            ("r = 0", zero + s), ("s = 0", r + zero), ("r = s = 0", zero + zero),
            ("s = n (high S, out of range)", r + order), ("r = n", order + s),
            ("s = 2^k - 1", r + allOnes), ("empty", []), ("one byte short", Array(signature.dropLast())),
            ("one byte long", signature + [0]), ("DER instead of raw", [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]),
        ]
        #expect(key.publicKey.isValidSignature(signature, for: message))
        for (name, bad) in cases {
            #expect(!key.publicKey.isValidSignature(bad, for: message), "\(name)")
        }
        // The twin (r, n − s) is valid ECDSA too. Like OpenSSL and WebCrypto, and unlike Bitcoin's low-S rule,
        // it is accepted: other issuers' signatures have either S, and rejecting one half would break interop.
        #expect(key.publicKey.isValidSignature(r + Self.subtract(s, from: order), for: message))
    }

    /// `minuend − subtrahend` for equal-length big-endian unsigned integers (minuend ≥ subtrahend).
    static func subtract(_ subtrahend: [UInt8], from minuend: [UInt8]) -> [UInt8] {
        var out = minuend
        var borrow = 0
        for index in out.indices.reversed() {
            let difference = Int(minuend[index]) - Int(subtrahend[index]) - borrow
            out[index] = UInt8((difference + 256) % 256)
            borrow = difference < 0 ? 1 : 0
        }
        return out
    }

    @Test("secret scalars of the wrong size, zero, or not below the order are rejected")
    func badScalars() {
        func secret(_ prefix: [UInt8], _ body: [UInt8]) -> String { Multibase.encodeBase58btc(prefix + body) }
        let p256 = Varint.encode(0x1306), p384 = Varint.encode(0x1307)
        #expect(p256 == [0x86, 0x26] && p384 == [0x87, 0x26])
        for bad in [secret(p256, [UInt8](repeating: 1, count: 31)), secret(p256, [UInt8](repeating: 0, count: 32)),
                    secret(p256, Self.p256Order), secret(p384, [UInt8](repeating: 1, count: 32)),
                    secret(p384, Self.p384Order)] {
            #expect(throws: CredentialKitError(.invalidKey, "")) { try PrivateKey(multibaseSecretKey: bad) }
        }
    }

    @Test("the P1363 ↔ DER conversion round-trips and refuses oversized halves")
    func signatureEncoding() throws {
        let raw = [UInt8](repeating: 0, count: 31) + [7] + [0x80] + [UInt8](repeating: 1, count: 31)
        let der = try #require(ECDSASignatureEncoding.der(fromRaw: raw, width: 32))
        #expect(der.first == 0x30)
        #expect(try ECDSASignatureEncoding.raw(fromDER: der, width: 32) == raw)
        #expect(throws: CredentialKitError(.invalidSignatureEncoding, "")) { try ECDSASignatureEncoding.raw(fromDER: der, width: 16) }
        #expect(throws: CredentialKitError(.invalidSignatureEncoding, "")) { try ECDSASignatureEncoding.raw(fromDER: [0x30, 0x01], width: 32) }
        #expect(ECDSASignatureEncoding.der(fromRaw: raw.dropLast(), width: 32) == nil)
    }
}
