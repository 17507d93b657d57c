import Foundation

/// Writes the seed corpus of the badge fuzz targets: `Scripts/fuzz.sh seeds` runs it with
/// `Fuzz/corpus` as its argument. The seeds are committed; run it again after changing them.
@main
enum MakeSeeds {
    static func main() throws {
        let root = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? "Fuzz/corpus")
        let json = BadgeSamples.credentialJSON
        let jwt = BadgeSamples.credentialJWT

        try write(root, "badge-png", [
            "tiny.png": BadgeSamples.cleanPNG,
            "baked-json.png": try BakedBadge.bake(json, into: BadgeSamples.cleanPNG),
            "baked-jwt.png": try BakedBadge.bake(jwt, into: BadgeSamples.cleanPNG),
            "compressed-itxt.png": BadgeSamples.png(inserting: try BadgeSamples.iTXt("openbadgecredential", json, compressed: true)),
            "ob2-text.png": BadgeSamples.png(inserting: BadgeSamples.tEXt("openbadges", "https://example.org/assertions/1")),
            "ob2-ztxt.png": BadgeSamples.png(inserting: try BadgeSamples.zTXt("openbadges", #"{"type":"Assertion","id":"https://example.org/assertions/1"}"#)),
            "other-text.png": BadgeSamples.png(inserting: BadgeSamples.tEXt("Software", "an editor")),
        ])

        let svg = String(decoding: BadgeSamples.cleanSVG, as: UTF8.self)
        try write(root, "badge-svg", [
            "plain.svg": BadgeSamples.cleanSVG,
            "baked-cdata.svg": try BakedBadge.bake(json, into: BadgeSamples.cleanSVG),
            "baked-verify.svg": try BakedBadge.bake(jwt, into: BadgeSamples.cleanSVG),
            "self-closing.svg": BadgeSamples.selfClosingSVG,
            "baked-self-closing.svg": try BakedBadge.bake(json, into: BadgeSamples.selfClosingSVG),
            "doctype.svg": Array(svg.replacingOccurrences(of: "<svg ", with: "<!DOCTYPE svg [<!ENTITY a \"b\">]>\n<svg ").utf8),
            "ob2-assertion.svg": Array("""
                <svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">\
                <openbadges:assertion verify="https://example.org/assertions/1"/><!-- a comment --></svg>
                """.utf8),
            "prefixed.svg": Array("""
                <s:svg xmlns:s="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0">\
                <ob:credential>\(jwt)</ob:credential><s:g><s:text>&lt;&#x41;</s:text></s:g></s:svg>
                """.utf8),
        ])
    }

    static func write(_ root: URL, _ target: String, _ seeds: [String: [UInt8]]) throws {
        let directory = root.appendingPathComponent(target)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, bytes) in seeds.sorted(by: { $0.key < $1.key }) {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
            print("\(target)/\(name)  \(bytes.count) bytes")
        }
    }
}
