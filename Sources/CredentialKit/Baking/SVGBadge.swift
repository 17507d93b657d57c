import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Baking into and extracting from SVG images (OB 3.0 §5.3.2).
///
/// The credential goes in an `<openbadges:credential>` element, the first child of the root
/// `<svg>`, with `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"` declared on the root:
/// the JSON inside CDATA, or a compact JWS in its `verify` attribute.
///
/// Extraction parses the whole document with a real XML parser (libxml2 through FoundationXML),
/// so a credential element inside a comment or an attribute value is not mistaken for one.
/// Before parsing, a DOCTYPE is refused: with it go entity definitions, external entities and
/// entity-expansion bombs, which a badge never needs. External entities are off as well, and
/// elements may nest at most ``maxNesting`` deep.
enum SVGBadge {
    static let maxNesting = 256

    /// The start of the document: where the root element's start tag begins, its name, and
    /// whether a DOCTYPE came before it.
    struct Prolog {
        var rootStart: Int
        var rootName: String
        var hasDoctype: Bool
    }

    /// Reads the XML prolog (declaration, comments, processing instructions, DOCTYPE) up to the
    /// root element; nil when the bytes do not look like XML at all.
    static func prolog(of bytes: [UInt8]) -> Prolog? {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var hasDoctype = false
        func startsHere(_ text: String) -> Bool { bytes[index...].starts(with: text.utf8) }
        func skip(past end: String) -> Bool {
            let terminator = Array(end.utf8)
            var cursor = index
            while cursor + terminator.count <= bytes.count {
                if bytes[cursor] == terminator[0] && bytes[cursor..<(cursor + terminator.count)].elementsEqual(terminator) {
                    index = cursor + terminator.count
                    return true
                }
                cursor += 1
            }
            return false
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1; continue }
            guard byte == UInt8(ascii: "<") else { return nil }
            if startsHere("<?") {
                guard skip(past: "?>") else { return nil }
            } else if startsHere("<!--") {
                guard skip(past: "-->") else { return nil }
            } else if startsHere("<!DOCTYPE") {
                hasDoctype = true
                // To the `>` that closes it, past any internal subset in brackets and quoted text.
                var depth = 0
                var quote: UInt8?
                var cursor = index + 9
                while cursor < bytes.count {
                    let c = bytes[cursor]
                    if let open = quote { if c == open { quote = nil } }
                    else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { quote = c }
                    else if c == UInt8(ascii: "[") { depth += 1 }
                    else if c == UInt8(ascii: "]") { depth -= 1 }
                    else if c == UInt8(ascii: ">") && depth <= 0 { break }
                    cursor += 1
                }
                guard cursor < bytes.count else { return nil }
                index = cursor + 1
            } else {
                var end = index + 1
                while end < bytes.count, !isNameTerminator(bytes[end]) { end += 1 }
                guard end > index + 1 else { return nil }
                return Prolog(rootStart: index, rootName: String(decoding: bytes[(index + 1)..<end], as: UTF8.self),
                              hasDoctype: hasDoctype)
            }
        }
        return nil
    }

    private static func isNameTerminator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    /// True when the root element is `<svg>` (with or without a prefix).
    static func looksLikeSVG(_ bytes: [UInt8]) -> Bool {
        guard let prolog = prolog(of: bytes.count > 1 << 20 ? Array(bytes.prefix(1 << 20)) : bytes) else { return false }
        return prolog.rootName == "svg" || prolog.rootName.hasSuffix(":svg")
    }

    static func extract(from svg: [UInt8]) throws -> BakedBadge.Extracted {
        let found = try parse(svg)
        let credentials = found.filter { $0.version == .openBadges3 }
        if credentials.count > 1 {
            throw invalid("the SVG holds \(credentials.count) <openbadges:credential> elements (lines \(credentials.map { String($0.line) }.joined(separator: ", "))); a baked badge holds one credential")
        }
        guard let element = credentials.first ?? found.first else {
            throw CredentialKitError(.noBakedCredential, "the SVG holds no baked credential (no <openbadges:credential> element in the namespace \(BakedBadge.svgNamespace))")
        }
        if element.version == .openBadges2 && found.count > 1 {
            throw invalid("the SVG holds \(found.count) <openbadges:assertion> elements; a baked badge holds one assertion")
        }
        let text = element.text
        guard !text.isEmpty else {
            throw invalid("the <openbadges:\(element.version == .openBadges3 ? "credential" : "assertion")> element on line \(element.line) is empty: it has neither text nor a verify attribute")
        }
        guard text.utf8.count <= BakedBadge.maxCredentialBytes else {
            throw invalid("the baked credential is \(text.utf8.count) bytes; a credential is at most \(BakedBadge.maxCredentialBytes) bytes")
        }
        return BakedBadge.Extracted(imageFormat: .svg, version: element.version, text: text)
    }

    /// An Open Badges element found in the document.
    struct FoundElement {
        var version: BakedBadge.Version
        var text: String
        var line: Int
    }

    /// Every Open Badges element of a well-formed SVG without a DOCTYPE.
    static func parse(_ svg: [UInt8]) throws -> [FoundElement] {
        guard svg.count <= BakedBadge.maxImageBytes else {
            throw invalid("the SVG is \(svg.count) bytes; badge images are read up to \(BakedBadge.maxImageBytes) bytes")
        }
        guard let prolog = prolog(of: svg) else { throw invalid("the file is not XML: no root element was found") }
        guard !prolog.hasDoctype else {
            throw invalid("the SVG has a DOCTYPE; Laurel refuses DOCTYPEs in badge images (they can define entities that expand without end or read other files), and a badge does not need one")
        }
        guard prolog.rootName == "svg" || prolog.rootName.hasSuffix(":svg") else {
            throw invalid("the XML's root element is <\(prolog.rootName)>, not <svg>")
        }
        guard String(validating: svg, as: UTF8.self) != nil else { throw invalid("the SVG is not valid UTF-8") }
        let tags = scanTags(svg)
        if let offset = tags.crowdedElement {
            throw invalid("the element at byte \(offset) has more than \(maxAttributesPerElement) attributes; a badge's elements have a few")
        }
        let collector = Collector()
        let parser = XMLParser(data: Data(svg))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = collector
        let parsed = parser.parse()
        if let problem = collector.problem { throw invalid(problem) }
        // The parser may stop at the end of the bytes without saying that elements are still open.
        if parsed, let (name, line) = collector.openNames.last {
            throw invalid("the SVG ends before <\(name)> (line \(line)) is closed: it is truncated or not well-formed")
        }
        // The parser stops reading at the end of the root element: anything after it is not XML.
        if parsed, collector.elements < tags.elements {
            throw invalid("there is content after the SVG's root element ends; the SVG is not well-formed")
        }
        guard parsed else {
            let detail = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "unknown error"
            throw invalid("the SVG is not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber)): \(detail)")
        }
        return collector.found
    }

    /// Collects Open Badges elements while the parser walks the document.
    private final class Collector: NSObject, XMLParserDelegate {
        var found: [FoundElement] = []
        var problem: String?
        private var depth = 0
        /// The Open Badges element being read: its version, its text so far, where it began, its depth.
        private var open: (version: BakedBadge.Version, cdata: [UInt8], characters: String, verify: String?, line: Int, depth: Int)?
        private var totalText = 0
        /// The elements open now, with the line each began on; whether the root has begun.
        private(set) var openNames: [(name: String, line: Int)] = []
        private var sawRoot = false
        /// How many elements the parser reported.
        private(set) var elements = 0

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if depth == 0 && sawRoot {
                stop(parser, "there is an element after the root element ends (line \(parser.lineNumber)); the SVG is not well-formed")
                return
            }
            sawRoot = true
            elements += 1
            openNames.append((qualifiedName ?? name, parser.lineNumber))
            depth += 1
            guard depth <= SVGBadge.maxNesting else {
                stop(parser, "elements nest more than \(SVGBadge.maxNesting) deep (line \(parser.lineNumber))")
                return
            }
            let version: BakedBadge.Version? = switch (namespaceURI, name) {
            case (BakedBadge.svgNamespace, "credential"): .openBadges3
            case (BakedBadge.svgNamespaceOB2, "assertion"): .openBadges2
            default: nil
            }
            guard let version else { return }
            if open != nil {
                stop(parser, "an Open Badges element is nested inside another (line \(parser.lineNumber))")
                return
            }
            open = (version, [], "", attributes["verify"], parser.lineNumber, depth)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            defer { depth -= 1 }
            if let (opened, line) = openNames.popLast(), opened != (qualifiedName ?? name) {
                stop(parser, "the end tag </\(qualifiedName ?? name)> (line \(parser.lineNumber)) does not close <\(opened)> (line \(line)); the SVG is not well-formed")
                return
            }
            guard let element = open, element.depth == depth else { return }
            open = nil
            let hasText = !element.cdata.isEmpty || !element.characters.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            if hasText && element.verify != nil {
                stop(parser, "the credential element on line \(element.line) holds both text and a verify attribute; a baked badge holds one credential")
                return
            }
            let text: String
            if !element.cdata.isEmpty {
                text = String(decoding: element.cdata, as: UTF8.self)
            } else {
                let characters = element.characters.trimmingCharacters(in: .whitespacesAndNewlines)
                text = characters.isEmpty ? (element.verify ?? "").trimmingCharacters(in: .whitespacesAndNewlines) : characters
            }
            found.append(FoundElement(version: element.version, text: text, line: element.line))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard open != nil else { return }
            guard count(parser, string.utf8.count) else { return }
            open?.characters += string
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            guard open != nil else { return }
            guard count(parser, block.count) else { return }
            open?.cdata += block
        }

        func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
            stop(parser, "the SVG declares an external entity (\(name))")
        }

        func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
            stop(parser, "the SVG declares an entity (\(name))")
        }

        /// Keeps the text held within the credential limit.
        private func count(_ parser: XMLParser, _ bytes: Int) -> Bool {
            totalText += bytes
            if totalText > BakedBadge.maxCredentialBytes {
                stop(parser, "the baked credential is larger than \(BakedBadge.maxCredentialBytes) bytes")
                return false
            }
            return true
        }

        private func stop(_ parser: XMLParser, _ reason: String) {
            if problem == nil { problem = reason }
            parser.abortParsing()
        }
    }

    /// `svg` with `credential` baked in as the first child of the root: JSON in CDATA, a compact JWS
    /// in a `verify` attribute.
    static func bake(_ credential: String, into svg: [UInt8]) throws -> [UInt8] {
        let text = credential.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.utf8.count <= BakedBadge.maxCredentialBytes else {
            throw invalid("a credential to bake must be 1 to \(BakedBadge.maxCredentialBytes) bytes; this one is \(text.utf8.count)")
        }
        guard text == credential else { throw invalid("a credential to bake must not start or end with white space") }
        let existing = try parse(svg)
        if let element = existing.first {
            throw invalid("the SVG already holds a baked \(element.version == .openBadges3 ? "credential" : "OB 2.0 assertion") (line \(element.line)); bake into the original image")
        }
        guard let prolog = prolog(of: svg) else { throw invalid("the file is not XML: no root element was found") }
        let (tagEnd, selfClosing, attributes) = try rootStartTag(svg, from: prolog.rootStart)
        var declaration = ""
        if let bound = attributes["xmlns:openbadges"] {
            guard bound == BakedBadge.svgNamespace else {
                throw invalid("the SVG's root binds the prefix openbadges to \(bound), not \(BakedBadge.svgNamespace)")
            }
        } else {
            declaration = " xmlns:openbadges=\"\(BakedBadge.svgNamespace)\""
        }
        let element: String
        if text.first == "{" {
            // A CDATA section ends at `]]>`: one inside the JSON is split across two sections.
            let escaped = text.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>")
            element = "<openbadges:credential><![CDATA[\(escaped)]]></openbadges:credential>"
        } else {
            guard text.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }) else {
                throw invalid("the credential to bake is neither JSON nor a compact JWS")
            }
            element = "<openbadges:credential verify=\"\(text)\"/>"
        }
        // Before the tag's closing `>` (or `/>`), the declaration; after it, the element.
        let close = selfClosing ? tagEnd - 1 : tagEnd
        var output = Array(svg[..<close]) + Array(declaration.utf8)
        if selfClosing {
            let name = prolog.rootName
            output += Array(">\n\(element)\n</\(name)>".utf8) + svg[(tagEnd + 1)...]
        } else {
            output += [UInt8(ascii: ">")] + Array("\n\(element)".utf8) + svg[(tagEnd + 1)...]
        }
        // What was baked must come out exactly.
        guard try extract(from: output).text == credential else {
            throw invalid("internal: the baked SVG does not give back the credential baked into it")
        }
        return output
    }

    /// The root start tag from `start` (its `<`): the offset of its closing `>`, whether it ends
    /// with `/>`, and its attributes as written.
    static func rootStartTag(_ bytes: [UInt8], from start: Int) throws -> (end: Int, selfClosing: Bool, attributes: [String: String]) {
        var attributes: [String: String] = [:]
        var cursor = start + 1
        while cursor < bytes.count, !isNameTerminator(bytes[cursor]) { cursor += 1 }
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: ">") { return (cursor, cursor > start && bytes[cursor - 1] == UInt8(ascii: "/"), attributes) }
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "/") { cursor += 1; continue }
            // name = "value" or name = 'value'
            let nameStart = cursor
            while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "="), !isNameTerminator(bytes[cursor]) { cursor += 1 }
            let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self)
            while cursor < bytes.count, bytes[cursor] != UInt8(ascii: "\""), bytes[cursor] != UInt8(ascii: "'") { cursor += 1 }
            guard cursor < bytes.count else { break }
            let quote = bytes[cursor]
            let valueStart = cursor + 1
            cursor = valueStart
            while cursor < bytes.count, bytes[cursor] != quote { cursor += 1 }
            guard cursor < bytes.count else { break }
            attributes[name] = String(decoding: bytes[valueStart..<cursor], as: UTF8.self)
            cursor += 1
        }
        throw invalid("the SVG's root start tag is not closed")
    }

    private static func invalid(_ reason: String) -> CredentialKitError {
        CredentialKitError(.invalidBadgeImage, reason)
    }
}
