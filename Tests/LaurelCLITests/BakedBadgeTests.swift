import Foundation
import Testing

/// Baked badges through the binary: `laurel bake`, `laurel extract` and `laurel verify` on PNG and
/// SVG images with JSON and JWT credentials, checked with an independent reader
/// (`Scripts/badge-check.py`: Python's zlib and expat).
@Suite("Baked badges", .enabled(if: LaurelBinary.available && SystemPython.url != nil,
                                "needs the laurel executable next to the tests and python3"))
struct BakedBadgeTests {
    static var python: URL? { SystemPython.url }
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Scripts/badge-check.py").standardized

    static let svg = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><title>Test badge</title>\
        <circle cx="32" cy="32" r="30" fill="#1b6ac9"/></svg>

        """

    /// Runs the independent reader/editor.
    static func check(_ arguments: [String]) throws -> String {
        let process = Process()
        guard let python else { throw CLIToolMissing(tool: "python3") }
        process.executableURL = python
        process.arguments = [script.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "badge-check.py \(arguments.joined(separator: " "))")
        return String(decoding: data, as: UTF8.self)
    }

    static func read(_ image: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(check(["read", image]).utf8)) as? [String: Any])
    }

    /// A workspace and one credential in it, in `proof`; the credential's file.
    static func issued(_ temp: TemporaryDirectory, proof: String) async throws -> String {
        let ws = temp.path("ws")
        if !FileManager.default.fileExists(atPath: ws) {
            let made = try await LaurelBinary.run(["init", ws, "--issuer-name", "Universidad de Ejemplo"])
            #expect(made.status == 0, "\(made.stderr)")
        }
        let file = temp.path("ana-\(proof).\(proof == "jwt" ? "jwt" : "json")")
        let issued = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "Ana Núñez",
                                                 "--recipient-email", "ana@example.org", "--proof", proof, "-o", file])
        #expect(issued.status == 0, "\(issued.stderr)")
        return file
    }

    static func verdict(_ file: String) async throws -> (verdict: String, baked: String?) {
        let output = try await LaurelBinary.run(["verify", file, "--offline", "--json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output.stderr)")
        return (try #require(report["verdict"] as? String), report["bakedImage"] as? String)
    }

    /// A blank image of `kind` in `temp`.
    static func blank(_ kind: String, _ temp: TemporaryDirectory) throws -> String {
        let path = temp.path("blank.\(kind)")
        if kind == "png" { _ = try check(["make-png", path]) } else { try Data(svg.utf8).write(to: URL(fileURLWithPath: path)) }
        return path
    }

    @Test("bake → extract gives the exact text; bake → verify: VERIFIED; an independent reader opens the image",
          arguments: ["png", "svg"], ["eddsa-rdfc-2022", "jwt"])
    func roundTrip(kind: String, proof: String) async throws {
        let temp = try TemporaryDirectory()
        let credential = try await Self.issued(temp, proof: proof)
        let baked = temp.path("badge.\(kind)")
        let made = try await LaurelBinary.run(["bake", "--credential", credential, "--image", try Self.blank(kind, temp), "-o", baked])
        #expect(made.status == 0, "\(made.stderr)")

        let expected = try String(contentsOfFile: credential, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let extracted = try await LaurelBinary.run(["extract", baked])
        #expect(extracted.status == 0, "\(extracted.stderr)")
        #expect(extracted.stdout == expected)

        let (verdict, bakedImage) = try await Self.verdict(baked)
        #expect(verdict == "VERIFIED")
        #expect(bakedImage == kind)

        let independent = try Self.read(baked)
        #expect(independent["credentials"] as? [String] == [expected])
        if kind == "png" {
            #expect(independent["pixelsDecode"] as? Bool == true)
            #expect(independent["ends"] as? String == "IEND")
        } else {
            #expect(independent["root"] as? String == "{http://www.w3.org/2000/svg}svg")
        }
    }

    @Test("a pixel changed leaves the credential valid; one byte of the credential changed: TAMPERED",
          arguments: ["png", "svg"], ["eddsa-rdfc-2022", "jwt"])
    func changes(kind: String, proof: String) async throws {
        let temp = try TemporaryDirectory()
        let credential = try await Self.issued(temp, proof: proof)
        let baked = temp.path("badge.\(kind)")
        _ = try await LaurelBinary.run(["bake", "--credential", credential, "--image", try Self.blank(kind, temp), "-o", baked])

        // The picture: one pixel (PNG, image data re-encoded) or the circle's colour (SVG).
        let repainted = temp.path("repainted.\(kind)")
        try FileManager.default.copyItem(atPath: baked, toPath: repainted)
        if kind == "png" {
            _ = try Self.check(["repaint", repainted])
        } else {
            let text = try String(contentsOfFile: repainted, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "#1b6ac9", with: "#c91b6a").utf8).write(to: URL(fileURLWithPath: repainted))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: repainted)) != Data(contentsOf: URL(fileURLWithPath: baked)))
        #expect(try await Self.verdict(repainted).verdict == "VERIFIED")

        // The credential: the learner's name, one letter (in the JWT's payload, re-encoded).
        let text = try String(contentsOfFile: credential, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let altered: String
        if proof == "jwt" {
            var parts = text.split(separator: ".").map(String.init)
            let payload = try #require(Self.base64URLDecode(parts[1]))
            parts[1] = Self.base64URLEncode(Data(String(decoding: payload, as: UTF8.self).replacingOccurrences(of: "Ana Núñez", with: "Ada Núñez").utf8))
            altered = parts.joined(separator: ".")
        } else {
            altered = text.replacingOccurrences(of: "Ana Núñez", with: "Ada Núñez")
        }
        #expect(altered != text)
        let tampered = temp.path("tampered.\(kind)")
        try FileManager.default.copyItem(atPath: baked, toPath: tampered)
        if kind == "png" {
            _ = try Self.check(["replace-text", tampered, text, altered])
        } else {
            let svg = try String(contentsOfFile: tampered, encoding: .utf8)
            try Data(svg.replacingOccurrences(of: text, with: altered).utf8).write(to: URL(fileURLWithPath: tampered))
        }
        #expect(try Self.read(tampered)["credentials"] as? [String] == [altered])
        #expect(try await Self.verdict(tampered).verdict == "TAMPERED")
    }

    @Test("baking again replaces the credential: one credential chunk, the new one")
    func rebake() async throws {
        let temp = try TemporaryDirectory()
        let first = try await Self.issued(temp, proof: "eddsa-rdfc-2022")
        let second = try await Self.issued(temp, proof: "jwt")
        let once = temp.path("once.png"), twice = temp.path("twice.png")
        _ = try await LaurelBinary.run(["bake", "--credential", first, "--image", try Self.blank("png", temp), "-o", once])
        let again = try await LaurelBinary.run(["bake", "--credential", second, "--image", once, "-o", twice])
        #expect(again.status == 0, "\(again.stderr)")
        let expected = try String(contentsOfFile: second, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try Self.read(twice)["credentials"] as? [String] == [expected])
        // An existing output is not replaced without --force.
        let refused = try await LaurelBinary.run(["bake", "--credential", second, "--image", once, "-o", twice])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("exists"))
    }

    @Test("damaged or hostile images are refused with what is wrong, exit 2")
    func refusals() async throws {
        let temp = try TemporaryDirectory()
        let credential = try await Self.issued(temp, proof: "eddsa-rdfc-2022")
        let baked = temp.path("badge.png")
        _ = try await LaurelBinary.run(["bake", "--credential", credential, "--image", try Self.blank("png", temp), "-o", baked])
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: baked)))
        bytes[bytes.count - 20] ^= 0x01  // inside the credential chunk: its CRC no longer matches
        let badCRC = temp.path("bad-crc.png")
        try Data(bytes).write(to: URL(fileURLWithPath: badCRC))
        let truncated = temp.path("truncated.png")
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: truncated))
        let doctype = temp.path("doctype.svg")
        try Data("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&b;</svg>".utf8)
            .write(to: URL(fileURLWithPath: doctype))
        let notCredential = temp.path("not-credential.png")
        _ = try await LaurelBinary.run(["bake", "--credential", credential, "--image", try Self.blank("png", temp), "-o", notCredential])
        _ = try Self.check(["replace-text", notCredential, "{", "<"])

        for (file, words) in [(badCRC, "bad CRC"), (truncated, "truncated"), (doctype, "DOCTYPE"), (notCredential, "cannot be read")] {
            for command in [["verify", file], ["extract", file]] {
                let output = try await LaurelBinary.run(command)
                #expect(output.status == 2, "\(command): \(output.stdout)")
                #expect(output.stderr.contains(words), "\(command): \(output.stderr)")
            }
        }
        // A plain image holds nothing to verify.
        let plain = try await LaurelBinary.run(["verify", try Self.blank("svg", temp)])
        #expect(plain.status == 2)
        #expect(plain.stderr.contains("no baked credential"))
    }

    @Test("issue --bake writes the achievement's badge (or your image) with the credential in it, beside the credential")
    func issueBakes() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        _ = try await LaurelBinary.run(["init", ws, "--issuer-name", "Universidad de Ejemplo"])
        let common = ["issue", "-w", ws, "--achievement", "cc-librarians", "--recipient-name", "Li Ming", "--recipient-email"]
        let own = try await LaurelBinary.run(common + ["li@example.org", "--bake", "-o", temp.path("li.json")])
        #expect(own.status == 0, "\(own.stderr)")
        #expect(try await Self.verdict(temp.path("li.png")) == ("VERIFIED", "png"))
        let catalogBadge = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ws + "/badges/cc-librarians.png")))
        let baked = try [UInt8](Data(contentsOf: URL(fileURLWithPath: temp.path("li.png"))))
        #expect(baked.starts(with: catalogBadge.prefix(33)), "the achievement's own badge (same IHDR)")

        let svg = try Self.blank("svg", temp)
        let mine = try await LaurelBinary.run(common + ["li2@example.org", "--bake", svg, "--proof", "jwt", "-o", temp.path("li2.jwt")])
        #expect(mine.status == 0, "\(mine.stderr)")
        #expect(try await Self.verdict(temp.path("li2.svg")) == ("VERIFIED", "svg"))

        // An image that is not one stops the command before anything is issued.
        let text = temp.path("not-an-image.png")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
        let refused = try await LaurelBinary.run(common + ["li3@example.org", "--bake", text, "-o", temp.path("li3.json")])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("neither a PNG nor an SVG"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: temp.path("li3.json")))
        let listed = try await LaurelBinary.run(["credentials", "list", "-w", ws, "--json"])
        #expect(!listed.stdout.contains("li3"), "nothing was issued")
    }

    @Test("batch --bake: a verified badge beside every credential, listed in mail-merge.csv; a re-run puts back a missing one")
    func batchBakes() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        _ = try await LaurelBinary.run(["init", ws, "--issuer-name", "Universidad de Ejemplo"])
        let roster = temp.path("roster.csv")
        try Data("name,email,achievement_id\nAna,ana@example.org,cc-core\nBo,bo@example.org,cc-educators\nCy,cy@example.org,intro-to-oer\n".utf8)
            .write(to: URL(fileURLWithPath: roster))
        let out = temp.path("out")
        let run = try await LaurelBinary.run(["batch", roster, "-w", ws, "--bake", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let badges = temp.listing("out").filter { $0.hasSuffix(".png") }.sorted()
        #expect(badges.count == 3, "\(temp.listing("out"))")
        for badge in badges { #expect(try await Self.verdict(out + "/" + badge) == ("VERIFIED", "png")) }
        let mailMerge = try String(contentsOfFile: out + "/mail-merge.csv", encoding: .utf8)
        #expect(mailMerge.hasPrefix("name,email,locale,file,badge_file"))
        #expect(badges.allSatisfy { mailMerge.contains($0) })

        try FileManager.default.removeItem(atPath: out + "/" + badges[0])
        let again = try await LaurelBinary.run(["batch", roster, "-w", ws, "--bake", "--out", out])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(temp.listing("out").filter { $0.hasSuffix(".png") }.sorted() == badges)
    }

    @Test("a badge never replaces its own credential or a file already there")
    func noClobber() async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        _ = try await LaurelBinary.run(["init", ws, "--issuer-name", "Universidad de Ejemplo"])
        let common = ["issue", "-w", ws, "--achievement", "cc-core", "--recipient-name", "Vi", "--bake"]
        // -o names the credential like the badge: the badge takes another name.
        let same = try await LaurelBinary.run(common + ["--recipient-email", "vi@example.org", "-o", temp.path("vi.png")])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(try await Self.verdict(temp.path("vi-badge.png")) == ("VERIFIED", "png"))
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: temp.path("vi.png")))).first == UInt8(ascii: "{"), "the credential is kept")
        // A file where the badge would go: refused before anything is issued.
        try Data("precious".utf8).write(to: URL(fileURLWithPath: temp.path("wu.png")))
        let refused = try await LaurelBinary.run(common + ["--recipient-email", "wu@example.org", "-o", temp.path("wu.json")])
        #expect(refused.status == 2)
        #expect(try String(contentsOfFile: temp.path("wu.png"), encoding: .utf8) == "precious")
        #expect(!FileManager.default.fileExists(atPath: temp.path("wu.json")))
        // A credential given to extract, and an unsigned one given to bake.
        let extracted = try await LaurelBinary.run(["extract", temp.path("vi.png")])
        #expect(extracted.status == 2)
        #expect(extracted.stderr.contains("credential already"), "\(extracted.stderr)")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: temp.path("empty.json")))
        let unsigned = try await LaurelBinary.run(["bake", "--credential", temp.path("empty.json"), "--image", try Self.blank("png", temp), "-o", temp.path("e.png")])
        #expect(unsigned.status == 2)
        #expect(unsigned.stderr.contains("no proof"), "\(unsigned.stderr)")
    }

    static func base64URLDecode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    static func base64URLEncode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// The system's Python 3 (Debian's python3), for independent checks with its standard library.
enum SystemPython {
    static let url: URL? = ["/usr/bin/python3", "/usr/local/bin/python3"].map(URL.init(fileURLWithPath:))
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

/// A tool a test needs is not installed.
struct CLIToolMissing: Error, CustomStringConvertible {
    var tool: String
    var description: String { "\(tool) is not installed" }
}
