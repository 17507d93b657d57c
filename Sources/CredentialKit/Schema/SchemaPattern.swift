/// A `pattern` or `patternProperties` regular expression, compiled once.
///
/// Uses Swift `Regex` with code-point matching and ASCII-only `\d` and `\w`, which
/// is close to ECMA-262 with the `u` flag; ECMA-only syntax is reported at compile time.
struct SchemaPattern: @unchecked Sendable {
    // `Regex` is not declared Sendable. Its only mutable state is the matching program it
    // lowers on first use (stored atomically); `init` matches once so that happens here,
    // and afterwards matching from any thread only reads.
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `source`.
    /// - Throws: ``CredentialKitError`` `.invalidSchema` when Swift cannot read the expression.
    init(_ source: String, at location: String) throws {
        do {
            regex = try Regex(source)
                .matchingSemantics(.unicodeScalar)
                .asciiOnlyDigits()
                .asciiOnlyWordCharacters()
        } catch {
            throw CredentialKitError(.invalidSchema, "the regular expression \"\(source)\" at \(location) is not valid: \(error)")
        }
        _ = matches("")
    }

    /// True when the expression matches somewhere in `text` (patterns are not anchored).
    func matches(_ text: String) -> Bool {
        text.contains(regex)
    }
}

extension CredentialKitError.Code {
    /// A JSON Schema that cannot be used: not an object or boolean, a bad regular
    /// expression, or a `$ref` to nothing known.
    package static let invalidSchema = Self("invalidSchema")
}
