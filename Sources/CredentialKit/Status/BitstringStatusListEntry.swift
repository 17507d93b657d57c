/// A `credentialStatus` entry of type `BitstringStatusListEntry`: where in which
/// status list a credential's status lives (W3C Bitstring Status List v1.0 §2.1).
public struct BitstringStatusListEntry: Sendable, Hashable {
    /// The JSON `type` of an entry.
    public static let type = "BitstringStatusListEntry"
    /// The largest `statusSize` Laurel handles: a status is read into a `UInt`.
    public static let maxStatusSize = UInt.bitWidth

    /// An optional URL naming this entry; never the status list's URL.
    public var id: String?
    /// What the status means: `revocation`, `suspension`, `refresh`, `message`, or
    /// another value an ecosystem defines (the spec allows any string).
    public var statusPurpose: String
    /// The entry's position in the list (the JSON carries it as a base-10 string).
    public var statusListIndex: Int
    /// The URL of the `BitstringStatusListCredential` holding the list.
    public var statusListCredential: String
    /// The number of bits per status; 1 unless the entry says otherwise.
    public var statusSize: Int
    /// The meaning of each status value; required when `statusSize` is above 1.
    public var statusMessages: [StatusMessage]?
    /// URLs of material explaining the status values.
    public var statusReferences: [String]?

    public init(
        id: String? = nil, statusPurpose: String, statusListIndex: Int, statusListCredential: String,
        statusSize: Int = 1, statusMessages: [StatusMessage]? = nil, statusReferences: [String]? = nil
    ) {
        self.id = id
        self.statusPurpose = statusPurpose
        self.statusListIndex = statusListIndex
        self.statusListCredential = statusListCredential
        self.statusSize = statusSize
        self.statusMessages = statusMessages
        self.statusReferences = statusReferences
    }

    /// Reads and validates an entry from its JSON object.
    ///
    /// Members other than those modelled here are ignored.
    /// - Throws: ``CredentialKitError`` `.invalidStatusEntry` naming the member and the
    ///   problem: a wrong `type`; a missing or empty `statusPurpose`; a
    ///   `statusListIndex` that is not a string of base-10 digits or does not fit in
    ///   an `Int`; a `statusListCredential`, `id` or `statusReference` that is not an
    ///   absolute URL; an `id` equal to the list's URL; a `statusSize` outside
    ///   1...64; a `statusMessage` missing (when `statusSize` > 1) or of the wrong shape.
    public init(json: JSONValue) throws {
        let reader = try StatusJSONReader(json, context: "credentialStatus (\(Self.type))", code: .invalidStatusEntry)
        try reader.requireType(Self.type)
        id = try reader.optionalURL("id")
        statusPurpose = try reader.requiredString("statusPurpose")
        statusListIndex = try Self.parseIndex(reader)
        statusListCredential = try reader.requiredURL("statusListCredential")
        if let id, id == statusListCredential {
            throw reader.error("id", "must not be the status list's URL (statusListCredential)")
        }
        statusSize = try reader.optionalInteger("statusSize", in: 1...Self.maxStatusSize) ?? 1
        if let messages = reader.object["statusMessage"] {
            statusMessages = try StatusMessage.list(messages, statusSize: statusSize, reader: reader, key: "statusMessage")
        } else if statusSize > 1 {
            throw reader.error("statusMessage", "is missing; it is required when statusSize is greater than 1 (here \(statusSize))")
        }
        statusReferences = try reader.oneOrMoreStrings("statusReference")
        for reference in statusReferences ?? [] where !StatusJSONReader.isAbsoluteURL(reference) {
            throw reader.error("statusReference", "must be an absolute URL or an array of them, got \"\(reference)\"")
        }
    }

    /// The entry as JSON, with `statusListIndex` as a base-10 string and
    /// `statusSize` only when it is not 1.
    public var json: JSONValue {
        var object = JSONObject()
        if let id { object["id"] = .string(id) }
        object["type"] = .string(Self.type)
        object["statusPurpose"] = .string(statusPurpose)
        object["statusListIndex"] = .string(String(statusListIndex))
        object["statusListCredential"] = .string(statusListCredential)
        if statusSize != 1 { object["statusSize"] = .number(Double(statusSize)) }
        if let statusMessages { object["statusMessage"] = .array(statusMessages.map(\.json)) }
        if let statusReferences {
            object["statusReference"] = statusReferences.count == 1 ? .string(statusReferences[0]) : .array(statusReferences.map { .string($0) })
        }
        return .object(object)
    }

    /// `statusListIndex`: "an arbitrary size integer greater than or equal to 0,
    /// expressed as a string in base 10". Leading zeros are accepted; values past
    /// `Int.max` are rejected (they lie beyond any list we would load).
    private static func parseIndex(_ reader: StatusJSONReader) throws -> Int {
        let key = "statusListIndex"
        guard let value = reader.object[key] else { throw reader.error(key, "is missing") }
        guard let text = value.stringValue else {
            throw reader.error(key, "must be a string of base-10 digits, got \(value.kindName)")
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw reader.error(key, "must be a non-negative integer written with the digits 0-9 only, got \"\(text)\"")
        }
        guard let index = Int(text) else {
            throw reader.error(key, "is too large (\(text.count) digits; the largest supported is \(Int.max))")
        }
        return index
    }
}
