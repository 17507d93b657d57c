import CredentialKit

/// `laurel.json`: what a workspace is — its issuer, its keys and its defaults.
public struct WorkspaceConfig: Codable, Sendable, Hashable {
    /// The format version of this file.
    public var version: Int = 1
    public var issuer: IssuerSettings
    /// The issuer's signing keys; the first one that suits a proof format signs it.
    public var keys: [KeyEntry]
    /// The proof `laurel issue` uses when none is named.
    public var defaultProof: ProofFormat
    /// Where issued credentials are written, relative to the workspace.
    public var credentialsDirectory: String = "credentials"
    /// Where the issuer publishes its status lists (e.g. `https://example.edu/status/`); every
    /// credential then carries revocation and suspension entries. Nil: credentials cannot be revoked.
    public var statusBaseURL: String?
    /// The directories status lists are published to, absolute or relative to the workspace;
    /// nil: `status/`. Publishing, revoking, suspending and unsuspending bring each up to date.
    public var statusDestinations: [String]?
    /// The identity of the workspace's registry, which `registry.sqlite` records too; set when the
    /// registry is created, so a missing, empty or foreign registry is an error, never a new start.
    public var registryID: String?
    /// True for a workspace made by `laurel demo`: its key is a published demo key.
    public var demo: Bool?
    /// The other issuers this workspace issues for (partner universities, say), each with its own
    /// profile, keys, catalog and status lists. ``issuer`` is the workspace's first issuer.
    public var partnerIssuers: [PartnerIssuer]?

    /// An issuer besides the first: its files live in `issuers/<handle>/` (`issuer.json`, `keys/`,
    /// `achievements/`), its credentials in `credentials/<handle>/`, its status lists in a
    /// `<handle>/` folder of each status destination; the registry is shared, each credential
    /// and list marked with its issuer.
    public struct PartnerIssuer: Codable, Sendable, Hashable {
        /// The short name commands select it by (`--issuer HANDLE`).
        public var handle: String
        public var issuer: IssuerSettings
        public var keys: [KeyEntry]
        public var defaultProof: ProofFormat
        /// Where its status lists are published; distinct from every other issuer's.
        public var statusBaseURL: String?
    }

    public struct IssuerSettings: Codable, Sendable, Hashable {
        /// The issuer's id: a `did:key`, `did:web` or https URL where `issuer.json` is published.
        public var id: String
        public var name: String
        public var url: String?
        public var email: String?
    }

    /// One signing key of the workspace.
    public struct KeyEntry: Codable, Sendable, Hashable {
        /// The PEM file, relative to the workspace (mode 0600).
        public var file: String
        public var algorithm: KeyAlgorithm
        /// The verification method URL a proof names for this key.
        public var verificationMethod: String
        /// The public key as Multikey, so verifiers and `issuer.json` need not read the PEM.
        public var publicKeyMultibase: String
        /// Whether the PEM is encrypted with a passphrase.
        public var encrypted: Bool
        /// When the key stopped being used (an XML Schema dateTime), after ``Workspace/rotateKey(algorithm:passphrase:at:)``
        /// made another current; nil for a current key. A retired key signs nothing, and stays
        /// published with this time as its `expires`, so what it signed before still verifies.
        public var retired: String?

        /// Whether the key signs: it has not been retired.
        public var isCurrent: Bool { retired == nil }
    }
}

