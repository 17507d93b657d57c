import Foundation
import Testing
@testable import CredentialKit

/// Images for the baking tests, built here so each test shows what it hands the library.
enum BadgeFixtures {
    /// A 1×1 grey PNG: signature, IHDR, one IDAT, IEND.
    static let png: [UInt8] = {
        let ihdr: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]
        let idat: [UInt8] = [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]
        return PNGBadge.signature + PNGBadge.frame("IHDR", ihdr) + PNGBadge.frame("IDAT", idat) + PNGBadge.frame("IEND", [])
    }()

    static let svg: [UInt8] = Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="64" height="64">
        <circle cx="32" cy="32" r="30" fill="#2a6"/>
        </svg>
        """.utf8)

    static let json = #"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"],"name":"Ünïcödé 学位 <&>"}"#
    static let jwt = "eyJhbGciOiJFZERTQSIsInR5cCI6InZjK2p3dCJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZTppc3N1ZXIifQ.c2lnbmF0dXJlLW5vdC1jaGVja2VkLWhlcmU"

    static let namespace = #"xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0""#

    /// ``png`` with `chunks` inserted before IEND.
    static func png(inserting chunks: [UInt8]) -> [UInt8] {
        Array(png.dropLast(12)) + chunks + PNGBadge.frame("IEND", [])
    }

    /// An uncompressed or zlib-compressed `iTXt` chunk.
    static func iTXt(_ keyword: String, _ text: String, compressed: Bool = false) throws -> [UInt8] {
        let body = compressed ? try zlib(Array(text.utf8)) : Array(text.utf8)
        return PNGBadge.frame("iTXt", Array(keyword.utf8) + [0, compressed ? 1 : 0, 0, 0, 0] + body)
    }

    /// A zlib stream: GZip's deflate data with a zlib header and Adler-32 trailer.
    static func zlib(_ bytes: [UInt8]) throws -> [UInt8] {
        let gzip = try GZip.compress(bytes)
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        let adler = b << 16 | a
        return [0x78, 0xDA] + gzip[10..<(gzip.count - 8)] + [UInt8(adler >> 24), UInt8(adler >> 16 & 0xFF), UInt8(adler >> 8 & 0xFF), UInt8(adler & 0xFF)]
    }

    /// An SVG root holding `content`, with the OB 3.0 prefix declared.
    static func svg(holding content: String) -> [UInt8] {
        Array(#"<svg xmlns="http://www.w3.org/2000/svg" \#(namespace)>\#(content)</svg>"#.utf8)
    }
}

/// `body` throws a ``CredentialKitError`` with `code` whose reason contains `words`, within `limit`.
func expectRefusal(_ code: CredentialKitError.Code, mentioning words: String..., within limit: Duration = .seconds(2),
                   sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    var caught: (any Error)?
    let elapsed = ContinuousClock().measure {
        do { try body() } catch { caught = error }
    }
    guard let error = caught as? CredentialKitError else {
        Issue.record("expected a CredentialKitError \(code), got \(caught.map { String(describing: $0) } ?? "no error")", sourceLocation: sourceLocation)
        return
    }
    #expect(error.code == code, "\(error.reason)", sourceLocation: sourceLocation)
    for word in words {
        #expect(error.reason.contains(word), "reason: \(error.reason)", sourceLocation: sourceLocation)
    }
    #expect(elapsed < limit, "took \(elapsed)", sourceLocation: sourceLocation)
}

@Suite("BakedBadge round trips")
struct BakedBadgeRoundTripTests {
    @Test("bake then extract gives the same text, for a JSON credential and a JWT, in a PNG and an SVG",
          arguments: BakedBadge.ImageFormat.allCases, [BadgeFixtures.json, BadgeFixtures.jwt])
    func roundTrip(format: BakedBadge.ImageFormat, text: String) throws {
        let image = format == .png ? BadgeFixtures.png : BadgeFixtures.svg
        let baked = try BakedBadge.bake(text, into: image)
        #expect(BakedBadge.imageFormat(of: baked) == format)
        let extracted = try BakedBadge.extract(from: baked)
        #expect(extracted == BakedBadge.Extracted(imageFormat: format, version: .openBadges3, text: text))
    }

    @Test("a clean image holds no credential", arguments: BakedBadge.ImageFormat.allCases)
    func cleanImage(format: BakedBadge.ImageFormat) {
        expectRefusal(.noBakedCredential, mentioning: "no baked credential") {
            _ = try BakedBadge.extract(from: format == .png ? BadgeFixtures.png : BadgeFixtures.svg)
        }
    }

    @Test("baking into a PNG twice replaces the credential: one chunk, the second text")
    func pngBakeTwice() throws {
        let once = try BakedBadge.bake(BadgeFixtures.json, into: BadgeFixtures.png)
        let twice = try BakedBadge.bake(BadgeFixtures.jwt, into: once)
        let credentialChunks = try PNGBadge.chunks(of: twice).filter {
            $0.type == "iTXt" && $0.data.starts(with: Array("openbadgecredential\0".utf8))
        }
        #expect(credentialChunks.count == 1)
        #expect(try BakedBadge.extract(from: twice).text == BadgeFixtures.jwt)
        #expect(try PNGBadge.chunks(of: twice).last?.type == "IEND")
    }

    @Test("baking into an SVG that holds a credential is refused")
    func svgBakeTwice() throws {
        let once = try BakedBadge.bake(BadgeFixtures.json, into: BadgeFixtures.svg)
        expectRefusal(.invalidBadgeImage, mentioning: "already holds a baked credential") {
            _ = try BakedBadge.bake(BadgeFixtures.jwt, into: once)
        }
    }

    @Test("a JSON credential containing ]]> round-trips through an SVG's CDATA")
    func cdataEnd() throws {
        let json = #"{"name":"a ]]> b","x":"]]>]]>","y":"<![CDATA["}"#
        let baked = try BakedBadge.bake(json, into: BadgeFixtures.svg)
        #expect(String(decoding: baked, as: UTF8.self).contains("]]]]><![CDATA[>"))
        #expect(try BakedBadge.extract(from: baked).text == json)
    }

    @Test("a self-closing <svg/> root is opened and baked", arguments: [
        #"<svg xmlns="http://www.w3.org/2000/svg"/>"#,
        #"<s:svg xmlns:s="http://www.w3.org/2000/svg" width="1" />"#,
    ])
    func selfClosingRoot(svg: String) throws {
        for text in [BadgeFixtures.json, BadgeFixtures.jwt] {
            let baked = try BakedBadge.bake(text, into: Array(svg.utf8))
            #expect(try BakedBadge.extract(from: baked).text == text)
            let written = String(decoding: baked, as: UTF8.self)
            #expect(written.hasSuffix(svg.hasPrefix("<s:") ? "</s:svg>" : "</svg>"))
        }
    }

    @Test("a compressed iTXt credential and an OB 2.0 tEXt assertion are read")
    func pngTextChunks() throws {
        let compressed = BadgeFixtures.png(inserting: try BadgeFixtures.iTXt("openbadgecredential", BadgeFixtures.json, compressed: true))
        #expect(try BakedBadge.extract(from: compressed).text == BadgeFixtures.json)
        let ob2 = BadgeFixtures.png(inserting: PNGBadge.frame("tEXt", Array("openbadges\0https://example.org/a/1".utf8)))
        #expect(try BakedBadge.extract(from: ob2) == BakedBadge.Extracted(imageFormat: .png, version: .openBadges2, text: "https://example.org/a/1"))
    }

    @Test("an SVG credential's text is its characters and CDATA sections in order, trimmed")
    func svgMixedText() throws {
        let svg = BadgeFixtures.svg(holding: "<openbadges:credential>\n  {\"a\":<![CDATA[1,\"b\":\"]]>&lt;\"}\n</openbadges:credential>")
        #expect(try BakedBadge.extract(from: svg).text == #"{"a":1,"b":"<"}"#)
    }
}

@Suite("BakedBadge hostile PNGs")
struct BakedBadgeHostilePNGTests {
    @Test("a bad CRC is refused, naming the chunk")
    func badCRC() {
        var png = BadgeFixtures.png
        png[8 + 25 + 8] ^= 0x01  // the first data byte of IDAT
        expectRefusal(.invalidBadgeImage, mentioning: "bad CRC", "IDAT") { _ = try BakedBadge.extract(from: png) }
    }

    @Test("a chunk cut short is refused as truncated")
    func truncatedChunk() throws {
        let baked = try BakedBadge.bake(BadgeFixtures.json, into: BadgeFixtures.png)
        let cut = Array(baked.prefix(baked.count - 20))  // IEND and the end of the iTXt chunk
        expectRefusal(.invalidBadgeImage, mentioning: "truncated", "iTXt") { _ = try BakedBadge.extract(from: cut) }
    }

    @Test("a chunk claiming 0xFFFFFFFF bytes is refused without reading or allocating them")
    func hugeLength() {
        let png = Array(BadgeFixtures.png.dropLast(12)) + [0xFF, 0xFF, 0xFF, 0xFF] + Array("iTXt".utf8) + [UInt8](repeating: 0x41, count: 64)
        expectRefusal(.invalidBadgeImage, mentioning: "4294967295", "2³¹ − 1", within: .milliseconds(200)) {
            _ = try BakedBadge.extract(from: png)
        }
    }

    @Test("two openbadgecredential chunks are refused")
    func twoCredentials() throws {
        let png = BadgeFixtures.png(inserting: try BadgeFixtures.iTXt("openbadgecredential", BadgeFixtures.json)
                                              + BadgeFixtures.iTXt("openbadgecredential", BadgeFixtures.jwt))
        expectRefusal(.invalidBadgeImage, mentioning: "2 openbadgecredential chunks") { _ = try BakedBadge.extract(from: png) }
    }

    @Test("a PNG without IEND is refused")
    func noIEND() throws {
        let baked = try BakedBadge.bake(BadgeFixtures.json, into: BadgeFixtures.png)
        expectRefusal(.invalidBadgeImage, mentioning: "no IEND") { _ = try BakedBadge.extract(from: Array(baked.dropLast(12))) }
        expectRefusal(.invalidBadgeImage, mentioning: "no IEND") { _ = try BakedBadge.bake(BadgeFixtures.jwt, into: Array(baked.dropLast(12))) }
    }

    @Test("a compressed credential that inflates past the credential limit is refused")
    func zlibBomb() throws {
        let bomb = try BadgeFixtures.zlib([UInt8](repeating: 0x20, count: BakedBadge.maxCredentialBytes + 1))
        let png = BadgeFixtures.png(inserting: PNGBadge.frame("iTXt", Array("openbadgecredential".utf8) + [0, 1, 0, 0, 0] + bomb))
        expectRefusal(.invalidBadgeImage, mentioning: "more than the limit") { _ = try BakedBadge.extract(from: png) }
    }
}

@Suite("BakedBadge hostile SVGs")
struct BakedBadgeHostileSVGTests {
    @Test("an entity bomb (billion laughs) is refused for its DOCTYPE, before parsing")
    func billionLaughs() {
        var entities = #"<!ENTITY lol "lol">"#
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            entities += "\n<!ENTITY lol\(level) \"\(String(repeating: "&\(previous);", count: 10))\">"
        }
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n\(entities)\n]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \(BadgeFixtures.namespace)><openbadges:credential>&lol9;</openbadges:credential></svg>"
        expectRefusal(.invalidBadgeImage, mentioning: "DOCTYPE", within: .milliseconds(200)) { _ = try BakedBadge.extract(from: Array(svg.utf8)) }
    }

    @Test("an external entity is refused and nothing is read")
    func externalEntity() {
        let svg = "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \(BadgeFixtures.namespace)><openbadges:credential>&x;</openbadges:credential></svg>"
        var reason = ""
        expectRefusal(.invalidBadgeImage, mentioning: "DOCTYPE") {
            do { _ = try BakedBadge.extract(from: Array(svg.utf8)) } catch let error as CredentialKitError { reason = error.reason; throw error }
        }
        #expect(!reason.contains("root:"))
    }

    @Test("a plain DOCTYPE is refused")
    func plainDoctype() {
        let svg = #"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>"#
        expectRefusal(.invalidBadgeImage, mentioning: "DOCTYPE") { _ = try BakedBadge.extract(from: Array(svg.utf8)) }
        expectRefusal(.invalidBadgeImage, mentioning: "DOCTYPE") { _ = try BakedBadge.bake(BadgeFixtures.json, into: Array(svg.utf8)) }
    }

    @Test("a DOCTYPE hidden from the prolog check by a UTF-7 declaration is refused")
    func utf7HiddenDoctype() {
        // To UTF-7, +AC0-+AC0APg- is "-->": the comment ends there, and a DOCTYPE follows.
        let svg = #"<?xml version="1.0" encoding="UTF-7"?><!--+AC0-+AC0APg-<!DOCTYPE svg [<!ENTITY a "b">]><svg \#(BadgeFixtures.namespace)><openbadges:credential>{&a;}</openbadges:credential></svg><!--+AGE--><svg/>-->"#
        expectRefusal(.invalidBadgeImage, mentioning: "encoding UTF-7") { _ = try BakedBadge.extract(from: Array(svg.utf8)) }
    }

    @Test("an encoding other than UTF-8 is refused unless the SVG is ASCII and the encoding reads ASCII alike")
    func declaredEncodings() throws {
        let latin1 = #"<?xml version="1.0" encoding="ISO-8859-1"?><svg \#(BadgeFixtures.namespace)><openbadges:credential>{"é":1}</openbadges:credential></svg>"#
        expectRefusal(.invalidBadgeImage, mentioning: "encoding ISO-8859-1") { _ = try BakedBadge.extract(from: Array(latin1.utf8)) }
        let ascii = latin1.replacingOccurrences(of: "é", with: "e")
        #expect(try BakedBadge.extract(from: Array(ascii.utf8)).text == #"{"e":1}"#)
        for name in ["utf-8", "UTF8"] {
            let utf8 = latin1.replacingOccurrences(of: "ISO-8859-1", with: name)
            #expect(try BakedBadge.extract(from: Array(utf8.utf8)).text == #"{"é":1}"#)
        }
        let utf16 = ascii.replacingOccurrences(of: "ISO-8859-1", with: "UTF-16")
        expectRefusal(.invalidBadgeImage, mentioning: "encoding UTF-16") { _ = try BakedBadge.extract(from: Array(utf16.utf8)) }
    }

    @Test("a 100 MB attribute is refused by the image size limit without being parsed")
    func hundredMegabyteAttribute() {
        let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg" data-x=""#.utf8) + [UInt8](repeating: 0x61, count: 100 << 20) + Array(#""/>"#.utf8)
        expectRefusal(.invalidBadgeImage, mentioning: "badge images are read up to", within: .milliseconds(500)) {
            _ = try BakedBadge.extract(from: svg)
        }
    }

    @Test("a 20 MB attribute, under the image limit, is refused by the parser's own limit")
    func twentyMegabyteAttribute() {
        let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg" data-x=""#.utf8) + [UInt8](repeating: 0x61, count: 20 << 20) + Array(#""/>"#.utf8)
        expectRefusal(.invalidBadgeImage, mentioning: "attribute value", "10 MB", within: .seconds(5)) {
            _ = try BakedBadge.extract(from: svg)
        }
    }

    @Test("elements nested 10,000 deep are refused")
    func deepNesting() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\">" + String(repeating: "<g>", count: 10_000) + String(repeating: "</g>", count: 10_000) + "</svg>"
        expectRefusal(.invalidBadgeImage, mentioning: "nest more than \(SVGBadge.maxNesting) deep") { _ = try BakedBadge.extract(from: Array(svg.utf8)) }
    }

    @Test("two credential elements are refused")
    func twoCredentials() {
        let svg = BadgeFixtures.svg(holding: "<openbadges:credential><![CDATA[{}]]></openbadges:credential><openbadges:credential verify=\"\(BadgeFixtures.jwt)\"/>")
        expectRefusal(.invalidBadgeImage, mentioning: "2 <openbadges:credential> elements") { _ = try BakedBadge.extract(from: svg) }
    }

    @Test("an empty credential element is refused", arguments: [
        "<openbadges:credential/>", "<openbadges:credential>  \n </openbadges:credential>", "<openbadges:credential verify=\" \"/>",
    ])
    func emptyCredential(element: String) {
        expectRefusal(.invalidBadgeImage, mentioning: "is empty") { _ = try BakedBadge.extract(from: BadgeFixtures.svg(holding: element)) }
    }

    @Test("a processing instruction without data is refused before FoundationXML can crash on it", arguments: [
        "<?xmd?><svg/>", "<svg><g><?x?></g></svg>", "<?a <!-- ?><?x?><!-- --><svg/>",
    ])
    func processingInstructionWithoutData(svg: String) {
        expectRefusal(.invalidBadgeImage, mentioning: "processing instruction without data") { _ = try BakedBadge.extract(from: Array(svg.utf8)) }
    }

    @Test("processing instructions with data, and <?x?> inside comments and CDATA, are read")
    func processingInstructionsAllowed() throws {
        let svg = #"<?xml-stylesheet href="a.css"?><svg \#(BadgeFixtures.namespace)><?pi data?><!-- <?x?> --><openbadges:credential><![CDATA[{"a":"<?x?>"}]]></openbadges:credential></svg>"#
        #expect(try BakedBadge.extract(from: Array(svg.utf8)).text == #"{"a":"<?x?>"}"#)
    }

    @Test("a credential element holding an element is refused")
    func credentialWithChild() {
        let svg = BadgeFixtures.svg(holding: "<openbadges:credential><g>{}</g></openbadges:credential>")
        expectRefusal(.invalidBadgeImage, mentioning: "holds an element") { _ = try BakedBadge.extract(from: svg) }
    }

    @Test("an SVG that is not well-formed is refused, though the credential came before the damage", arguments: [
        ("unclosed root", "<svg \(BadgeFixtures.namespace)><openbadges:credential>{}</openbadges:credential>", "cut short"),
        ("unclosed element", "<svg \(BadgeFixtures.namespace)><openbadges:credential>{}</openbadges:credential><g></svg>", "does not match"),
        ("content after the root", "<svg \(BadgeFixtures.namespace)><openbadges:credential>{}</openbadges:credential></svg><svg>", "content after the root"),
        ("undeclared prefix", "<svg><openbadges:credential>{}</openbadges:credential></svg>", "namespace declaration"),
        ("NUL byte", "<svg \(BadgeFixtures.namespace)><openbadges:credential>{}</openbadges:credential></svg>\0", "NUL byte"),
    ])
    func notWellFormed(label: String, svg: String, words: String) {
        expectRefusal(.invalidBadgeImage, mentioning: words) { _ = try BakedBadge.extract(from: Array(svg.utf8)) }
    }
}
