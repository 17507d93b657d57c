import Foundation

// MARK: Badge images

/// Each issuer keeps the badge images of its achievements in a `badges/` folder beside its
/// `issuer.json` (`badges/cc-core.png` and `badges/cc-core.svg`; `issuers/<handle>/badges/` for a
/// partner), for staff to publish, send, or bake a credential into. A new workspace, and a new
/// partner issuer, start with the seed catalog's badges there; staff may replace them, or add
/// badges for achievements of their own under the same names.
extension Workspace {
    /// This issuer's folder of badge images: `badges/` in ``issuerDirectory``.
    public var badgesDirectory: URL { issuerDirectory.appendingPathComponent("badges") }

    /// The badge image file of the achievement `catalogID`, from this issuer's `badges/` folder:
    /// `<catalogID>.png` when it exists, else `<catalogID>.svg`, else nil.
    ///
    /// The PNG comes first because more tools show (and bake into) PNG than SVG. A workspace
    /// speaking for a partner issuer (``forIssuer(_:)``) looks in that partner's own folder,
    /// `issuers/<handle>/badges/`.
    ///
    /// - Parameter catalogID: the achievement's catalog id, e.g. `cc-core`. A string that is not a
    ///   catalog id (letters, digits, `.`, `_` and `-`, not starting with a punctuation mark), such
    ///   as a path, finds nothing.
    /// - Returns: the URL of a regular file, or nil when the folder holds neither file.
    public func badgeImageFile(for catalogID: String) -> URL? {
        guard Self.isCatalogID(catalogID) else { return nil }
        let names = BadgeImage.fileNames(catalogID)
        for name in [names.png, names.svg] {
            let url = badgesDirectory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return url
            }
        }
        return nil
    }

    /// Writes the badge of each of `entries` that has one, as `<catalogID>.png` and
    /// `<catalogID>.svg`, into `folder` (made if absent), each file atomically.
    static func writeBadges(of entries: [AchievementCatalog.Entry], into folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw IssuerError(.fileSystem, "cannot create \(folder.path): \(error.localizedDescription)")
        }
        for entry in entries {
            guard let badge = entry.badge else { continue }
            let names = BadgeImage.fileNames(entry.catalogID)
            try AtomicFile.write(badge.png, to: folder.appendingPathComponent(names.png))
            try AtomicFile.write(Array(badge.svg.utf8), to: folder.appendingPathComponent(names.svg))
        }
    }

    /// Whether `text` can be a catalog id: letters, digits, `.`, `_` and `-`, starting with a
    /// letter or digit (so never a path).
    static func isCatalogID(_ text: String) -> Bool {
        text.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]*$"#, options: .regularExpression) != nil
    }
}
