/// The `credentialSubject` of a `BitstringStatusListCredential`: the list itself
/// (W3C Bitstring Status List v1.0 §2.2).
public struct BitstringStatusListSubject: Sendable, Hashable {
    /// The JSON `type` of the subject.
    public static let type = "BitstringStatusList"

    /// The list's URL, e.g. `https://example.com/status/3#list`.
    public var id: String?
    /// The purposes the list serves; an entry's `statusPurpose` must be one of them.
    /// One purpose is written as a string, several as an array.
    public var statusPurposes: [String]
    /// The compressed bitstring: `u` + base64url(GZIP(bits)); see ``StatusBitstring``.
    public var encodedList: String
    /// Milliseconds before a verifier should fetch the list again; not a validity period.
    public var ttl: Int?
    /// The number of bits per status, which the spec requires for the `message` purpose.
    public var statusSize: Int?
    /// The meaning of each status value, for the `message` purpose.
    public var statusMessages: [StatusMessage]?

    public init(
        id: String? = nil, statusPurposes: [String], encodedList: String, ttl: Int? = nil,
        statusSize: Int? = nil, statusMessages: [StatusMessage]? = nil
    ) {
        self.id = id
        self.statusPurposes = statusPurposes
        self.encodedList = encodedList
        self.ttl = ttl
        self.statusSize = statusSize
        self.statusMessages = statusMessages
    }

    /// Reads and validates the subject from its JSON object.
    ///
    /// `encodedList` is only checked for its multibase `u` prefix here; expand it with
    /// ``bitstring(maxBytes:)``.
    /// - Throws: ``CredentialKitError`` `.invalidStatusList` naming the member and the
    ///   problem: a wrong `type`; a missing or empty `statusPurpose`; a missing
    ///   `encodedList` or one without the `u` prefix; a `ttl` that is not a
    ///   non-negative whole number; a `statusSize` outside 1...64 or missing for the
    ///   `message` purpose; a malformed `statusMessages`.
    public init(json: JSONValue) throws {
        let reader = try StatusJSONReader(json, context: "credentialSubject (\(Self.type))", code: .invalidStatusList)
        try reader.requireType(Self.type)
        id = try reader.optionalURL("id")
        guard let purposes = try reader.oneOrMoreStrings("statusPurpose") else {
            throw reader.error("statusPurpose", "is missing")
        }
        statusPurposes = purposes
        encodedList = try reader.requiredString("encodedList")
        guard encodedList.hasPrefix("u") else {
            throw reader.error("encodedList", "must start with the multibase prefix 'u' (base64url, no padding)")
        }
        ttl = try reader.optionalInteger("ttl", in: 0...Int.max)
        statusSize = try reader.optionalInteger("statusSize", in: 1...BitstringStatusListEntry.maxStatusSize)
        if statusPurposes.contains("message"), statusSize == nil {
            throw reader.error("statusSize", "is missing; it is required when statusPurpose includes \"message\"")
        }
        if let messages = reader.object["statusMessages"] {
            statusMessages = try StatusMessage.list(messages, statusSize: statusSize ?? 1, reader: reader, key: "statusMessages")
        }
    }

    /// The subject as JSON.
    public var json: JSONValue {
        var object = JSONObject()
        if let id { object["id"] = .string(id) }
        object["type"] = .string(Self.type)
        object["statusPurpose"] = statusPurposes.count == 1 ? .string(statusPurposes[0]) : .array(statusPurposes.map { .string($0) })
        object["encodedList"] = .string(encodedList)
        if let ttl { object["ttl"] = .number(Double(ttl)) }
        if let statusSize { object["statusSize"] = .number(Double(statusSize)) }
        if let statusMessages { object["statusMessages"] = .array(statusMessages.map(\.json)) }
        return .object(object)
    }

    /// Expands ``encodedList`` into its bitstring.
    ///
    /// - Parameter maxBytes: the largest uncompressed list to accept (16 MiB by default).
    /// - Throws: ``CredentialKitError`` as ``StatusBitstring/init(encodedList:maxBytes:)``.
    public func bitstring(maxBytes: Int = 16 << 20) throws -> StatusBitstring {
        try StatusBitstring(encodedList: encodedList, maxBytes: maxBytes)
    }
}
