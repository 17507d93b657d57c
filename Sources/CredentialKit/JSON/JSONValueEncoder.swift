#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns `Encodable` values into ``JSONValue`` trees, so model types can be plain Codable structs.
///
/// Object members keep the order they are encoded in, which for synthesized
/// `Codable` is declaration order; optionals that are nil are left out, as
/// synthesized code calls `encodeIfPresent`. `Date` becomes an RFC 3339 string
/// (`2026-01-01T00:00:00Z`, with `.SSS` only for non-zero milliseconds), `URL` its
/// absolute string, and a ``JSONValue`` field is copied as it is.
public struct JSONValueEncoder: Sendable {
    public init() {}

    /// Encodes `value` as a JSON value.
    ///
    /// - Parameter value: The value to encode.
    /// - Returns: The JSON value; a type that encodes nothing becomes an empty object.
    /// - Throws: ``CredentialKitError`` `.encodingFailed` naming the coding path of a NaN or
    ///   infinite number, or of an integer that a double cannot hold exactly; errors the
    ///   value's own `encode(to:)` throws pass through, `EncodingError` converted likewise.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        do {
            return try JSONEncodingNode.slot(for: value, codingPath: []).jsonValue
        } catch let error as EncodingError {
            throw CredentialKitError(error)
        }
    }
}

extension CredentialKitError {
    /// An `.encodingFailed` error whose reason starts with the coding path.
    init(_ error: EncodingError) {
        switch error {
        case .invalidValue(_, let context):
            self.init(.encodingFailed, "\(JSONCodingPath.describe(context.codingPath)): \(context.debugDescription)")
        @unknown default:
            self.init(.encodingFailed, "Encoding failed: \(error)")
        }
    }
}

/// Where encoded output accumulates: a value, an array or an ordered object.
///
/// Containers hand out references to their nodes so that nested containers and
/// `superEncoder()` can keep writing after the call that created them returns.
final class JSONEncodingNode {
    /// A member or element: a finished value, or a node still being filled.
    enum Slot {
        case value(JSONValue)
        case node(JSONEncodingNode)

        var jsonValue: JSONValue {
            switch self {
            case .value(let value): value
            case .node(let node): node.jsonValue
            }
        }
    }

    enum Kind { case empty, value, array, object }

    private(set) var kind = Kind.empty
    private var scalar = JSONValue.null
    private var elements: [Slot] = []
    private var keys: [String] = []
    private var members: [String: Slot] = [:]

    var count: Int { kind == .array ? elements.count : members.count }

    var jsonValue: JSONValue {
        switch kind {
        case .value: return scalar
        case .array: return .array(elements.map(\.jsonValue))
        case .empty, .object:
            var object = JSONObject()
            for key in keys { object[key] = members[key]?.jsonValue }
            return .object(object)
        }
    }

    /// Makes this node hold `kind`, discarding content of another kind (a misuse of Codable).
    func become(_ newKind: Kind) {
        guard kind != newKind else { return }
        kind = newKind
        scalar = .null
        elements = []
        keys = []
        members = [:]
    }

    func setValue(_ value: JSONValue) {
        become(.value)
        scalar = value
    }

    func append(_ slot: Slot) {
        become(.array)
        elements.append(slot)
    }

    /// Sets a member; a key set again keeps its first position.
    func setMember(_ key: String, _ slot: Slot) {
        become(.object)
        if members.updateValue(slot, forKey: key) == nil { keys.append(key) }
    }

    /// The slot for `value` at `codingPath`: a finished value when possible, else a filled node.
    static func slot<T: Encodable>(for value: T, codingPath: [any CodingKey]) throws -> Slot {
        if let json = try nativeValue(value, codingPath) { return .value(json) }
        let node = JSONEncodingNode()
        try value.encode(to: JSONValueEncoding(node: node, codingPath: codingPath))
        return node.kind == .value ? .value(node.scalar) : .node(node)
    }

    /// Encodes `value` into this node itself, as a single-value container does.
    func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if let json = try Self.nativeValue(value, codingPath) {
            setValue(json)
        } else {
            try value.encode(to: JSONValueEncoding(node: self, codingPath: codingPath))
        }
    }

    /// The JSON form of the types JSON has its own form for, or nil for everything else.
    private static func nativeValue<T: Encodable>(_ value: T, _ codingPath: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let json as JSONValue: json
        case let date as Date: .string(RFC3339Date.format(date))
        case let url as URL: .string(url.absoluteString)
        case let string as String: .string(string)
        case let number as Double: try finiteNumber(number, codingPath)
        default: nil
        }
    }

    /// A finite double as a JSON number.
    static func finiteNumber(_ number: Double, _ codingPath: [any CodingKey]) throws -> JSONValue {
        guard number.isFinite else {
            throw EncodingError.invalidValue(
                number, .init(codingPath: codingPath, debugDescription: "\(number) is not a finite number, which JSON cannot express"))
        }
        return .number(number)
    }

    /// An integer as a JSON number, if a double holds it exactly.
    static func exactNumber(_ integer: some BinaryInteger, _ codingPath: [any CodingKey]) throws -> JSONValue {
        guard let number = Double(exactly: integer) else {
            throw EncodingError.invalidValue(
                integer, .init(codingPath: codingPath, debugDescription: "the integer \(integer) cannot be held exactly in a JSON number (a double)"))
        }
        return .number(number)
    }
}

/// The `Encoder` that ``JSONValueEncoder`` passes to `encode(to:)`.
struct JSONValueEncoding: Encoder {
    let node: JSONEncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.become(.object)
        return KeyedEncodingContainer(JSONKeyedEncodingContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.become(.array)
        return JSONUnkeyedEncodingContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueEncodingContainer(node: node, codingPath: codingPath)
    }
}
