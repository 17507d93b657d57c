/// An error from CredentialKit: a stable ``Code`` that callers branch on, and a
/// human ``reason`` that names what went wrong and where.
///
/// Errors compare by ``code`` only, so tests and callers can match on the kind of
/// failure without depending on the wording of the reason. New codes are added as
/// static members, so the set can grow without breaking anyone.
public struct CredentialKitError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable identifier for a kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }
    }

    public let code: Code
    /// What went wrong, for a person; names the input and the place in it.
    public let reason: String
    public let file: String
    public let line: Int

    public init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String { reason }
}

extension CredentialKitError.Code {
    // JSON
    public static let malformedJSON = Self("malformedJSON")
    public static let inputTooLarge = Self("inputTooLarge")
    public static let nestingTooDeep = Self("nestingTooDeep")
    public static let duplicateKey = Self("duplicateKey")
    public static let invalidUTF8 = Self("invalidUTF8")
    public static let unrepresentableNumber = Self("unrepresentableNumber")
    // OpenSSL and keys
    public static let openSSLFailure = Self("openSSLFailure")
    public static let invalidKey = Self("invalidKey")
    public static let wrongPassphrase = Self("wrongPassphrase")
    public static let unsupportedKeyType = Self("unsupportedKeyType")
    public static let invalidSignatureEncoding = Self("invalidSignatureEncoding")
    public static let invalidEncoding = Self("invalidEncoding")
    // Linked data
    public static let contextNotPinned = Self("contextNotPinned")
    /// A document read as linked data that defines terms of its own in an embedded `@context`.
    public static let embeddedContext = Self("embeddedContext")
    public static let invalidJSONLD = Self("invalidJSONLD")
    public static let undefinedTerm = Self("undefinedTerm")
    public static let canonicalizationLimitExceeded = Self("canonicalizationLimitExceeded")
    // Credentials and proofs
    public static let invalidCredential = Self("invalidCredential")
    public static let unsupportedProof = Self("unsupportedProof")
    public static let invalidProof = Self("invalidProof")
    public static let invalidJWT = Self("invalidJWT")
    public static let invalidStatusList = Self("invalidStatusList")
}

/// The shape every Laurel library error shares: a stable code to branch on and a reason for
/// people that names what and where. Errors compare by code. None speaks in command-line terms.
public protocol LaurelError: Error, CustomStringConvertible {
    /// The stable code: `malformedJSON`, `unknownAchievement`, `timedOut` …
    var errorCode: String { get }
    /// What went wrong, for a person.
    var reason: String { get }
}

extension LaurelError {
    public var description: String { reason }
}

extension CredentialKitError: LaurelError {
    public var errorCode: String { code.name }
}
