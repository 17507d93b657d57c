import CredentialKit

extension CredentialKitError.Code {
    /// A trust list that cannot be read as one.
    public static let invalidTrustList = Self("invalidTrustList")
}

/// The issuers a verifier trusts, read from a file a person keeps.
public enum TrustList {
    /// Reads a trust list: a JSON array of issuer ids (strings, or objects with an `id`), a JSON
    /// object with such an `issuers` array, or UTF-8 text with one issuer id (an https URL or a
    /// DID) per line, `#` starting a comment. Anything else is refused, naming the source and the
    /// problem: a trust list read wrongly would trust the wrong issuers, or none.
    ///
    /// - Throws: ``CredentialKitError`` `.invalidTrustList`.
    public static func read(_ bytes: [UInt8], source: String) throws -> Set<String> {
        func refuse(_ reason: String) -> CredentialKitError { CredentialKitError(.invalidTrustList, reason) }
        func isIssuerID(_ text: String) -> Bool {
            (text.hasPrefix("https://") || text.hasPrefix("http://") || text.hasPrefix("did:"))
                && text.count > 8 && !text.contains(where: { $0.isWhitespace })
        }
        let firstByte = bytes.first { ![0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].contains($0) }
        if firstByte == UInt8(ascii: "[") || firstByte == UInt8(ascii: "{") {
            let value: JSONValue
            do { value = try JSONParser.parse(Array(bytes.drop { [0xef, 0xbb, 0xbf].contains($0) })) } catch {
                throw refuse("the trust list \(source) is not valid JSON: \(error)")
            }
            guard let entries = value.arrayValue ?? value["issuers"]?.arrayValue else {
                throw refuse("the trust list \(source) is JSON but not a list of issuers: give an array of issuer ids, or {\"issuers\": [...]}")
            }
            var ids = Set<String>()
            for (n, entry) in entries.enumerated() {
                guard let id = entry.stringValue ?? entry["id"]?.stringValue, isIssuerID(id) else {
                    throw refuse("the trust list \(source), entry \(n + 1), is not an issuer id (an https URL or a DID)")
                }
                ids.insert(id)
            }
            guard !ids.isEmpty else { throw refuse("the trust list \(source) names no issuer") }
            return ids
        }
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            throw refuse("the trust list \(source) is neither JSON nor UTF-8 text with one issuer id per line")
        }
        var ids = Set<String>()
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if n == 0, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard isIssuerID(line) else {
                throw refuse("the trust list \(source), line \(n + 1), is not an issuer id (an https URL or a DID): \(line.prefix(60))")
            }
            ids.insert(line)
        }
        guard !ids.isEmpty else {
            throw refuse("the trust list \(source) names no issuer; a trust list that trusts no one is almost surely the wrong file")
        }
        return ids
    }
}
