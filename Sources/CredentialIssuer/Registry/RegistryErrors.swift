import Foundation
import GRDB

extension IssuerError.Code {
    /// The registry database could not be opened, read or written.
    public static let registry = IssuerError.Code("registry")
    /// Another process held the registry's write lock for longer than the busy timeout.
    public static let registryBusy = IssuerError.Code("registryBusy")
    /// The registry was created or upgraded by a newer Laurel.
    public static let registryTooNew = IssuerError.Code("registryTooNew")
    /// A credential with this id is already recorded.
    public static let duplicateCredential = IssuerError.Code("duplicateCredential")
    /// A status change named credentials the registry does not hold.
    public static let unknownCredential = IssuerError.Code("unknownCredential")
    /// A status change asked to suspend or unsuspend a revoked credential.
    public static let credentialRevoked = IssuerError.Code("credentialRevoked")
    /// The workspace has issued credentials but its registry is missing, empty or another workspace's.
    public static let registryMissing = IssuerError.Code("registryMissing")
    /// A restore would replace a registry holding changes newer than the backup.
    public static let newerRegistry = IssuerError.Code("newerRegistry")
    /// The registry is older than its watermark: an old copy was put in place.
    public static let registryRolledBack = IssuerError.Code("registryRolledBack")
    /// Publishing would clear a revocation bit that a published list has set.
    public static let wouldUnrevoke = IssuerError.Code("wouldUnrevoke")
    /// No status list with the given id.
    public static let unknownStatusList = IssuerError.Code("unknownStatusList")
}

extension IssuerError {
    /// Turns a database failure into an ``IssuerError`` naming the registry file; other errors
    /// (a signer's, or an ``IssuerError`` already) pass through unchanged.
    static func wrappingDatabaseError(_ error: any Error, path: String) -> any Error {
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                return IssuerError(.registryBusy,
                    "the registry \(path) stayed locked by another process for longer than \(Int(Registry.busyTimeout)) seconds; try again")
            }
            return IssuerError(.registry, "the registry \(path): \(error.message ?? error.resultCode.description)")
        }
        if error is RowDecodingError {
            return IssuerError(.registry, "the registry \(path) holds a value of an unexpected type: \(error)")
        }
        return error
    }
}
