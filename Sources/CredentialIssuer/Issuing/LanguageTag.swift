import Foundation

/// BCP 47 language tags (`en`, `es`, `es-MX`, `pt-BR`, `zh-Hant-TW`) as Laurel reads them from
/// rosters, the command line and achievement files: checked for shape, matched against the
/// languages a catalog has, and named in plain words for messages.
public enum LanguageTag {
    /// Whether `tag` has the shape of a language tag: a 2–3 letter language, then subtags of
    /// 1–8 letters or digits separated by `-`. (Whether the language exists is not checked.)
    public static func isWellFormed(_ tag: String) -> Bool {
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = subtags.first, (2...3).contains(language.count),
              language.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return subtags.dropFirst().allSatisfy { subtag in
            (1...8).contains(subtag.count) && subtag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    /// The tag among `available` that best serves a reader of `requested`, or nil when none does.
    ///
    /// First RFC 4647 "lookup": the requested tag, then shorter and shorter prefixes of it
    /// (`es-MX` is served by `es-MX`, else by `es`). Then a version in the same language and
    /// script for another region (`es-MX` by `es-ES`, `pt` by `pt-BR`), the first in the order of
    /// `available`. Tags compare without regard to case. A different script (`zh-Hant` and
    /// `zh-Hans`) is never a match: a reader of one may not read the other.
    ///
    /// - Parameters:
    ///   - requested: the reader's language, e.g. a roster's `locale`.
    ///   - available: the languages there are versions in, in order of preference.
    /// - Returns: the matching element of `available`, as spelled there.
    public static func bestMatch(for requested: String, among available: [String]) -> String? {
        var candidate = requested.lowercased()
        while true {
            if let hit = available.first(where: { $0.lowercased() == candidate }) { return hit }
            guard let dash = candidate.lastIndex(of: "-") else { break }
            candidate = String(candidate[..<dash])
            // A singleton (`x`, `u`) only introduces what follows it: drop it with its subtag.
            if let previous = candidate.lastIndex(of: "-"), candidate.distance(from: previous, to: candidate.endIndex) == 2 {
                candidate = String(candidate[..<previous])
            }
        }
        let wanted = Parts(requested)
        return available.first { tag in
            let offered = Parts(tag)
            return offered.language == wanted.language && offered.script == wanted.script
        }
    }

    /// The language's name in English, with its tag: "Spanish (es)", "Portuguese (Brazil) (pt-BR)";
    /// the tag alone when the name is not known.
    public static func describe(_ tag: String) -> String {
        guard let name = englishName(tag) else { return tag }
        return "\(name) (\(tag))"
    }

    /// The language's name in English ("English", "Spanish (Mexico)"), or nil when not known.
    public static func englishName(_ tag: String) -> String? {
        let name = Locale(identifier: "en").localizedString(forIdentifier: tag.replacingOccurrences(of: "-", with: "_"))
        guard let name, !name.isEmpty, name.lowercased() != tag.lowercased() else { return nil }
        return name
    }

    /// A tag's primary language and script (lower-cased; the script nil when the tag has none).
    private struct Parts: Equatable {
        var language: String
        var script: String?

        init(_ tag: String) {
            let subtags = tag.lowercased().split(separator: "-").map(String.init)
            language = subtags.first ?? ""
            script = subtags.count > 1 && subtags[1].count == 4 && subtags[1].allSatisfy(\.isLetter) ? subtags[1] : nil
        }
    }
}
