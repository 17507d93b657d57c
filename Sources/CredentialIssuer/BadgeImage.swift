import CredentialKit
import Foundation

/// The badge image of a seed achievement: its SVG drawing and a 512×512 PNG rendering of it.
///
/// The SVG (under 3 KB, no scripts, links, external files or fonts) is what each seed
/// achievement's `image` carries, as a `data:` URI (``svgDataURI``), so every credential shows
/// its badge without fetching anything. A new workspace also writes both files into each
/// issuer's `badges/` folder (``Workspace/badgeImageFile(for:)``), for staff to publish or send.
public struct BadgeImage: Sendable, Hashable {
    /// The SVG document, as UTF-8 text.
    public var svg: String
    /// The PNG file's bytes (512×512, transparent outside the badge).
    public var png: [UInt8]

    /// The SVG as a `data:image/svg+xml;base64,…` URI: an OB 3.0 `Image` id that needs no network.
    public var svgDataURI: String { Self.dataURI(svg: svg) }

    static func dataURI(svg: String) -> String {
        "data:image/svg+xml;base64," + Data(svg.utf8).base64EncodedString()
    }

    /// The file names a badge is written under: `<catalogID>.png` and `<catalogID>.svg`.
    static func fileNames(_ catalogID: String) -> (png: String, svg: String) {
        ("\(catalogID).png", "\(catalogID).svg")
    }
}

extension AchievementCatalog {
    /// The badge image of the seed achievement `catalogID`, or nil when the catalog has no badge
    /// for it (an achievement a workspace added itself).
    public static func badge(for catalogID: String) -> BadgeImage? {
        guard let embedded = EmbeddedBadges.byCatalogID[catalogID],
              let png = Data(base64Encoded: embedded.pngBase64) else { return nil }
        return BadgeImage(svg: embedded.svg, png: Array(png))
    }

    /// An achievement's `image`: the badge of `catalogID` as an SVG `data:` URI, with `caption`
    /// (in the achievement's language); nil when the catalog has no badge for it.
    static func badgeImage(_ catalogID: String, caption: String) -> Image? {
        EmbeddedBadges.byCatalogID[catalogID].map { embedded in
            Image(id: BadgeImage.dataURI(svg: embedded.svg), caption: LocalizedText(caption))
        }
    }
}
