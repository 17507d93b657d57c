/// A parser for the N-Quads grammar (RDF 1.1 N-Quads), over the UTF-8 bytes of a document.
///
/// Every production is checked; anything else, including RDF 1.2 triple terms, is
/// rejected with the line and column where parsing stopped. Blank node labels
/// accept the ASCII characters of `PN_CHARS` and any non-ASCII character.
struct NQuadsParser {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var lineStart = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Parses every statement up to the end of the document.
    mutating func parseDocument() throws -> RDFDataset {
        var quads: RDFDataset = []
        while true {
            skipSpaces()
            guard let byte = peek() else { return quads }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "#") {
                try endOfLine()
                continue
            }
            quads.append(try statement())
            try endOfLine()
        }
    }

    // MARK: Statements

    private mutating func statement() throws -> RDFQuad {
        let subject = try subjectOrGraph("subject")
        skipSpaces()
        guard peek() == UInt8(ascii: "<") else { throw failure("expected the predicate IRI, such as <http://example.org/p>") }
        let predicate = RDFTerm.iri(try iri())
        skipSpaces()
        let object: RDFTerm
        switch peek() {
        case UInt8(ascii: "\""): object = .literal(try literal())
        default: object = try subjectOrGraph("object")
        }
        skipSpaces()
        var graph: RDFTerm?
        if peek() != UInt8(ascii: ".") {
            graph = try subjectOrGraph("graph label or the final '.'")
            skipSpaces()
        }
        guard peek() == UInt8(ascii: ".") else { throw failure("expected '.' to end the statement") }
        position += 1
        return RDFQuad(subject: subject, predicate: predicate, object: object, graph: graph)
    }

    /// An IRI or a blank node, the forms a subject, graph label, or non-literal object takes.
    private mutating func subjectOrGraph(_ role: String) throws -> RDFTerm {
        switch peek() {
        case UInt8(ascii: "<"): return .iri(try iri())
        case UInt8(ascii: "_"): return .blankNode(try blankNodeLabel())
        default: throw failure("expected an IRI or a blank node as the \(role)")
        }
    }

    /// After a statement: optional spaces and comment, then a line end or the end of the document.
    private mutating func endOfLine() throws {
        skipSpaces()
        if peek() == UInt8(ascii: "#") {
            while let byte = peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") { position += 1 }
        }
        guard let byte = peek() else { return }
        guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
            throw failure("expected the end of the line after the statement")
        }
        position += 1
        if byte == UInt8(ascii: "\r"), peek() == UInt8(ascii: "\n") { position += 1 }
        line += 1
        lineStart = position
    }

    // MARK: Terms

    /// `IRIREF`: `<…>` with `UCHAR` escapes decoded; must be absolute (start with a scheme).
    private mutating func iri() throws -> String {
        let start = position
        position += 1  // '<'
        // Unescaped runs are copied whole; `segment` is where the current run began.
        var value: [UInt8] = []
        var segment = position
        while true {
            guard let byte = peek() else { throw failure("the IRI starting here has no closing '>'", at: start) }
            switch byte {
            case UInt8(ascii: ">"):
                value.append(contentsOf: bytes[segment..<position])
                position += 1
                guard NQuadsSyntax.hasScheme(value) else { throw failure("the IRI is not absolute (it has no scheme such as 'https:')", at: start) }
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "\\"):
                value.append(contentsOf: bytes[segment..<position])
                position += 1
                guard let escape = peek(), escape == UInt8(ascii: "u") || escape == UInt8(ascii: "U") else {
                    throw failure("an IRI allows only \\u and \\U escapes")
                }
                appendUTF8(try unicodeEscape(), to: &value)
                segment = position
            case _ where NQuadsSyntax.isForbiddenInIRI(byte):
                throw failure("character \(Self.describe(byte)) is not allowed in an IRI")
            default:
                position += 1
            }
        }
    }

    /// `BLANK_NODE_LABEL`: `_:` then a label that does not end with '.'; returns the label without `_:`.
    private mutating func blankNodeLabel() throws -> String {
        position += 1  // '_'
        guard peek() == UInt8(ascii: ":") else { throw failure("expected ':' after '_' in a blank node label") }
        position += 1
        let start = position
        guard let first = peek(), Self.isLabelStart(first) else {
            throw failure("a blank node label must start with a letter, digit or '_'")
        }
        position += 1
        while let byte = peek(), Self.isLabelCharacter(byte) || byte == UInt8(ascii: ".") { position += 1 }
        // A trailing '.' belongs to the statement, not the label.
        while bytes[position - 1] == UInt8(ascii: ".") { position -= 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// A literal: `STRING_LITERAL_QUOTE`, then `^^IRIREF` or `LANGTAG` or nothing (an `xsd:string`).
    private mutating func literal() throws -> RDFLiteral {
        let start = position
        position += 1  // '"'
        // Unescaped runs are copied whole; `segment` is where the current run began.
        var value: [UInt8] = []
        var segment = position
        scan: while true {
            guard let byte = peek() else { throw failure("the literal starting here has no closing '\"'", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                value.append(contentsOf: bytes[segment..<position])
                position += 1
                break scan
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw failure("a literal cannot span lines; write \\n or \\r", at: start)
            case UInt8(ascii: "\\"):
                value.append(contentsOf: bytes[segment..<position])
                position += 1
                guard let escape = peek() else { throw failure("the document ends inside an escape") }
                switch escape {
                case UInt8(ascii: "t"): value.append(0x09)
                case UInt8(ascii: "b"): value.append(0x08)
                case UInt8(ascii: "n"): value.append(0x0A)
                case UInt8(ascii: "r"): value.append(0x0D)
                case UInt8(ascii: "f"): value.append(0x0C)
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): value.append(escape)
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    appendUTF8(try unicodeEscape(), to: &value)
                    segment = position
                    continue scan
                default: throw failure("\\\(Self.describe(escape)) is not an escape N-Quads defines")
                }
                position += 1
                segment = position
            default:
                position += 1
            }
        }
        let lexicalForm = String(decoding: value, as: UTF8.self)
        switch peek() {
        case UInt8(ascii: "^"):
            position += 1
            guard peek() == UInt8(ascii: "^") else { throw failure("expected '^^' before the datatype IRI") }
            position += 1
            guard peek() == UInt8(ascii: "<") else { throw failure("expected the datatype IRI after '^^'") }
            return RDFLiteral(lexicalForm, datatype: try iri())
        case UInt8(ascii: "@"):
            return RDFLiteral(lexicalForm, language: try languageTag())
        default:
            return RDFLiteral(lexicalForm)
        }
    }

    /// `LANGTAG`: `@` letters, then `-`-separated groups of letters and digits; returns it without `@`.
    private mutating func languageTag() throws -> String {
        position += 1  // '@'
        let start = position
        while let byte = peek(), NQuadsSyntax.isLetter(byte) { position += 1 }
        guard position > start else { throw failure("a language tag must start with a letter") }
        while peek() == UInt8(ascii: "-") {
            position += 1
            let groupStart = position
            while let byte = peek(), NQuadsSyntax.isLetter(byte) || NQuadsSyntax.isDigit(byte) { position += 1 }
            guard position > groupStart else { throw failure("a language tag group after '-' is empty") }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// `UCHAR` after the backslash: `u` and 4 hex digits or `U` and 8; returns the scalar.
    private mutating func unicodeEscape() throws -> Unicode.Scalar {
        let start = position - 1
        let digitCount = bytes[position] == UInt8(ascii: "u") ? 4 : 8
        position += 1
        guard position + digitCount <= bytes.count,
              let value = UInt32(String(decoding: bytes[position..<position + digitCount], as: UTF8.self), radix: 16),
              bytes[position..<position + digitCount].allSatisfy(NQuadsSyntax.isHexDigit)
        else {
            throw failure("expected \(digitCount) hex digits in this escape", at: start)
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw failure("the escape names U+\(String(value, radix: 16, uppercase: true)), which is not a Unicode scalar value", at: start)
        }
        position += digitCount
        return scalar
    }

    // MARK: Helpers

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipSpaces() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
    }

    private func appendUTF8(_ scalar: Unicode.Scalar, to value: inout [UInt8]) {
        value.append(contentsOf: String(Character(scalar)).utf8)
    }

    private func failure(_ message: String, at offset: Int? = nil) -> CredentialKitError {
        let column = (offset ?? position) - lineStart + 1
        return CredentialKitError(.invalidNQuads, "N-Quads line \(line), column \(column): \(message)")
    }

    /// `PN_CHARS_U | [0-9]`, with every non-ASCII byte accepted.
    private static func isLabelStart(_ byte: UInt8) -> Bool {
        NQuadsSyntax.isLetter(byte) || NQuadsSyntax.isDigit(byte) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    /// `PN_CHARS`, with every non-ASCII byte accepted.
    private static func isLabelCharacter(_ byte: UInt8) -> Bool {
        isLabelStart(byte) || byte == UInt8(ascii: "-")
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "0x\(String(byte, radix: 16, uppercase: true))"
    }
}
