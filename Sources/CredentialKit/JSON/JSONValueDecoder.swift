#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds `Decodable` values from ``JSONValue`` trees, so model types can be plain Codable structs.
///
/// `Date` is read from an RFC 3339 date-time with optional fractional seconds and
/// any offset, `URL` from a string, and a ``JSONValue`` field takes the JSON as it is.
/// Integers must be whole numbers within the type's range. Errors name the coding
/// path, as in `credentialSubject.achievement.name: expected a string, found a number`.
public struct JSONValueDecoder: Sendable {
    public init() {}

    /// Decodes a value of `type` from `value`.
    ///
    /// - Parameters:
    ///   - type: The type to build.
    ///   - value: The JSON it is built from.
    /// - Returns: The decoded value.
    /// - Throws: ``CredentialKitError`` `.decodingFailed` whose reason starts with the coding
    ///   path (`DecodingError`s from the type's own `init(from:)` are converted the same way);
    ///   other errors that `init(from:)` throws pass through unchanged.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        do {
            return try JSONValueDecoding.decode(type, from: value, codingPath: [])
        } catch let error as DecodingError {
            throw CredentialKitError(error)
        }
    }
}

extension CredentialKitError {
    /// A `.decodingFailed` error whose reason starts with the coding path.
    init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            self.init(.decodingFailed, "\(JSONCodingPath.describe(context.codingPath)): \(context.debugDescription)")
        case .keyNotFound(let key, let context):
            self.init(.decodingFailed, "\(JSONCodingPath.describe(context.codingPath + [key])): \(context.debugDescription)")
        @unknown default:
            self.init(.decodingFailed, "Decoding failed: \(error)")
        }
    }
}

/// The `Decoder` that ``JSONValueDecoder`` passes to `init(from:)`.
struct JSONValueDecoding: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw JSONDecodingValue.mismatch(expected: "an object", found: value, codingPath)
        }
        return KeyedDecodingContainer(JSONKeyedDecodingContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw JSONDecodingValue.mismatch(expected: "an array", found: value, codingPath)
        }
        return JSONUnkeyedDecodingContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueDecodingContainer(value: value, codingPath: codingPath)
    }

    /// Decodes `type` from `value`, reading the types JSON has its own form for directly.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [any CodingKey]) throws -> T {
        if type == JSONValue.self, let json = value as? T { return json }
        if type == Date.self, let date = try JSONDecodingValue.date(value, codingPath) as? T { return date }
        if type == URL.self, let url = try JSONDecodingValue.url(value, codingPath) as? T { return url }
        return try T(from: JSONValueDecoding(value: value, codingPath: codingPath))
    }
}

/// Reads scalars out of ``JSONValue``s, throwing `DecodingError`s whose descriptions say what was expected and found.
enum JSONDecodingValue {
    static func bool(_ value: JSONValue, _ codingPath: [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(expected: "a boolean", found: value, codingPath) }
        return flag
    }

    static func string(_ value: JSONValue, _ codingPath: [any CodingKey]) throws -> String {
        guard case .string(let string) = value else { throw mismatch(expected: "a string", found: value, codingPath) }
        return string
    }

    static func double(_ value: JSONValue, _ codingPath: [any CodingKey]) throws -> Double {
        guard case .number(let number) = value else { throw mismatch(expected: "a number", found: value, codingPath) }
        return number
    }

    static func float(_ value: JSONValue, _ codingPath: [any CodingKey]) throws -> Float {
        let number = try double(value, codingPath)
        let narrowed = Float(number)
        guard narrowed.isFinite || !number.isFinite else {
            throw corrupted("the number \(number) is out of range for a single-precision float", codingPath)
        }
        return narrowed
    }

    static func integer<I: FixedWidthInteger>(_ type: I.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) throws -> I {
        let number = try double(value, codingPath)
        guard let integer = I(exactly: number) else {
            let problem = number.rounded(.towardZero) == number ? "out of range for \(I.self)" : "not a whole number"
            throw corrupted("expected an integer, found \(ECMAScriptNumber.format(number) ?? "\(number)"), which is \(problem)", codingPath)
        }
        return integer
    }

    static func date(_ value: JSONValue, _ codingPath: [any CodingKey]) throws -> Date {
        let text = try string(value, codingPath)
        guard let date = RFC3339Date.parse(text) else {
            throw corrupted("expected an RFC 3339 date-time such as 2026-01-01T00:00:00Z, found \"\(text)\"", codingPath)
        }
        return date
    }

    static func url(_ value: JSONValue, _ codingPath: [any CodingKey]) throws -> URL {
        let text = try string(value, codingPath)
        guard let url = URL(string: text) else { throw corrupted("expected a URL, found \"\(text)\"", codingPath) }
        return url
    }

    /// A `typeMismatch` (or `valueNotFound`, for null) saying what was expected and what was found.
    static func mismatch(expected: String, found value: JSONValue, _ codingPath: [any CodingKey]) -> DecodingError {
        let context = DecodingError.Context(codingPath: codingPath, debugDescription: "expected \(expected), found \(kind(of: value))")
        return value.isNull ? .valueNotFound(Any.self, context) : .typeMismatch(Any.self, context)
    }

    static func corrupted(_ description: String, _ codingPath: [any CodingKey]) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: description))
    }

    private static func kind(of value: JSONValue) -> String {
        value.kindName
    }
}
