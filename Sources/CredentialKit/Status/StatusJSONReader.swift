/// Reads the members of one status-list JSON object, throwing errors that name the
/// object, the member and the problem.
struct StatusJSONReader {
    let object: JSONObject
    /// How errors name the object, e.g. "credentialStatus (BitstringStatusListEntry)".
    let context: String
    let code: CredentialKitError.Code

    init(_ value: JSONValue, context: String, code: CredentialKitError.Code) throws {
        guard let object = value.objectValue else {
            throw CredentialKitError(code, "\(context) must be a JSON object, got \(value.kindName)")
        }
        self.object = object
        self.context = context
        self.code = code
    }

    func error(_ key: String, _ problem: String) -> CredentialKitError {
        CredentialKitError(code, "\(context).\(key) \(problem)")
    }

    func requiredString(_ key: String) throws -> String {
        guard let value = object[key] else { throw error(key, "is missing") }
        guard let string = value.stringValue else { throw error(key, "must be a string, got \(value.kindName)") }
        guard !string.isEmpty else { throw error(key, "must not be empty") }
        return string
    }

    func optionalString(_ key: String) throws -> String? {
        guard object[key] != nil else { return nil }
        return try requiredString(key)
    }

    func requiredURL(_ key: String) throws -> String {
        let string = try requiredString(key)
        guard Self.isAbsoluteURL(string) else {
            throw error(key, "must be an absolute URL (scheme:rest, no spaces), got \"\(string)\"")
        }
        return string
    }

    func optionalURL(_ key: String) throws -> String? {
        guard object[key] != nil else { return nil }
        return try requiredURL(key)
    }

    /// A string or a non-empty array of strings, as JSON-LD writes "one or more".
    func oneOrMoreStrings(_ key: String) throws -> [String]? {
        guard let value = object[key] else { return nil }
        let elements = value.asArray
        guard !elements.isEmpty else { throw error(key, "must not be an empty array") }
        return try elements.enumerated().map { position, element in
            guard let string = element.stringValue, !string.isEmpty else {
                throw error(key, "must be a non-empty string or an array of them; element \(position) is \(element.kindName)")
            }
            return string
        }
    }

    /// Requires `type` to be `expected` or an array containing it.
    func requireType(_ expected: String) throws {
        guard let types = try oneOrMoreStrings("type") else { throw error("type", "is missing (expected \"\(expected)\")") }
        guard types.contains(expected) else {
            throw error("type", "must be \"\(expected)\", got \(types.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
    }

    /// A JSON number that is a whole number in `range`.
    func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = object[key] else { return nil }
        guard let number = value.doubleValue else { throw error(key, "must be a number, got \(value.kindName)") }
        // Checked by hand: `Int(exactly:)` and `rounded()` need libm, which this target does not link.
        let integer = number.magnitude < 0x1p63 ? Int(number) : nil
        guard let integer, Double(integer) == number, range.contains(integer) else {
            throw error(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(number)")
        }
        return integer
    }

    /// `scheme ":" rest` with an RFC 3986 scheme, a non-empty rest and no whitespace or control characters.
    static func isAbsoluteURL(_ string: String) -> Bool {
        guard let colon = string.firstIndex(of: ":") else { return false }
        let scheme = string[..<colon].unicodeScalars
        guard let first = scheme.first, first.isASCIILetter,
              scheme.allSatisfy({ $0.isASCIILetter || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
        else { return false }
        let rest = string[string.index(after: colon)...]
        return !rest.isEmpty && !rest.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7f }
    }
}

private extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
