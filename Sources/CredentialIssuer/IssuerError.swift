import CredentialKit

/// An error from the issuing side: the workspace, its files and keys, or a request.
///
/// Like ``CredentialKitError`` it has a stable ``Code``, a reason that names what and where,
/// and the file and line that raised it; errors compare by code. Reasons use no command-line
/// vocabulary: a command line maps codes (and ``parameters``) to its own advice.
public struct IssuerError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let fileSystem = Code("fileSystem")
        public static let notAWorkspace = Code("notAWorkspace")
        public static let invalidWorkspace = Code("invalidWorkspace")
        public static let unknownAchievement = Code("unknownAchievement")
        public static let invalidRequest = Code("invalidRequest")
        public static let demoKeyRefused = Code("demoKeyRefused")
        public static let noSuitableKey = Code("noSuitableKey")
        /// The key file is not the key verifiers find for the issuer: what it signs would not verify.
        public static let keyNotIssuers = Code("keyNotIssuers")
        /// A credential was issued and recorded, but its file could not be written.
        public static let issuedNotWritten = Code("issuedNotWritten")
        /// The workspace publishes no status lists, so its credentials cannot be revoked or suspended.
        public static let noStatusLists = Code("noStatusLists")
        /// No issuer of the workspace has that handle or id.
        public static let unknownIssuer = Code("unknownIssuer")
        /// The credential was issued by another of the workspace's issuers.
        public static let otherIssuersCredential = Code("otherIssuersCredential")
    }

    public let code: Code
    public let reason: String
    /// Values a caller can act on (for example the key type that is missing), by name.
    public let parameters: [String: String]
    public let file: String
    public let line: Int

    public init(_ code: Code, _ reason: String, parameters: [String: String] = [:], file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.parameters = parameters
        self.file = file
        self.line = line
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
    public var description: String { reason }
}

extension IssuerError: LaurelError {
    public var errorCode: String { code.name }
}
