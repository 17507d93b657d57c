/// A badge image with a credential baked into it — an Open Badges PNG or SVG — and what was found inside.
///
/// Baking puts the credential (its JSON, or the compact JWS of a VC-JWT) into the image where
/// OB 3.0 §5.3 says: a PNG `iTXt` chunk with the keyword `openbadgecredential`, or an SVG
/// `<openbadges:credential>` element in the namespace `https://purl.imsglobal.org/ob/v3p0`.
/// Extraction also finds OB 2.0's `openbadges` chunk and `<openbadges:assertion>` element, so a
/// verifier can say what it was given. Neither trusts the image: lengths, checksums, sizes and
/// nesting are checked, an SVG's DOCTYPE (and so every entity) is refused, and nothing is fetched.
///
/// ```swift
/// let baked = try BakedBadge.bake(credentialText, into: imageBytes)   // PNG or SVG, by content
/// let found = try BakedBadge.extract(from: baked)                      // .text == credentialText
/// ```
public enum BakedBadge {
    /// The image formats a badge comes in, told apart by content.
    public enum ImageFormat: String, Sendable, CaseIterable {
        case png, svg
    }

    /// Which Open Badges version's place the credential was found in.
    public enum Version: String, Sendable {
        /// OB 3.0: `openbadgecredential` (PNG) or `<openbadges:credential>` (SVG).
        case openBadges3 = "3.0"
        /// OB 2.0: `openbadges` (PNG) or `<openbadges:assertion>` (SVG): an assertion, or its URL.
        case openBadges2 = "2.0"
    }

    /// What an image holds.
    public struct Extracted: Sendable, Hashable {
        /// The image's format.
        public var imageFormat: ImageFormat
        /// Where the text was found.
        public var version: Version
        /// The baked text exactly as stored: a credential's JSON or compact JWS (OB 3.0), or an
        /// OB 2.0 assertion's JSON, JWS or URL.
        public var text: String
    }

    /// The largest image read: badge images are kilobytes; this leaves room for photographs.
    public static let maxImageBytes = 32 << 20
    /// The largest baked text accepted (a credential is at most this many bytes anywhere in Laurel).
    public static let maxCredentialBytes = 8 << 20
    /// The OB 3.0 SVG namespace.
    public static let svgNamespace = "https://purl.imsglobal.org/ob/v3p0"
    /// The OB 2.0 SVG namespace.
    public static let svgNamespaceOB2 = "http://openbadges.org"

    /// The image format of `bytes` by content (the PNG signature, or XML whose root is `<svg>`), or nil.
    public static func imageFormat(of bytes: [UInt8]) -> ImageFormat? {
        if bytes.starts(with: PNGBadge.signature) { return .png }
        if SVGBadge.looksLikeSVG(bytes) { return .svg }
        return nil
    }

    /// `image` with `credential` (a credential's JSON, or a compact JWS) baked in, replacing any
    /// credential baked before.
    /// - Throws: ``CredentialKitError`` `.invalidBadgeImage` for an image that is not a well-formed
    ///   PNG or SVG (naming the problem), or a credential too large or not text that can be baked.
    public static func bake(_ credential: String, into image: [UInt8]) throws -> [UInt8] {
        switch imageFormat(of: image) {
        case .png: return try PNGBadge.bake(credential, into: image)
        case .svg: return try SVGBadge.bake(credential, into: image)
        case nil: throw CredentialKitError(.invalidBadgeImage, "the image is neither a PNG nor an SVG (\(describeStart(of: image)))")
        }
    }

    /// The credential baked into `image`.
    /// - Throws: ``CredentialKitError`` `.invalidBadgeImage` for a damaged or hostile image (a bad
    ///   checksum, a truncated or oversized chunk, a DOCTYPE, two credentials …), naming what and
    ///   where; `.noBakedCredential` for a sound image with no credential in it.
    public static func extract(from image: [UInt8]) throws -> Extracted {
        switch imageFormat(of: image) {
        case .png: return try PNGBadge.extract(from: image)
        case .svg: return try SVGBadge.extract(from: image)
        case nil: throw CredentialKitError(.invalidBadgeImage, "the file is neither a PNG nor an SVG (\(describeStart(of: image)))")
        }
    }

    /// A few words on how bytes start, for messages.
    static func describeStart(of bytes: [UInt8]) -> String {
        guard !bytes.isEmpty else { return "it is empty" }
        let digits = Array("0123456789abcdef")
        let head = bytes.prefix(8).map { String([digits[Int($0 >> 4)], digits[Int($0 & 15)]]) }.joined(separator: " ")
        return "it starts with the bytes \(head)"
    }
}

extension CredentialKitError.Code {
    /// A badge image that cannot be read or baked: not PNG or SVG, damaged, hostile, or holding two credentials.
    public static let invalidBadgeImage = Self("invalidBadgeImage")
    /// A sound badge image with no credential baked in.
    public static let noBakedCredential = Self("noBakedCredential")
    /// A badge image holding an Open Badges 2.0 assertion where an OB 3.0 credential was expected.
    public static let unsupportedBadgeVersion = Self("unsupportedBadgeVersion")
}
