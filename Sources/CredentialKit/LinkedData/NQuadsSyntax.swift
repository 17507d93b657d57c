/// Character classes of the N-Quads grammar, shared by the parser and by the checks that
/// keep canonical N-Quads unambiguous.
enum NQuadsSyntax {
    static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    /// True for a character `IRIREF` forbids unescaped: controls, space, and `<>"{}|^`\`.
    static func isForbiddenInIRI(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00...0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "\\"):
            true
        default:
            false
        }
    }

    /// True when `iri` starts with a scheme (`letter *(letter / digit / "+" / "-" / ".") ":"`), as absolute IRIs do.
    static func hasScheme(_ iri: some Collection<UInt8>) -> Bool {
        guard let first = iri.first, isLetter(first), let colon = iri.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return iri[iri.index(after: iri.startIndex)..<colon].allSatisfy {
            isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
    }

    /// True when `iri` is absolute and can be written between `<` and `>` as it is.
    static func isWritableAbsoluteIRI(_ iri: String) -> Bool {
        hasScheme(iri.utf8) && !iri.utf8.contains(where: isForbiddenInIRI)
    }

    /// True for a `LANGTAG` body: letters, then `-`-separated groups of letters and digits.
    static func isLanguageTag(_ tag: String) -> Bool {
        let groups = tag.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard let first = groups.first, !first.isEmpty, first.allSatisfy(isLetter) else { return false }
        return groups.dropFirst().allSatisfy { !$0.isEmpty && $0.allSatisfy { isLetter($0) || isDigit($0) } }
    }
}
