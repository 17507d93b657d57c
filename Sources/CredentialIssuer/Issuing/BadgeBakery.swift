import CredentialKit
import Foundation

/// Bakes issued credentials into badge images, beside their files: `ana.json` → `ana.png`.
///
/// The images are read and checked when the bakery is made — before anything is signed — so an
/// achievement without a badge or an image that is not a PNG or SVG stops a run before it starts.
public struct BadgeBakery: Sendable {
    /// Which image each credential is baked into.
    public enum Source: Sendable, Hashable {
        /// The achievement's own badge in the issuer's `badges/` folder.
        case achievementBadge
        /// One image (PNG or SVG) for every credential.
        case image(URL)
    }

    private let images: [String: [UInt8]]
    private let single: [UInt8]?

    /// Reads the images the credentials of `achievementIDs` (catalog ids) will be baked into (and,
    /// for achievement badges, the badges of the issuer's other achievements that have one).
    /// - Throws: ``IssuerError`` `.invalidRequest` naming the achievement without a badge, or the
    ///   image that cannot be read or is not a PNG or SVG.
    public init(source: Source, achievementIDs: Set<String>, workspace: Workspace) throws {
        switch source {
        case .image(let url):
            single = try Self.read(url)
            images = [:]
        case .achievementBadge:
            single = nil
            var found: [String: [UInt8]] = [:]
            for id in (try? workspace.achievementIDs()) ?? [] where !achievementIDs.contains(id) {
                if let url = workspace.badgeImageFile(for: id), let bytes = try? Self.read(url) { found[id] = bytes }
            }
            for id in achievementIDs.sorted() {
                guard let url = workspace.badgeImageFile(for: id) else {
                    throw IssuerError(.invalidRequest,
                        "the achievement \"\(id)\" has no badge image in \(workspace.issuerDirectory.appendingPathComponent("badges").path); name an image of your own to bake into")
                }
                found[id] = try Self.read(url)
            }
            images = found
        }
    }

    private static func read(_ url: URL) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw IssuerError(.invalidRequest, "the image \(url.path) is a directory, not an image file")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        if let size = attributes?[.size] as? Int, size > BakedBadge.maxImageBytes {
            throw IssuerError(.invalidRequest, "the image \(url.path) is \(size) bytes; badge images are at most \(BakedBadge.maxImageBytes) bytes")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw IssuerError(.invalidRequest, "the image \(url.path) cannot be read (no such file, or no permission)")
        }
        let bytes = [UInt8](data)
        guard BakedBadge.imageFormat(of: bytes) != nil else {
            throw IssuerError(.invalidRequest, "the image \(url.path) is neither a PNG nor an SVG")
        }
        // A damaged image is found now, not after the credentials are signed.
        do {
            _ = try BakedBadge.bake("{}", into: bytes)
        } catch let error as CredentialKitError {
            throw IssuerError(.invalidRequest, "the image \(url.path) cannot be baked into: \(error.reason)")
        }
        return bytes
    }

    /// The image a credential of `achievementID` is baked into.
    public func image(for achievementID: String) -> [UInt8]? {
        single ?? images[achievementID]
    }

    /// Where the badge of the credential written to `file` goes: the same name with the image's
    /// extension (`ana.json` → `ana.png`), or `ana-badge.png` when the credential's own name ends so.
    public func badgeFile(beside file: URL, achievementID: String) -> URL? {
        guard let image = image(for: achievementID), let format = BakedBadge.imageFormat(of: image) else { return nil }
        let stem = file.deletingPathExtension()
        let badge = stem.appendingPathExtension(format.rawValue)
        guard badge.standardizedFileURL.path != file.standardizedFileURL.path else {
            return stem.deletingLastPathComponent().appendingPathComponent(stem.lastPathComponent + "-badge").appendingPathExtension(format.rawValue)
        }
        return badge
    }

    /// Bakes a credential file's contents (its JSON or its JWT) into the achievement's image and
    /// writes the badge beside `file`, atomically; returns where.
    /// - Parameter durable: false leaves flushing to the disk to the caller (a batch does it once per chunk).
    @discardableResult
    public func bake(_ contents: [UInt8], achievementID: String, beside file: URL, durable: Bool = true) throws -> URL {
        guard let image = image(for: achievementID), let url = badgeFile(beside: file, achievementID: achievementID) else {
            throw IssuerError(.invalidRequest, "no badge image for the achievement \"\(achievementID)\"")
        }
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let baked: [UInt8]
        do {
            baked = try BakedBadge.bake(text, into: image)
        } catch let error as CredentialKitError {
            throw IssuerError(.invalidRequest, "the credential could not be baked into its badge: \(error.reason)")
        }
        try AtomicFile.write(baked, to: url, overwrite: true, durable: durable)
        return url
    }
}
