/// Small badge images for the badge fuzz targets and their seed corpus: clean images to bake
/// into, and hand-built chunks that ``BakedBadge/bake(_:into:)`` never writes.
///
/// Compiled into the CredentialKit module by `Scripts/fuzz.sh`, so it uses internals.
enum BadgeSamples {
    /// A 1×1 grey PNG: signature, IHDR, one IDAT, IEND.
    static let cleanPNG: [UInt8] = {
        // width 1, height 1, bit depth 8, colour type 0 (grey), deflate, no filter, no interlace
        let ihdr: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]
        // zlib of one scan line: filter byte 0, one pixel 0
        let idat: [UInt8] = [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]
        return PNGBadge.signature + PNGBadge.frame("IHDR", ihdr) + PNGBadge.frame("IDAT", idat) + PNGBadge.frame("IEND", [])
    }()

    /// A small SVG with a title and a shape.
    static let cleanSVG: [UInt8] = Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
        <title>Badge</title>
        <circle cx="32" cy="32" r="30" fill="#2a6"/>
        </svg>
        """.utf8)

    /// A self-closing SVG root.
    static let selfClosingSVG: [UInt8] = Array(#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#.utf8)

    /// A short OB 3.0 credential's JSON (not signed: the extractors do not look inside).
    static let credentialJSON = """
        {"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],\
        "id":"urn:uuid:0f1c2d3e-4b5a-4789-9abc-def012345678","type":["VerifiableCredential","OpenBadgeCredential"],\
        "issuer":{"id":"did:example:issuer","type":["Profile"],"name":"Exämple"},"validFrom":"2026-01-01T00:00:00Z",\
        "credentialSubject":{"type":["AchievementSubject"],"achievement":{"id":"urn:example:a","type":["Achievement"],\
        "name":"Swift ]]> <b>&amp;</b>","criteria":{"narrative":"line\\nbreak"}}}}
        """

    /// A compact JWS shaped like a VC-JWT (its signature is not checked by the extractors).
    static let credentialJWT =
        "eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZTppc3N1ZXIiLCJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIl19.c2lnbmF0dXJlLW5vdC1jaGVja2VkLWhlcmU"

    /// A `tEXt` chunk: keyword, NUL, Latin-1 text.
    static func tEXt(_ keyword: String, _ text: String) -> [UInt8] {
        PNGBadge.frame("tEXt", Array(keyword.utf8) + [0] + Array(text.utf8))
    }

    /// An `iTXt` chunk, its text zlib-compressed when `compressed`.
    static func iTXt(_ keyword: String, _ text: String, compressed: Bool = false) throws -> [UInt8] {
        let body = compressed ? try zlib(Array(text.utf8)) : Array(text.utf8)
        return PNGBadge.frame("iTXt", Array(keyword.utf8) + [0, compressed ? 1 : 0, 0] + Array("en".utf8) + [0, 0] + body)
    }

    /// A `zTXt` chunk: keyword, NUL, method 0, zlib data.
    static func zTXt(_ keyword: String, _ text: String) throws -> [UInt8] {
        PNGBadge.frame("zTXt", Array(keyword.utf8) + [0, 0] + (try zlib(Array(text.utf8))))
    }

    /// ``cleanPNG`` with `chunks` inserted before IEND.
    static func png(inserting chunks: [UInt8]) -> [UInt8] {
        let iend = PNGBadge.frame("IEND", [])
        return Array(cleanPNG.dropLast(iend.count)) + chunks + iend
    }

    /// A zlib stream (RFC 1950) of `bytes`: GZip's deflate output rewrapped with a zlib header and Adler-32.
    static func zlib(_ bytes: [UInt8]) throws -> [UInt8] {
        let gzip = try GZip.compress(bytes)
        // A GZIP member is a 10-byte header (no optional fields here), deflate data, CRC-32 and size.
        let deflate = gzip[10..<(gzip.count - 8)]
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        let adler = b << 16 | a
        return [0x78, 0xDA] + deflate + [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
    }
}
