import CredentialKit
import Foundation

extension CredentialKitError.Code {
    /// A trust list that cannot be read as one.
    public static let invalidTrustList = Self("invalidTrustList")
}

/// The issuers a verifier trusts, with the names the lists give them and the list each came from,
/// read from files a person keeps: one or several, combined in order.
///
/// ```swift
/// var registry = try TrustRegistry.read(bytes, source: "partners.json")
/// registry.add(try await TrustRegistry.load(dccBytes, source: "dcc-registry.json", verifier: verifier))
/// let verifier = Verifier(trustRegistry: registry)
/// ```
///
/// An issuer on several lists keeps the name and list of the first: give the most
/// authoritative list first (as the Digital Credentials Consortium's registry client does).
public struct TrustRegistry: Sendable, Hashable {
    /// An issuer a list trusts.
    public struct Entry: Sendable, Hashable {
        public var issuerID: String
        /// The list's name for the issuer, if it gives one.
        public var name: String?
        /// The issuer's web site, if the list gives one.
        public var url: String?
        /// The name of the list it came from.
        public var registry: String
    }

    /// The trusted issuers by id.
    public private(set) var entries: [String: Entry] = [:]
    /// The lists read, by name, in the order they were added.
    public private(set) var registries: [String] = []

    public init() {}

    /// A list of `issuerIDs` with no names, called `registry`.
    public init(issuerIDs: Set<String>, registry: String = "your trust list") {
        for id in issuerIDs.sorted() { entries[id] = Entry(issuerID: id, registry: registry) }
        registries = [registry]
    }

    /// The entry for `issuerID`, if a list trusts it.
    public func entry(for issuerID: String) -> Entry? { entries[issuerID] }

    public var issuerIDs: Set<String> { Set(entries.keys) }

    /// Adds the issuers of `other` that this registry does not yet hold.
    public mutating func add(_ other: TrustRegistry) {
        for (id, entry) in other.entries where entries[id] == nil { entries[id] = entry }
        registries += other.registries.filter { !registries.contains($0) }
    }

    // MARK: Reading

    /// Reads an unsigned trust list:
    /// - a JSON array of issuer ids (strings, or objects with an `id` and optional `name`, `url`);
    /// - a JSON object with such an `issuers` array and an optional `name` for the list;
    /// - the Digital Credentials Consortium's `registry.json` (`{"meta": …, "entries": {DID: {name, url, location}}}`);
    /// - UTF-8 text with one issuer id (an https URL or a DID) per line, optionally followed by
    ///   whitespace and its name; `#` starts a comment.
    ///
    /// Anything else is refused, naming the source and the problem: a trust list read wrongly
    /// would trust the wrong issuers, or none. A list is named by its `name` (or the DCC
    /// registry's `meta.name`), else by `source`.
    ///
    /// - Throws: ``CredentialKitError`` `.invalidTrustList`.
    public static func read(_ bytes: [UInt8], source: String) throws -> TrustRegistry {
        let body = Array(bytes.drop { [0xef, 0xbb, 0xbf].contains($0) })
        let firstByte = body.first { ![0x20, 0x09, 0x0a, 0x0d].contains($0) }
        if firstByte == UInt8(ascii: "[") || firstByte == UInt8(ascii: "{") {
            let value: JSONValue
            do { value = try JSONParser.parse(body) } catch {
                throw refuse("the trust list \(source) is not valid JSON: \(error)")
            }
            if value["proof"] != nil || value["type"]?.asArray.contains("VerifiableCredential") == true {
                throw refuse("the trust list \(source) is a signed credential; it is read with its signature checked")
            }
            return try readJSON(value, source: source)
        }
        guard !body.contains(0), let text = String(validating: body, as: UTF8.self) else {
            throw refuse("the trust list \(source) is neither JSON nor UTF-8 text with one issuer id per line")
        }
        var registry = TrustRegistry()
        registry.registries = [source]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let id = String(line.prefix { !$0.isWhitespace })
            let name = line.dropFirst(id.count).trimmingCharacters(in: .whitespaces)
            guard isIssuerID(id) else {
                throw refuse("the trust list \(source), line \(n + 1), is not an issuer id (an https URL or a DID, optionally followed by a name)")
            }
            if registry.entries[id] == nil {
                registry.entries[id] = Entry(issuerID: id, name: name.isEmpty ? nil : name, registry: source)
            }
        }
        guard !registry.entries.isEmpty else {
            throw refuse("the trust list \(source) names no issuer; a trust list that trusts no one is almost surely the wrong file")
        }
        return registry
    }

    /// Reads a trust list that may be signed: a Verifiable Credential (JSON with an embedded proof,
    /// or a VC-JWT) whose `credentialSubject` has the `issuers` array (and `name`) of an unsigned
    /// list. Its signature is checked with `verifier`; it is believed only when the verdict is
    /// VERIFIED, and is named with its signer. An unsigned list is read as ``read(_:source:)``.
    ///
    /// - Throws: ``CredentialKitError`` `.invalidTrustList`, naming why (the list's verdict and its first failing check).
    public static func load(_ bytes: [UInt8], source: String, verifier: Verifier) async throws -> TrustRegistry {
        let body = Array(bytes.drop { [0xef, 0xbb, 0xbf].contains($0) })
        let isJWT = body.first == UInt8(ascii: "e") && body.filter { $0 == UInt8(ascii: ".") }.count == 2
        let parsed = isJWT ? nil : try? JSONParser.parse(body)
        let isSigned = isJWT || parsed?["proof"] != nil || parsed?["type"]?.asArray.contains("VerifiableCredential") == true
        guard isSigned else { return try read(bytes, source: source) }
        let input: CredentialInput
        do { input = try CredentialInput(bytes: body) } catch {
            throw refuse("the signed trust list \(source) cannot be read: \(error)")
        }
        let report = await verifier.verify(input)
        guard report.verdict.isVerified else {
            let problem = report.checks.first { $0.verdict != nil }?.message ?? report.verdict.text
            throw refuse("the signed trust list \(source) is not believed: \(report.verdict.text), \(problem)")
        }
        let signer = report.issuerID ?? "its issuer"
        guard let subject = input.credential["credentialSubject"]?.asArray.first else {
            throw refuse("the signed trust list \(source) has no credentialSubject holding its issuers")
        }
        var registry = try readJSON(subject, source: source)
        let name = (registry.registries.first ?? source) + " (signed by \(signer))"
        registry.registries = [name]
        for id in registry.entries.keys { registry.entries[id]?.registry = name }
        return registry
    }

    private static func readJSON(_ value: JSONValue, source: String) throws -> TrustRegistry {
        var registry = TrustRegistry()
        if case .object(let entries)? = value["entries"] {
            // The DCC registry: issuers keyed by their DID.
            let name = value["meta"]?["name"]?.stringValue ?? value["name"]?.stringValue ?? source
            registry.registries = [name]
            for (id, details) in entries.sorted(by: { $0.key < $1.key }) {
                guard isIssuerID(id), details.objectValue != nil else {
                    throw refuse("the trust list \(source), entry \"\(id.prefix(60))\", is not an issuer id with its details")
                }
                registry.entries[id] = Entry(issuerID: id, name: details["name"]?.stringValue,
                                             url: details["url"]?.stringValue, registry: name)
            }
        } else {
            guard let list = value.arrayValue ?? value["issuers"]?.arrayValue else {
                throw refuse("the trust list \(source) is JSON but not a list of issuers: give an array of issuer ids, {\"issuers\": [...]}, or a DCC registry.json with \"entries\"")
            }
            let name = value["name"]?.stringValue ?? source
            registry.registries = [name]
            for (n, item) in list.enumerated() {
                guard let id = item.stringValue ?? item["id"]?.stringValue, isIssuerID(id) else {
                    throw refuse("the trust list \(source), entry \(n + 1), is not an issuer id (an https URL or a DID)")
                }
                if registry.entries[id] == nil {
                    registry.entries[id] = Entry(issuerID: id, name: item["name"]?.stringValue, url: item["url"]?.stringValue, registry: name)
                }
            }
        }
        guard !registry.entries.isEmpty else { throw refuse("the trust list \(source) names no issuer") }
        return registry
    }

    private static func isIssuerID(_ text: String) -> Bool {
        (text.hasPrefix("https://") || text.hasPrefix("http://") || text.hasPrefix("did:"))
            && text.count > 8 && !text.contains(where: { $0.isWhitespace })
    }

    private static func refuse(_ reason: String) -> CredentialKitError { CredentialKitError(.invalidTrustList, reason) }
}

/// The issuer ids of a trust list file, as ``TrustRegistry/read(_:source:)`` reads them.
public enum TrustList {
    /// - Throws: ``CredentialKitError`` `.invalidTrustList`.
    public static func read(_ bytes: [UInt8], source: String) throws -> Set<String> {
        try TrustRegistry.read(bytes, source: source).issuerIDs
    }
}
