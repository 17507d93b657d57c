/// One element of a `statusMessage` array: the meaning of one multi-bit status value.
public struct StatusMessage: Sendable, Hashable {
    /// The status value (written in JSON as `0x`-prefixed hexadecimal, e.g. `"0x2"`).
    public var status: UInt
    /// A message for developers (the spec says it should not be shown to end users).
    public var message: String

    public init(status: UInt, message: String) {
        self.status = status
        self.message = message
    }

    /// Reads `{"status": "0x…", "message": "…"}`; other members are allowed and ignored.
    ///
    /// - Throws: ``CredentialKitError`` with `code` for a missing member or a status
    ///   that is not `0x` followed by 1 to 16 hexadecimal digits.
    init(json: JSONValue, context: String, code: CredentialKitError.Code) throws {
        let reader = try StatusJSONReader(json, context: context, code: code)
        let text = try reader.requiredString("status")
        let digits = text.dropFirst(2)
        guard text.hasPrefix("0x"), (1...16).contains(digits.count),
              let status = UInt(digits, radix: 16), !digits.contains("+"), !digits.contains("-")
        else {
            throw reader.error("status", "must be \"0x\" followed by hexadecimal digits, got \"\(text)\"")
        }
        self.status = status
        self.message = try reader.requiredString("message")
    }

    /// The JSON form, with the status as lower-case `0x` hexadecimal.
    public var json: JSONValue {
        ["status": .string("0x" + String(status, radix: 16)), "message": .string(message)]
    }

    /// Reads a `statusMessage` array for `statusSize`-bit statuses.
    ///
    /// The spec requires exactly one message per possible value (2^statusSize of them);
    /// this also requires each status to fit in `statusSize` bits and to appear once.
    static func list(_ value: JSONValue, statusSize: Int, reader: StatusJSONReader, key: String) throws -> [StatusMessage] {
        guard let elements = value.arrayValue else {
            throw reader.error(key, "must be an array, got \(value.kindName)")
        }
        let expected = statusSize < 20 ? 1 << statusSize : Int.max
        guard elements.count == expected else {
            throw reader.error(key, "must have one element per possible status (2^\(statusSize)), got \(elements.count)")
        }
        var seen = Set<UInt>()
        return try elements.enumerated().map { position, element in
            let message = try StatusMessage(json: element, context: "\(reader.context).\(key)[\(position)]", code: reader.code)
            guard message.status >> UInt(statusSize) == 0 else {
                throw reader.error(key, "element \(position) has status 0x\(String(message.status, radix: 16)), which does not fit in statusSize \(statusSize) bits")
            }
            guard seen.insert(message.status).inserted else {
                throw reader.error(key, "element \(position) repeats status 0x\(String(message.status, radix: 16))")
            }
            return message
        }
    }
}
