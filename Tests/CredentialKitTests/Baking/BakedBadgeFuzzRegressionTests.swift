import Foundation
import Testing
@testable import CredentialKit

/// Runs `Fuzz/regressions/*` through the badge fuzz targets' property (see `Fuzz/BadgeExtract.swift`).
@Suite("BakedBadge fuzz regressions")
struct BakedBadgeFuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions")

    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0 != "README.md" && !$0.hasPrefix(".") }.sorted()
    }()

    @Test("the regressions directory holds inputs")
    func present() {
        #expect(Self.files.count >= 5, "\(Self.directory.path)")
    }

    @Test("each regression is refused with a CredentialKitError, or extracts and round-trips", arguments: files)
    func regression(file: String) throws {
        let image = Array(try Data(contentsOf: Self.directory.appendingPathComponent(file)))
        let extracted: BakedBadge.Extracted
        do {
            extracted = try BakedBadge.extract(from: image)
        } catch {
            let error = try #require(error as? CredentialKitError, "\(type(of: error)): \(error)")
            #expect(!error.reason.hasPrefix("internal"), "\(error.reason)")
            if file.hasPrefix("refused-") { #expect(error.code == .invalidBadgeImage, "\(error.reason)") }
            return
        }
        #expect(!file.hasPrefix("refused-"), "extracted \(extracted.text) from an input that must be refused")
        for clean in [BadgeFixtures.png, BadgeFixtures.svg] {
            let baked: [UInt8]
            do { baked = try BakedBadge.bake(extracted.text, into: clean) } catch { continue }
            #expect(try BakedBadge.extract(from: baked).text == extracted.text)
        }
    }
}
