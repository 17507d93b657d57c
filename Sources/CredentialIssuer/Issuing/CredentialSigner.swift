import CredentialKit
import Foundation

/// What signs an issuer's documents: a private key loaded once, the verification method
/// verifiers resolve it by, and the proof format it makes unless asked for another.
public struct CredentialSigner: Sendable {
    public let key: PrivateKey
    public let verificationMethod: String
    /// The format ``sign(_:format:created:)`` makes when none is given.
    public let format: ProofFormat

    /// - Throws: ``IssuerError`` (`.noSuitableKey`) when the key cannot make `format`.
    public init(key: PrivateKey, verificationMethod: String, format: ProofFormat) throws {
        guard format.keyAlgorithms.contains(key.algorithm) else {
            throw IssuerError(.noSuitableKey, "\(format.rawValue) cannot be signed with a \(key.algorithm.rawValue) key")
        }
        self.key = key
        self.verificationMethod = verificationMethod
        self.format = format
    }

    /// Whether this signer's key can make `format`.
    public func canSign(_ format: ProofFormat) -> Bool { format.keyAlgorithms.contains(key.algorithm) }

    /// Secures `document` in `format` (default: ``format``) and checks the result's signature, so
    /// a file that would not verify is never handed out.
    ///
    /// - Returns: the file's bytes and the credential they carry.
    public func sign(_ document: JSONObject, format: ProofFormat? = nil, created: Date) throws -> (contents: [UInt8], credential: JSONObject) {
        let format = format ?? self.format
        return try format.secureAndCheck(document, key: key, verificationMethod: verificationMethod, created: created)
    }
}
