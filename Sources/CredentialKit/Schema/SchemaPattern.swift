import Synchronization

/// A `pattern` or `patternProperties` regular expression, compiled once.
///
/// Uses Swift `Regex` with code-point matching and ASCII-only `\d` and `\w`, which
/// is close to ECMA-262 with the `u` flag; ECMA-only syntax is reported at compile time.
struct SchemaPattern: @unchecked Sendable {
    /// Recent answers, by text: documents checked one after another share many strings (the
    /// issuer's id, the dates of one batch), and Swift `Regex` takes microseconds per match.
    private let recent = RecentAnswers()

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
        if let known = recent.answer(for: text) { return known }
        let answer = text.contains(regex)
        recent.remember(answer, for: text)
        return answer
    }

    /// A small memory of answers, emptied when full; only short texts are remembered.
    final class RecentAnswers: Sendable {
        static let capacity = 64
        static let longestText = 256
        private let answers = Mutex<[String: Bool]>([:])

        func answer(for text: String) -> Bool? {
            guard text.utf8.count <= Self.longestText else { return nil }
            return answers.withLock { $0[text] }
        }

        func remember(_ answer: Bool, for text: String) {
            guard text.utf8.count <= Self.longestText else { return }
            answers.withLock { answers in
                if answers.count >= Self.capacity { answers.removeAll(keepingCapacity: true) }
                answers[text] = answer
            }
        }
    }
}

extension CredentialKitError.Code {
    /// A JSON Schema that cannot be used: not an object or boolean, a bad regular
    /// expression, or a `$ref` to nothing known.
    package static let invalidSchema = Self("invalidSchema")
}
