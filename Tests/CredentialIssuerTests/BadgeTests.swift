import CredentialKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import CredentialIssuer

/// The badge images of `badges/`: embedded unchanged, one for every seed achievement, safe to put
/// in a credential, and written into each issuer's `badges/` folder.
@Suite("Badge images")
struct BadgeTests {
    /// `badges/` of this package: three directories above this file.
    static let badgesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("badges")

    static let catalogIDs = AchievementCatalog.seed.map(\.catalogID)

    @Test("Every badge file is embedded byte for byte, and every seed achievement has a badge")
    func embeddedCopiesMatchFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.badgesDirectory.path)
            .filter { $0.hasSuffix(".svg") || $0.hasSuffix(".png") }.sorted()
        let embedded = EmbeddedBadges.byCatalogID.keys.flatMap { ["\($0).png", "\($0).svg"] }.sorted()
        #expect(files == embedded, "rerun Scripts/render-badges.sh and Scripts/embed-badges.sh")
        #expect(Self.catalogIDs.sorted() == EmbeddedBadges.byCatalogID.keys.sorted())
        for id in Self.catalogIDs {
            let badge = try #require(AchievementCatalog.badge(for: id), "no badge for \(id)")
            #expect(Array(badge.svg.utf8) == Array(try Data(contentsOf: Self.badgesDirectory.appendingPathComponent("\(id).svg"))),
                    "badges/\(id).svg differs from its embedded copy; rerun Scripts/embed-badges.sh")
            #expect(badge.png == Array(try Data(contentsOf: Self.badgesDirectory.appendingPathComponent("\(id).png"))),
                    "badges/\(id).png differs from its embedded copy; rerun Scripts/embed-badges.sh")
        }
        #expect(Set(Self.catalogIDs.compactMap { AchievementCatalog.badge(for: $0)?.svg }).count == Self.catalogIDs.count,
                "two achievements share a badge")
        #expect(AchievementCatalog.badge(for: "no-such-course") == nil)
    }

    @Test("Each SVG is a square, titled drawing under 3 KB that loads nothing and runs nothing", arguments: catalogIDs)
    func svgIsSelfContained(catalogID: String) throws {
        let badge = try #require(AchievementCatalog.badge(for: catalogID))
        #expect(Self.problems(in: badge.svg) == [])
    }

    @Test("The SVG check finds links, scripts, named fonts, a missing title, a wrong shape and bad XML")
    func svgCheckCatchesProblems() {
        let good = #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><title>A</title><circle r="1"/></svg>"#
        #expect(Self.problems(in: good) == [])
        let bad = [
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><title>A</title><image href="https://example.org/a.png"/></svg>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 512 512"><title>A</title><a xlink:href="https://example.org"><circle r="1"/></a></svg>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><title>A</title><script>alert(1)</script></svg>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" onload="alert(1)"><title>A</title></svg>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><title>A</title><foreignObject/></svg>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><title>A</title><text font-family="Helvetica">A</text></svg>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><title>A</title><rect fill="url(https://example.org/p)"/></svg>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><circle r="1"/></svg>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 400"><title>A</title></svg>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><title>A</title><circle r="1"></svg>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><title>A</title><desc>"# + String(repeating: "x", count: 3 * 1024) + "</desc></svg>",
        ]
        for svg in bad {
            #expect(!Self.problems(in: svg).isEmpty, "not caught: \(svg.prefix(200))")
        }
    }

    /// What keeps `svg` from being a badge every credential can carry and every viewer can show.
    static func problems(in svg: String) -> [String] {
        var problems: [String] = []
        if svg.utf8.count >= 3 * 1024 { problems.append("\(svg.utf8.count) bytes, not under 3 KB: every credential carries it") }
        let document: SVGOutline
        do {
            document = try SVGOutline(svg)
        } catch {
            return problems + ["\(error)"]
        }
        if document.root != "svg" { problems.append("the root element is \(document.root ?? "missing"), not svg") }
        let viewBox = document.viewBox?.split(separator: " ").compactMap { Double($0) } ?? []
        if !(viewBox.count == 4 && viewBox[0] == 0 && viewBox[1] == 0 && viewBox[2] == viewBox[3] && viewBox[2] > 0) {
            problems.append("viewBox \(document.viewBox ?? "missing") is not a square from 0 0")
        }
        if document.title.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("no <title>") }
        let forbidden: Set<String> = ["script", "foreignObject", "image", "use", "style", "a", "iframe", "feImage", "font", "font-face"]
        if !document.elements.isDisjoint(with: forbidden) {
            problems.append("uses \(document.elements.intersection(forbidden).sorted())")
        }
        let links = document.attributes.filter { $0.hasSuffix("href") || $0.hasPrefix("on") }
        if !links.isEmpty { problems.append("has a link or an event handler: \(links.sorted())") }
        if !document.fontFamilies.isSubset(of: ["sans-serif", "serif", "monospace"]) {
            problems.append("names a font not every viewer has: \(document.fontFamilies.sorted())")
        }
        if svg.contains("url(") { problems.append("refers to something by url()") }
        return problems
    }

    @Test("Each PNG is a 512×512 rendering small enough to embed", arguments: catalogIDs)
    func pngIsSmallSquare(catalogID: String) throws {
        let png = try #require(AchievementCatalog.badge(for: catalogID)).png
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [0, 0, 0, 13] + Array("IHDR".utf8)))
        let size = { (offset: Int) in png[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        #expect(size(16) == 512 && size(20) == 512, "\(size(16))×\(size(20))")
        #expect(png.count < 40 * 1024)
    }

    @Test("Every language version of every seed achievement shows its badge, captioned in its language")
    func catalogCarriesBadges() throws {
        let validator = try LaurelSchema.achievement.validator
        for entry in AchievementCatalog.seed {
            let badge = try #require(entry.badge)
            for achievement in [entry.achievement] + entry.translations {
                let image = try #require(achievement.image, "\(achievement.id) has no image")
                #expect(image.id == badge.svgDataURI)
                let prefix = "data:image/svg+xml;base64,"
                #expect(image.id.hasPrefix(prefix))
                #expect(Data(base64Encoded: String(image.id.dropFirst(prefix.count))).map { Array($0) } == Array(badge.svg.utf8))
                let caption = image.caption?.text() ?? ""
                let name = achievement.name.text()
                #expect(caption.contains(name), "\(caption) does not name \(name)")
                switch achievement.inLanguage {
                case "en": #expect(caption.hasPrefix("Badge of the "))
                case "es": #expect(caption.hasPrefix("Insignia de"))
                default: Issue.record("\(achievement.id) is in \(achievement.inLanguage ?? "no language"), which this test does not know")
                }
                #expect(validator.validate(try JSONValueEncoder().encode(achievement)) == [], "\(achievement.id)")
            }
        }
    }

    @Test("A new workspace writes every seed badge into badges/, and finds the PNG first, then the SVG")
    func workspaceWritesBadges() throws {
        let temp = try TemporaryDirectory()
        let ws = try Workspace.create(at: temp.path("ws"), issuerName: "Creative Commons", key: try PrivateKey.generate(.ed25519))
        #expect(ws.badgesDirectory == temp.path("ws/badges").standardizedFileURL)
        for id in Self.catalogIDs {
            let badge = try #require(AchievementCatalog.badge(for: id))
            #expect(Array(try Data(contentsOf: temp.path("ws/badges/\(id).png"))) == badge.png)
            #expect(Array(try Data(contentsOf: temp.path("ws/badges/\(id).svg"))) == Array(badge.svg.utf8))
            #expect(ws.badgeImageFile(for: id)?.lastPathComponent == "\(id).png")
        }
        #expect(!temp.listing().contains { $0.hasPrefix("ws/badges/.") }, "a temporary file was left")

        try FileManager.default.removeItem(at: temp.path("ws/badges/cc-core.png"))
        #expect(ws.badgeImageFile(for: "cc-core") == ws.badgesDirectory.appendingPathComponent("cc-core.svg"))
        try FileManager.default.removeItem(at: temp.path("ws/badges/cc-core.svg"))
        #expect(ws.badgeImageFile(for: "cc-core") == nil)
        try FileManager.default.createDirectory(at: temp.path("ws/badges/cc-core.png"), withIntermediateDirectories: false)
        #expect(ws.badgeImageFile(for: "cc-core") == nil, "a directory is not a badge")
        // Not catalog ids: nothing outside badges/ is ever named.
        try Data("x".utf8).write(to: temp.path("ws/secret.png"))
        for notAnID in ["../secret", "", ".hidden", "a/b", "cc-core.png/.."] {
            #expect(ws.badgeImageFile(for: notAnID) == nil, "\(notAnID)")
        }
        #expect(ws.badgeImageFile(for: "my-own-course") == nil)
    }

    @Test("A partner issuer gets its microcredential's badge in its own folder, and its achievement shows it")
    func partnerGetsBadge() throws {
        let temp = try TemporaryDirectory()
        let ws = try Workspace.create(at: temp.path("ws"), issuerName: "Creative Commons", issuerID: "https://cc.example/issuer",
                                      key: try PrivateKey.generate(.ed25519))
        try ws.addPartnerIssuer(handle: "example-state", name: "Example State University",
                                issuerID: "https://example.edu/issuer", issuerURL: "https://example.edu", key: try PrivateKey.generate(.ed25519))
        let partner = try Workspace.open(temp.path("ws")).forIssuer("example-state")
        let badge = try #require(AchievementCatalog.badge(for: "intro-to-oer"))
        let folder = temp.path("ws/issuers/example-state/badges")
        #expect(partner.badgesDirectory.standardizedFileURL == folder.standardizedFileURL)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["intro-to-oer.png", "intro-to-oer.svg"])
        #expect(Array(try Data(contentsOf: folder.appendingPathComponent("intro-to-oer.png"))) == badge.png)
        #expect(Array(try Data(contentsOf: folder.appendingPathComponent("intro-to-oer.svg"))) == Array(badge.svg.utf8))
        #expect(partner.badgeImageFile(for: "intro-to-oer")?.standardizedFileURL
                == folder.appendingPathComponent("intro-to-oer.png").standardizedFileURL)
        #expect(partner.badgeImageFile(for: "cc-core") == nil, "the first issuer's badges are not the partner's")

        // Rebased under the partner's address, both language versions keep their badge.
        let course = try partner.achievement("intro-to-oer")
        #expect(course.id == "https://example.edu/microcredentials/intro-to-oer")
        #expect(course.image?.id == badge.svgDataURI)
        #expect(course.image?.caption?.text() == "Badge of the microcredential “Introduction to Open Educational Resources”")
        let spanish = try #require(try partner.translations(of: "intro-to-oer").first)
        #expect(spanish.image?.id == badge.svgDataURI)
        #expect(spanish.image?.caption?.text() == "Insignia de la microcredencial «Introducción a los recursos educativos abiertos»")
    }

    @Test("A credential carries its achievement's badge in the learner's language, and passes its schema")
    func credentialCarriesBadge() throws {
        let temp = try TemporaryDirectory()
        let ws = try Workspace.create(at: temp.path("ws"), issuerName: "Creative Commons", key: try PrivateKey.generate(.ed25519))
        let issued = try WorkspaceIssuer(workspace: ws).issue(
            IssueRequest(achievementID: "cc-librarians", recipientName: "Ana María López", recipientEmail: "ana@example.org",
                         result: "Completed", locale: "es"))
        let image = issued.credential["credentialSubject"]?["achievement"]?["image"]
        #expect(image?["id"]?.stringValue == AchievementCatalog.badge(for: "cc-librarians")?.svgDataURI)
        #expect(image?["type"] == "Image")
        #expect(image?["caption"]?.stringValue == "Insignia del Certificado de Creative Commons para profesionales de bibliotecas")
        #expect(try LaurelSchema.openBadgeCredential.validator.validate(.object(issued.credential)) == [])
    }
}

/// What a test needs to know about an SVG document: its root element, `viewBox`, `<title>`, and
/// every element, attribute name and `font-family` value it uses.
private final class SVGOutline: NSObject, XMLParserDelegate {
    private(set) var root: String?
    private(set) var viewBox: String?
    private(set) var title = ""
    private(set) var elements: Set<String> = []
    private(set) var attributes: Set<String> = []
    private(set) var fontFamilies: Set<String> = []
    private var inTitle = false
    /// The elements open at this point; swift-corelibs-foundation's parser reports a mismatched
    /// end tag without failing, so the outline checks nesting itself.
    private var open: [String] = []
    private var misnested: String?

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    init(_ text: String) throws {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        guard parser.parse() else {
            throw Malformed(description: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        if let misnested { throw Malformed(description: "not well-formed XML: \(misnested)") }
        if !open.isEmpty { throw Malformed(description: "not well-formed XML: <\(open.joined(separator: "><"))> not closed") }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil {
            root = name
            viewBox = attributes["viewBox"]
        }
        elements.insert(name)
        open.append(name)
        self.attributes.formUnion(attributes.keys)
        if let family = attributes["font-family"] { fontFamilies.insert(family) }
        if name == "title" { inTitle = true }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "title" { inTitle = false }
        if open.last == name {
            open.removeLast()
        } else if misnested == nil {
            misnested = "</\(name)> closes <\(open.last ?? "nothing")>"
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inTitle { title += string }
    }
}
