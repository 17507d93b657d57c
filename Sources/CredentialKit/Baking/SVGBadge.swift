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
/// entity-expansion bombs, which a badge never needs. So is an encoding other than UTF-8 (UTF-7
/// could hide a DOCTYPE from that check, and Latin-1 would read the bytes differently), and any
/// error the parser reports, fatal or not, refuses the image. External entities are off as well,
/// and elements may nest at most ``maxNesting`` deep.
enum SVGBadge {
    static let maxNesting = 256

    /// The start of the document: where the root element's start tag begins, its name, whether a
    /// DOCTYPE came before it, and the encoding its XML declaration names.
    struct Prolog {
        var rootStart: Int
        var rootName: String
        var hasDoctype: Bool
        var encoding: String?
    }

    /// Encodings that read ASCII bytes as UTF-8 does, accepted in a declaration of a pure ASCII SVG.
    static let asciiCompatibleEncodings: Set<String> = ["us-ascii", "ascii", "iso-8859-1", "latin1", "iso-8859-15", "windows-1252"]

    /// Reads the XML prolog (declaration, comments, processing instructions, DOCTYPE) up to the
    /// root element; nil when the bytes do not look like XML at all.
    static func prolog(of bytes: [UInt8]) -> Prolog? {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var hasDoctype = false
        var encoding: String?
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
                let start = index
                guard skip(past: "?>") else { return nil }
                // Only a declaration at the very start names the encoding (XML 1.0 §4.3.3).
                if start == (bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0) {
                    encoding = declaredEncoding(bytes[start..<index])
                }
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
                              hasDoctype: hasDoctype, encoding: encoding)
            }
        }
        return nil
    }

    /// The `encoding` of an XML declaration (`<?xml version="1.0" encoding="…"?>`), or nil.
    private static func declaredEncoding(_ declaration: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: declaration, as: UTF8.self)
        guard text.hasPrefix("<?xml"), let next = text.dropFirst(5).first, next.isWhitespace,
              let name = text.range(of: "encoding") else { return nil }
        let rest = text[name.upperBound...].drop { $0.isWhitespace }
        guard rest.first == "=" else { return nil }
        let value = rest.dropFirst().drop { $0.isWhitespace }
        guard let quote = value.first, quote == "\"" || quote == "'",
              let end = value.dropFirst().firstIndex(of: quote) else { return nil }
        return String(value[value.index(after: value.startIndex)..<end])
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
        // memchr: firstIndex(of:) takes a second over 20 MB in a debug build.
        let nul = svg.withUnsafeBytes { bytes in
            bytes.baseAddress.flatMap { base in memchr(base, 0, bytes.count).map { UnsafeRawPointer($0) - base } }
        }
        if let nul { throw invalid("the SVG has a NUL byte at byte \(nul); XML allows none") }
        if let offset = dataLessProcessingInstruction(in: svg) {
            throw invalid("the SVG has a processing instruction without data at byte \(offset) (<?name?>); Laurel refuses one because FoundationXML's parser on Linux crashes on it")
        }
        if let encoding = prolog.encoding {
            let name = encoding.lowercased()
            guard name == "utf-8" || name == "utf8" || (asciiCompatibleEncodings.contains(name) && svg.allSatisfy({ $0 < 0x80 })) else {
                throw invalid("the SVG declares the encoding \(encoding); Laurel reads badge SVGs as UTF-8 only, so that no reader sees other text than it does")
            }
        }
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
        // On Linux, parse() returns true for a document that ends with elements open, or has
        // content after its root; the errors reach only parserError and the delegate.
        if let error = parser.parserError {
            throw invalid("the SVG is not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber)): \(describe(error))")
        }
        if let (name, line) = collector.openNames.last {
            throw invalid("the SVG ends before <\(name)> (line \(line)) is closed: it is truncated or not well-formed")
        }
        // The parser stops reading at the end of the root element: anything after it is not XML.
        if collector.elements < tags.elements {
            throw invalid("there is content after the SVG's root element ends; the SVG is not well-formed")
        }
        guard parsed, collector.rootClosed else {
            throw invalid("the SVG is not well-formed XML: it ends before its root element is closed (line \(parser.lineNumber))")
        }
        return collector.found
    }

    /// The offset of the first processing instruction without data (`<?name?>`) outside comments
    /// and CDATA sections, or nil.
    ///
    /// libxml2 reports such an instruction with NULL data, which FoundationXML (swift-corelibs-foundation,
    /// at least to toolchain 6.3.1) reads through a non-optional pointer: the process dies in `strlen`.
    /// The scan is linear: each construct is skipped to its end, and `memchr` finds each `<`.
    static func dataLessProcessingInstruction(in svg: [UInt8]) -> Int? {
        svg.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let count = buffer.count
            func startsAt(_ offset: Int, _ pattern: StaticString) -> Bool {
                offset + pattern.utf8CodeUnitCount <= count && memcmp(base + offset, pattern.utf8Start, pattern.utf8CodeUnitCount) == 0
            }
            /// The offset of the first `byte` at or after `from`, or `count`.
            func next(_ byte: UInt8, from: Int) -> Int {
                guard from < count, let hit = memchr(base + from, Int32(byte), count - from) else { return count }
                return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            }
            /// The offset just past the first `terminator` at or after `from`, or `count`.
            func end(of terminator: StaticString, from: Int) -> Int {
                var cursor = next(terminator.utf8Start.pointee, from: from)
                while cursor < count {
                    if startsAt(cursor, terminator) { return cursor + terminator.utf8CodeUnitCount }
                    cursor = next(terminator.utf8Start.pointee, from: cursor + 1)
                }
                return count
            }
            var index = next(UInt8(ascii: "<"), from: 0)
            while index < count {
                if startsAt(index, "<!--") {
                    index = end(of: "-->", from: index + 4)
                } else if startsAt(index, "<![CDATA[") {
                    index = end(of: "]]>", from: index + 9)
                } else if startsAt(index, "<?") {
                    // The target runs to white space or `?`; `?>` straight after it means no data.
                    var cursor = index + 2
                    while cursor < count {
                        let byte = base[cursor]
                        if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "?") { break }
                        cursor += 1
                    }
                    if cursor > index + 2, startsAt(cursor, "?>") { return index }
                    index = end(of: "?>", from: cursor)
                } else {
                    index += 1
                }
                index = next(UInt8(ascii: "<"), from: index)
            }
            return nil
        }
    }

    /// What a libxml2 error code means, for the codes a damaged badge gives.
    static func describe(_ error: any Error) -> String {
        let code = (error as NSError).code
        let meaning: String? = switch code {
        case 1: "the parser stopped at an internal limit (such as a text over 10 MB)"
        case 4: "the document is empty"
        case 5: "the document does not end where its root element ends: it is cut short, or has content after the root"
        case 9: "a character XML does not allow"
        case 38: "an attribute value holds a '<'"
        case 40: "an attribute value is not closed, or is over the parser's 10 MB limit"
        case 73: "a tag is not closed with '>'"
        case 76: "an end tag does not match its start tag"
        case 77: "the document ends inside a tag"
        case 201: "a prefix is used without a namespace declaration"
        default: nil
        }
        return meaning.map { "\($0) (XML error \(code))" } ?? "XML error \(code)"
    }

    /// Collects Open Badges elements while the parser walks the document.
    private final class Collector: NSObject, XMLParserDelegate {
        var found: [FoundElement] = []
        var problem: String?
        private var depth = 0
        /// The Open Badges element being read: its version, its text so far, where it began, its depth.
        private var open: (version: BakedBadge.Version, text: [UInt8], verify: String?, line: Int, depth: Int)?
        private var totalText = 0
        /// The elements open now, with the line each began on; whether the root has begun.
        private(set) var openNames: [(name: String, line: Int)] = []
        private var sawRoot = false
        /// How many elements the parser reported.
        private(set) var elements = 0
        /// Whether the root element's end tag was read.
        private(set) var rootClosed = false

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
            if let element = open {
                let kind = element.version == .openBadges3 ? "credential" : "assertion"
                stop(parser, "the <openbadges:\(kind)> element on line \(element.line) holds an element (<\(name)>, line \(parser.lineNumber)); it holds only text")
                return
            }
            guard let version else { return }
            open = (version, [], attributes["verify"], parser.lineNumber, depth)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            defer {
                if depth == 1 { rootClosed = true }
                depth -= 1
            }
            if let (opened, line) = openNames.popLast(), opened != (qualifiedName ?? name) {
                stop(parser, "the end tag </\(qualifiedName ?? name)> (line \(parser.lineNumber)) does not close <\(opened)> (line \(line)); the SVG is not well-formed")
                return
            }
            guard let element = open, element.depth == depth else { return }
            open = nil
            // The element's text (characters and CDATA sections in document order), else its verify attribute.
            let characters = String(decoding: element.text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !characters.isEmpty && element.verify != nil {
                stop(parser, "the credential element on line \(element.line) holds both text and a verify attribute; a baked badge holds one credential")
                return
            }
            let text = characters.isEmpty ? (element.verify ?? "").trimmingCharacters(in: .whitespacesAndNewlines) : characters
            found.append(FoundElement(version: element.version, text: text, line: element.line))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard open != nil else { return }
            guard count(parser, string.utf8.count) else { return }
            open?.text += string.utf8
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            guard open != nil else { return }
            guard count(parser, block.count) else { return }
            open?.text += block
        }

        func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
            stop(parser, "the SVG declares an external entity (\(name))")
        }

        func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
            stop(parser, "the SVG declares an entity (\(name))")
        }

        // The prolog check refuses a DOCTYPE before parsing; these stop the parser should one get past it.
        func parser(_ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?, systemID: String?, notationName: String?) {
            stop(parser, "the SVG declares an entity (\(name))")
        }

        func parser(_ parser: XMLParser, foundElementDeclarationWithName elementName: String, model: String) {
            stop(parser, "the SVG has a DTD (it declares the element \(elementName))")
        }

        func parser(_ parser: XMLParser, foundAttributeDeclarationWithName attributeName: String, forElement elementName: String, type: String?, defaultValue: String?) {
            stop(parser, "the SVG has a DTD (it declares the attribute \(attributeName))")
        }

        func parser(_ parser: XMLParser, foundNotationDeclarationWithName name: String, publicID: String?, systemID: String?) {
            stop(parser, "the SVG has a DTD (it declares the notation \(name))")
        }

        /// Stops at the first error, fatal or not: a damaged badge is refused, not read as far as it goes.
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            stop(parser, "the SVG is not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber)): \(SVGBadge.describe(parseError))")
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
