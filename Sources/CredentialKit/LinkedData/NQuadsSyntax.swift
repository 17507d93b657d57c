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
        // One bit per ASCII character: 0x00–0x20 " < > in the low word, \ ^ ` { | } in the high.
        let low: UInt64 = 0x5000_0005_FFFF_FFFF
        let high: UInt64 = 0x3800_0001_5000_0000
        if byte < 64 { return (low &>> UInt64(byte)) & 1 != 0 }
        if byte < 128 { return (high &>> UInt64(byte &- 64)) & 1 != 0 }
        return false
    }

    /// 1 for each byte value ``isForbiddenInIRI(_:)`` is true of, 0 for the rest.
    private static let forbiddenInIRITable: [UInt8] = (0...255).map { isForbiddenInIRI(UInt8($0)) ? 1 : 0 }

    /// True when `iri` starts with a scheme (`letter *(letter / digit / "+" / "-" / ".") ":"`), as absolute IRIs do.
    static func hasScheme(_ iri: some Collection<UInt8>) -> Bool {
        guard let first = iri.first, isLetter(first), let colon = iri.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return iri[iri.index(after: iri.startIndex)..<colon].allSatisfy {
            isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
    }

    /// True when `iri` is absolute and can be written between `<` and `>` as it is.
    static func isWritableAbsoluteIRI(_ iri: String) -> Bool {
        var iri = iri
        return iri.withUTF8 { bytes in
            guard hasScheme(bytes) else { return false }
            // Branch-free: OR together each byte's entry in a table of forbidden characters.
            return forbiddenInIRITable.withUnsafeBufferPointer { table in
                var found: UInt8 = 0
                for byte in bytes { found |= table[Int(byte)] }
                return found == 0
            }
        }
    }

    /// True for a `LANGTAG` body: letters, then `-`-separated groups of letters and digits.
    static func isLanguageTag(_ tag: String) -> Bool {
        var groupLength = 0
        var inFirstGroup = true
        for byte in tag.utf8 {
            if byte == UInt8(ascii: "-") {
                guard groupLength > 0 else { return false }
                inFirstGroup = false
                groupLength = 0
            } else if isLetter(byte) || (!inFirstGroup && isDigit(byte)) {
                groupLength += 1
            } else {
                return false
            }
        }
        return groupLength > 0
    }
}
