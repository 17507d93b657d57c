import CredentialKit
import Foundation
/// A credential as received, before any check: where its JSON and its proof are.
public struct CredentialInput: Sendable {
    public enum Format: String, Sendable {
        /// JSON-LD with an embedded Data Integrity proof.
        case dataIntegrity = "json-ld"
        /// A VC-JWT (compact JWS).
        case jwt
    }

    public var format: Format
    /// The credential's JSON: the secured document for Data Integrity, the payload for a JWT.
    public var credential: JSONObject
    /// The decoded token, for a JWT.
    public var token: VCJWT.UnverifiedToken?
    /// The badge image the credential was baked into, when it came in one.
    public var bakedImage: BakedBadge.ImageFormat?

    /// Whether this is an Open Badges 2.0 assertion (signed, as a JWS, or hosted, as JSON), which
    /// is read for a legacy answer.
    public var isOpenBadges2: Bool { OpenBadges2Policy.isAssertion(credential) }

    /// The most bytes Laurel reads as one credential.
    public static let maxBytes = 8 << 20
    /// The most bytes Laurel reads as one file to verify: a credential, or a badge image holding one.
    public static let maxFileBytes = BakedBadge.maxImageBytes

    /// Reads a credential from a file's bytes: a JSON object, a compact JWT (bare, or as a JSON
    /// string), or a PNG or SVG badge image with one of those baked in (told apart by content).
    ///
    /// - Throws: ``CredentialKitError`` when the bytes are none of these; the reason names the
    ///   problem and where it is. This is the "unreadable input" of the CLI's exit code 2.
    public init(bytes: [UInt8]) throws {
        if let image = BakedBadge.imageFormat(of: bytes) {
            let baked = try BakedBadge.extract(from: bytes)
            let name = image == .png ? "PNG" : "SVG"
            if baked.version == .openBadges2, baked.text.hasPrefix("http") {
                throw CredentialKitError(.unsupportedBadgeVersion,
                    "the \(name) badge holds only the address of an Open Badges 2.0 assertion (\(baked.text.prefix(200))); save the assertion from that address and verify it")
            }
            do {
                try self.init(text: Array(baked.text.utf8))
            } catch let error as CredentialKitError {
                throw CredentialKitError(error.code, "the credential baked into the \(name) badge cannot be read: \(error.reason)")
            }
            bakedImage = image
            return
        }
        if let kind = Self.otherImageKind(bytes) {
            throw CredentialKitError(.malformedJSON, "the file is a \(kind) image; credentials are baked into PNG and SVG badges only")
        }
        try self.init(text: bytes)
    }

    /// The kind of image other than PNG and SVG that `bytes` start like, for a useful message.
    static func otherImageKind(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "JPEG" }
        if bytes.starts(with: Array("GIF8".utf8)) { return "GIF" }
        if bytes.starts(with: Array("RIFF".utf8)), bytes.count > 12, bytes[8..<12].elementsEqual("WEBP".utf8) { return "WebP" }
        return nil
    }

    /// Reads a credential from JSON or JWT text.
    private init(text bytes: [UInt8]) throws {
        guard bytes.count <= Self.maxBytes else {
            throw CredentialKitError(.inputTooLarge, "the file is \(bytes.count) bytes; a credential is at most \(Self.maxBytes) bytes")
        }
        var start = 0
        // A UTF-8 byte order mark, as Windows editors write, is not part of the JSON.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[start]) { start += 1 }
        guard start < bytes.count else {
            throw CredentialKitError(.malformedJSON, "the file is empty")
        }
        if bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "\"") || bytes[start] == UInt8(ascii: "[") {
            let value = try JSONParser.parse(Array(bytes[start...]), limits: .init(maxBytes: Self.maxBytes, maxDepth: 64))
            switch value {
            case .object(let object):
                self.init(format: .dataIntegrity, credential: object, token: nil)
            case .string(let text) where VCJWT.looksLikeJWT(text):
                try self.init(jwt: text)
            default:
                throw CredentialKitError(.malformedJSON, "the file holds JSON but not a credential object or a JWT string")
            }
        } else {
            var end = bytes.count
            while end > start, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[end - 1]) { end -= 1 }
            let text = String(decoding: bytes[start..<end], as: UTF8.self).trimmingWhitespace()
            guard VCJWT.looksLikeJWT(text) else {
                if let problem = Self.jwtProblem(text) { throw CredentialKitError(.invalidJWT, problem) }
                throw CredentialKitError(.malformedJSON, "the file is neither JSON nor a JWT (it starts with \(Self.describe(bytes[start])))")
            }
            try self.init(jwt: text)
        }
    }

    init(format: Format, credential: JSONObject, token: VCJWT.UnverifiedToken?) {
        self.format = format
        self.credential = credential
        self.token = token
    }

    init(jwt: String) throws {
        let token = try VCJWT.decode(jwt)
        self.init(format: .jwt, credential: VCJWT.credential(from: token), token: token)
    }

    /// What is wrong with text that is meant as a compact JWT (it starts like one: `eyJ`), or nil.
    static func jwtProblem(_ text: String) -> String? {
        guard text.hasPrefix("eyJ") else { return nil }
        let parts = VCJWT.compactParts(text)
        if parts.count != 3 {
            return "the file looks like a JWT but has \(parts.count) dot-separated part\(parts.count == 1 ? "" : "s"); a JWT has three (header.payload.signature)"
        }
        for (name, part) in zip(["header", "payload", "signature"], parts) {
            if let bad = part.unicodeScalars.first(where: { !(CharacterSet.alphanumerics.contains($0) && $0.isASCII) && $0 != "-" && $0 != "_" }) {
                return "the JWT's \(name) is not base64url: it contains \(bad.properties.generalCategory == .control ? "a control character" : "\"\(bad)\"")"
            }
            if part.isEmpty { return "the JWT's \(name) is empty" }
        }
        return nil
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7e).contains(byte) ? "\"\(Character(Unicode.Scalar(byte)))\"" : "byte 0x" + Hex.encode([byte])
    }
}
