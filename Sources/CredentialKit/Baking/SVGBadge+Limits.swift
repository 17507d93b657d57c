extension SVGBadge {
    /// The most attributes one element may carry. The XML parser's time grows with the square of
    /// an element's attribute count (300,000 attributes in 3.5 MB took two minutes), and a badge's
    /// elements have a handful.
    static let maxAttributesPerElement = 1_024

    /// What one pass over the bytes finds before the parser sees them: how many elements start, and
    /// the byte offset of the first element with more than ``maxAttributesPerElement`` attributes.
    struct TagScan {
        var elements = 0
        var crowdedElement: Int?
    }

    /// Counts start tags, and `=` signs outside quotes inside each tag, skipping comments, CDATA
    /// sections and processing instructions. Exact for well-formed XML (where `<` appears nowhere
    /// else); a malformed document may be miscounted, but then the parser or the count refuses it.
    static func scanTags(_ bytes: [UInt8]) -> TagScan {
        var scan = TagScan()
        var index = 0
        let count = bytes.count
        func startsWith(_ text: StaticString, at offset: Int) -> Bool {
            let length = text.utf8CodeUnitCount
            guard offset + length <= count else { return false }
            return text.withUTF8Buffer { pattern in
                for n in 0..<length where bytes[offset + n] != pattern[n] { return false }
                return true
            }
        }
        func skip(to terminator: StaticString, from offset: Int) -> Int {
            var cursor = offset
            while cursor < count && !startsWith(terminator, at: cursor) { cursor += 1 }
            return cursor + terminator.utf8CodeUnitCount
        }
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            if startsWith("<!--", at: index) { index = skip(to: "-->", from: index + 4); continue }
            if startsWith("<![CDATA[", at: index) { index = skip(to: "]]>", from: index + 9); continue }
            if startsWith("<?", at: index) { index = skip(to: "?>", from: index + 2); continue }
            let start = index
            if index + 1 < count, bytes[index + 1] != UInt8(ascii: "/"), bytes[index + 1] != UInt8(ascii: "!") { scan.elements += 1 }
            var attributes = 0
            var quote: UInt8?
            index += 1
            while index < count {
                let byte = bytes[index]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: "=") {
                    attributes += 1
                    if attributes > maxAttributesPerElement {
                        scan.crowdedElement = start
                        return scan
                    }
                } else if byte == UInt8(ascii: ">") {
                    break
                }
                index += 1
            }
            index += 1
        }
        return scan
    }
}
