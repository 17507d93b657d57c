/// libFuzzer entry for the baked-badge extractors (targets `badge-png` and `badge-svg`, which
/// differ in their seed corpus and dictionary).
///
/// Any input may be refused with a ``CredentialKitError``. A finding is a crash, a hang, a leak,
/// an error of another type, or a broken round trip: text extracted from an input, baked into a
/// clean PNG and a clean SVG (and, for a PNG, back into the input itself, replacing what was
/// there), must extract again exactly, as OB 3.0, unless baking refused it.
@_cdecl("LLVMFuzzerTestOneInput")
public func badgeExtractFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let image = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    BadgeExtractFuzz.check(image)
    return 0
}

enum BadgeExtractFuzz {
    static func check(_ image: [UInt8]) {
        let extracted: BakedBadge.Extracted
        do {
            extracted = try BakedBadge.extract(from: image)
        } catch {
            requireCredentialKitError(error, "extract")
            return
        }
        if extracted.imageFormat != BakedBadge.imageFormat(of: image) {
            fatalError("extract read a \(extracted.imageFormat) from an image whose format is \(String(describing: BakedBadge.imageFormat(of: image)))")
        }
        roundTrip(extracted.text, into: BadgeSamples.cleanPNG, .png)
        roundTrip(extracted.text, into: BadgeSamples.cleanSVG, .svg)
        roundTrip(extracted.text, into: BadgeSamples.selfClosingSVG, .svg)
        if extracted.imageFormat == .png {
            roundTrip(extracted.text, into: image, .png)
        }
    }

    private static func roundTrip(_ text: String, into image: [UInt8], _ format: BakedBadge.ImageFormat) {
        let baked: [UInt8]
        do {
            baked = try BakedBadge.bake(text, into: image)
        } catch {
            requireCredentialKitError(error, "bake")
            return
        }
        do {
            let again = try BakedBadge.extract(from: baked)
            guard again.text == text, again.version == .openBadges3, again.imageFormat == format else {
                fatalError("bake then extract changed the text or its place: \(again)")
            }
        } catch {
            fatalError("a freshly baked \(format) does not extract: \(error)")
        }
    }

    /// Refusals are ``CredentialKitError``s that do not own up to an internal inconsistency.
    private static func requireCredentialKitError(_ error: any Error, _ step: String) {
        guard let error = error as? CredentialKitError else { fatalError("\(step) threw \(type(of: error)): \(error)") }
        if error.reason.hasPrefix("internal") { fatalError("\(step): \(error.reason)") }
    }
}
