/// IRI syntax helpers for JSON-LD: keyword forms, absolute IRIs, RFC 3986 reference resolution.
enum IRI {
    /// True for a JSON-LD 1.1 keyword (§ 1.7 of the syntax spec).
    ///
    /// Called for nearly every key and IRI during expansion, so it avoids hashing: strings not
    /// starting with `@` (most IRIs) are answered at once, and the keywords are all small ASCII
    /// strings, which compare with each other as fast as integers.
    static func isKeyword(_ value: String) -> Bool {
        guard value.utf8.first == UInt8(ascii: "@") else { return false }
        // Cases are tried in order, so the keywords documents use most come first.
        switch value {
        case "@id", "@type", "@value", "@context", "@language", "@list", "@graph", "@set", "@index",
            "@base", "@container", "@direction", "@import", "@included", "@json", "@nest", "@none", "@prefix",
            "@propagate", "@protected", "@reverse", "@version", "@vocab":
            return true
        default:
            return false
        }
    }

    /// True for `@` followed by one or more ASCII letters: reserved for future keywords, ignored.
    static func hasKeywordForm(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard utf8.count > 1, utf8.first == UInt8(ascii: "@") else { return false }
        return utf8.dropFirst().allSatisfy { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }
    }

    /// True when `value` starts with a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`).
    static func isAbsolute(_ value: String) -> Bool {
        var value = value
        return value.withUTF8(hasScheme)
    }

    /// ``isAbsolute(_:)`` over UTF-8 bytes (a contiguous buffer, so the scan does not go through `String.UTF8View`).
    private static func hasScheme(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var sawFirst = false
        for byte in bytes {
            if byte == UInt8(ascii: ":") { return sawFirst }
            let lower = byte | 0x20
            let isAlpha = lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
            if !sawFirst {
                guard isAlpha else { return false }
                sawFirst = true
            } else {
                let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                guard isAlpha || isDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: ".")
                else { return false }
            }
        }
        return false
    }

    /// The first `:` of `value` after its first character (where a prefix ends), found in its contiguous UTF-8.
    static func prefixColon(_ value: String) -> String.Index? {
        var bytes = value
        guard let offset = bytes.withUTF8({ $0.dropFirst().firstIndex(of: UInt8(ascii: ":")) }) else { return nil }
        return value.utf8.index(value.utf8.startIndex, offsetBy: offset)
    }

    /// True for a blank node identifier (`_:` first, compared as characters); most strings are told apart by their first byte.
    static func isBlankNode(_ value: String) -> Bool {
        value.utf8.first == UInt8(ascii: "_") && value.hasPrefix("_:")
    }

    /// An absolute IRI with at most one `#` and none of the characters RDF forbids in IRIs (controls, space, `<>"{}|^` and backtick, backslash).
    static func isWellFormed(_ value: String) -> Bool {
        var value = value
        return value.withUTF8(isWellFormed)
    }

    /// ``isWellFormed(_:)`` over UTF-8 bytes.
    private static func isWellFormed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard hasScheme(bytes) else { return false }
        var hashes = 0
        for byte in bytes {
            if NQuadsSyntax.isForbiddenInIRI(byte) { return false }
            if byte == UInt8(ascii: "#") {
                hashes += 1
                if hashes > 1 { return false }
            }
        }
        return true
    }

    /// True when the IRI or blank node identifier can appear in RDF output.
    static func isWellFormedResource(_ value: String) -> Bool {
        isBlankNode(value) ? value.count > 2 : isWellFormed(value)
    }

    /// True when `value` ends with one of RFC 3986's gen-delims (`:/?#[]@`).
    static func endsWithGenDelim(_ value: String) -> Bool {
        guard let last = value.utf8.last else { return false }
        return ":/?#[]@".utf8.contains(last)
    }

    // MARK: - RFC 3986 § 5.2 reference resolution

    /// The five components of a URI reference (§ 3); nil means "undefined", unlike empty.
    struct Components {
        var scheme: Substring?
        var authority: Substring?
        var path: Substring
        var query: Substring?
        var fragment: Substring?

        init(_ reference: String) {
            var rest = reference[...]
            if let hash = rest.firstIndex(of: "#") {
                fragment = rest[rest.index(after: hash)...]
                rest = rest[..<hash]
            }
            if let question = rest.firstIndex(of: "?") {
                query = rest[rest.index(after: question)...]
                rest = rest[..<question]
            }
            if IRI.isAbsolute(String(rest)), let colon = rest.firstIndex(of: ":") {
                scheme = rest[..<colon]
                rest = rest[rest.index(after: colon)...]
            }
            if rest.hasPrefix("//") {
                let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
                let end = rest[afterSlashes...].firstIndex(of: "/") ?? rest.endIndex
                authority = rest[afterSlashes..<end]
                rest = rest[end...]
            }
            path = rest
        }

        var recomposed: String {
            var out = ""
            if let scheme { out += scheme + ":" }
            if let authority { out += "//" + authority }
            out += path
            if let query { out += "?" + query }
            if let fragment { out += "#" + fragment }
            return out
        }
    }

    /// Resolves `reference` against `base` (RFC 3986 § 5.2, no normalisation); nil base returns the reference.
    static func resolve(_ reference: String, against base: String?) -> String {
        guard let base else { return reference }
        let ref = Components(reference)
        if ref.scheme != nil {
            var target = ref
            target.path = Substring(removeDotSegments(String(ref.path)))
            return target.recomposed
        }
        let baseParts = Components(base)
        var target = ref
        target.scheme = baseParts.scheme
        if ref.authority != nil {
            target.path = Substring(removeDotSegments(String(ref.path)))
        } else {
            target.authority = baseParts.authority
            if ref.path.isEmpty {
                target.path = baseParts.path
                target.query = ref.query ?? baseParts.query
            } else if ref.path.hasPrefix("/") {
                target.path = Substring(removeDotSegments(String(ref.path)))
            } else {
                target.path = Substring(removeDotSegments(merge(basePath: baseParts.path, hasAuthority: baseParts.authority != nil, with: ref.path)))
            }
        }
        return target.recomposed
    }

    private static func merge(basePath: Substring, hasAuthority: Bool, with path: Substring) -> String {
        if hasAuthority && basePath.isEmpty { return "/" + path }
        guard let slash = basePath.lastIndex(of: "/") else { return String(path) }
        return String(basePath[...slash] + path)
    }

    /// RFC 3986 § 5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        guard path.utf8.contains(UInt8(ascii: ".")) else { return path }
        var input = path[...]
        var output: [Substring] = []
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") {
                input = input.dropFirst(2)
            } else if input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") {
                input = input.dropFirst(3)
                if !output.isEmpty { output.removeLast() }
            } else if input == "/.." {
                input = "/"
                if !output.isEmpty { output.removeLast() }
            } else if input == "." || input == ".." {
                input = ""
            } else {
                let searchStart = input.hasPrefix("/") ? input.index(after: input.startIndex) : input.startIndex
                let end = input[searchStart...].firstIndex(of: "/") ?? input.endIndex
                output.append(input[..<end])
                input = input[end...]
            }
        }
        return output.joined()
    }
}
