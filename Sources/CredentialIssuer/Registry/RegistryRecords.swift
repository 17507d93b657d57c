import CredentialKit
import Foundation

/// What a status list records: whether a credential is revoked, or currently suspended.
public enum StatusPurpose: String, Sendable, Hashable, CaseIterable, Codable {
    case revocation
    case suspension
}

/// What the registry needs to know about a credential it is about to record.
public struct IssuanceRecord: Sendable, Hashable {
    /// The credential's `id` (e.g. `urn:uuid:…`); unique in the registry.
    public var credentialID: String
    /// The catalog id of the achievement awarded.
    public var achievementID: String
    /// The normalised recipient identifier as the request gave it (e.g. a salted `sha256$…` hash).
    public var recipientIdentifier: String
    /// The batch (roster run) this credential belongs to, if any.
    public var batchID: String?
    public var validFrom: Date
    public var validUntil: Date?
    /// A digest of what was asked (``IssueRequest/digest``), so a later run can tell a changed request.
    public var requestDigest: String?

    public init(credentialID: String, achievementID: String, recipientIdentifier: String, batchID: String? = nil,
                validFrom: Date, validUntil: Date? = nil, requestDigest: String? = nil) {
        self.requestDigest = requestDigest
        self.credentialID = credentialID
        self.achievementID = achievementID
        self.recipientIdentifier = recipientIdentifier
        self.batchID = batchID
        self.validFrom = validFrom
        self.validUntil = validUntil
    }
}

/// The two status entries reserved for a new credential, ready to embed in its `credentialStatus`.
public struct StatusAllocation: Sendable, Hashable {
    public var revocation: BitstringStatusListEntry
    public var suspension: BitstringStatusListEntry

    public init(revocation: BitstringStatusListEntry, suspension: BitstringStatusListEntry) {
        self.revocation = revocation
        self.suspension = suspension
    }

    /// Both entries as a `credentialStatus` array (revocation first).
    public var credentialStatus: JSONValue { .array([revocation.json, suspension.json]) }
}

/// A credential as signed by the caller of ``Registry/recordIssuance(_:actor:now:sign:)``.
public struct SignedCredential: Sendable, Hashable {
    /// The credential's `id`; must equal the ``IssuanceRecord/credentialID`` it was signed for.
    public var id: String
    /// How it is secured.
    public var format: ProofFormat
    /// The file's bytes exactly as they will be handed out.
    public var contents: [UInt8]

    public init(id: String, format: ProofFormat, contents: [UInt8]) {
        self.id = id
        self.format = format
        self.contents = contents
    }
}

/// Where a credential stands.
public enum CredentialState: String, Sendable, Hashable, Codable {
    case active
    case suspended
    case revoked
}

/// One credential's place in one status list.
public struct StatusPosition: Sendable, Hashable {
    /// The list's row id in the registry.
    public var listID: Int64
    /// The URL of the list's `BitstringStatusListCredential`.
    public var listURL: String
    public var index: Int
}

/// A credential as the registry holds it.
public struct CredentialRecord: Sendable, Hashable {
    public var id: String
    public var issuerID: String
    public var achievementID: String
    public var recipientIdentifier: String
    public var batchID: String?
    public var proofFormat: String
    public var revocation: StatusPosition
    public var suspension: StatusPosition
    public var validFrom: Date
    public var validUntil: Date?
    public var issuedAt: Date
    /// SHA-256 of ``contents``, lowercase hex.
    public var digest: String
    /// The signed credential exactly as it was handed out.
    public var contents: [UInt8]
    public var revokedAt: Date?
    public var revocationReason: String?
    /// When the current suspension began; nil when not suspended.
    public var suspendedAt: Date?
    public var suspensionReason: String?
    /// The credential issued to replace this one (which is then revoked as superseded).
    public var supersededBy: String? = nil
    /// A digest of the request it was issued for (``IssueRequest/digest``); nil for older credentials.
    public var requestDigest: String? = nil

    /// Revoked wins over suspended: revocation is final.
    public var state: CredentialState {
        if revokedAt != nil { return .revoked }
        return suspendedAt != nil ? .suspended : .active
    }
}

/// A credential in a listing: what it is and where it stands, without its contents.
public struct CredentialSummary: Sendable, Hashable {
    public var id: String
    /// The issuer that issued it (a workspace can issue for several).
    public var issuerID: String
    public var achievementID: String
    public var proofFormat: String
    public var issuedAt: Date
    public var state: CredentialState
    public var batchID: String?
}

/// One status list of the registry.
public struct StatusListRecord: Sendable, Hashable {
    public var id: Int64
    public var issuerID: String
    public var purpose: StatusPurpose
    /// 1 for the issuer's first list of this purpose, then 2, 3, …
    public var sequence: Int
    /// Where the list's credential is published.
    public var url: String
    /// The number of entries (bits) in the list.
    public var size: Int
    /// How many entries are given to credentials.
    public var allocatedCount: Int
    /// Grows by one whenever a bit of the list changes; a new list starts at 1.
    public var version: Int
    /// True when no new credential takes an index in this list (set when the registry is restored
    /// from a backup: indices free in the backup may have been given out since).
    public var isClosed: Bool = false

    /// The file name the list is published under: `<purpose>-<sequence>.json`.
    public var fileName: String { Self.fileName(purpose: purpose, sequence: sequence) }

    static func fileName(purpose: StatusPurpose, sequence: Int) -> String {
        "\(purpose.rawValue)-\(sequence).json"
    }
}

/// One row of the append-only audit log.
public struct AuditEntry: Sendable, Hashable {
    /// Increases with every entry.
    public var id: Int64
    public var at: Date
    /// Who did it (an operator name, `laurel serve`, …).
    public var actor: String
    /// `issue`, `revoke`, `suspend`, `unsuspend`, `publish`, or a caller's own action such as `key-generate`.
    public var action: String
    /// The credential acted on, for credential actions.
    public var credentialID: String?
    public var details: JSONValue
}

/// A change of status ``Registry/changeStatus(_:credentialIDs:reason:actor:now:)`` makes.
public enum StatusAction: String, Sendable, Hashable, CaseIterable {
    case revoke
    case suspend
    case unsuspend
}

/// What happened to each credential of a status change.
public struct StatusChangeReport: Sendable, Hashable {
    /// The outcome for one credential id.
    public enum Outcome: String, Sendable, Hashable {
        /// The credential's status changed.
        case changed
        /// Nothing to do: already revoked, already suspended, or not suspended.
        case unchanged
        /// Refused: the credential is revoked, and revocation is final.
        case refusedRevoked
        /// No credential with this id is in the registry.
        case unknown
    }

    /// One credential id and what happened to it.
    public struct Item: Sendable, Hashable {
        public var credentialID: String
        public var outcome: Outcome
    }

    public var action: StatusAction
    /// Every distinct id asked about, in the order given, with its outcome.
    public var outcomes: [Item]
    /// The lists whose bits changed, which the next publish re-signs.
    public var changedListURLs: [String]

    /// The ids with the given outcome, in the order given.
    public func credentialIDs(_ outcome: Outcome) -> [String] {
        outcomes.filter { $0.outcome == outcome }.map(\.credentialID)
    }
}
