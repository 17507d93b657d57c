import Testing
@testable import CredentialKit

@Suite("GZip")
struct GZipTests {
    @Test("compress then decompress gives the input back", arguments: [0, 1, 100, 16_384, 200_000])
    func roundTrip(size: Int) throws {
        var rng = SplitMix64(seed: UInt64(size))
        let input = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let compressed = try GZip.compress(input)
        #expect(Array(compressed.prefix(3)) == [0x1f, 0x8b, 0x08])
        #expect(try GZip.decompress(compressed, maxOutputBytes: size) == input)
    }

    @Test("output is deterministic and has a zero modification time")
    func deterministic() throws {
        let input = [UInt8](repeating: 0, count: 16_384)
        let first = try GZip.compress(input)
        #expect(try GZip.compress(input) == first)
        #expect(Array(first[4..<8]) == [0, 0, 0, 0])
        #expect(first.count < 100)
    }

    @Test("a hand-built DEFLATE stream decodes (checks the zip-bomb builder)")
    func handBuiltStream() throws {
        let (gzip, size) = zerosGZip(groups: 2, withCRC: true)
        #expect(try GZip.decompress(gzip, maxOutputBytes: size) == [UInt8](repeating: 0, count: size))
    }

    @Test("output exactly at the cap is accepted; one byte over is refused")
    func capBoundary() throws {
        let input = [UInt8](repeating: 7, count: 1000)
        let compressed = try GZip.compress(input)
        #expect(try GZip.decompress(compressed, maxOutputBytes: 1000) == input)
        #expect(throws: CredentialKitError(.statusListTooLarge, "")) {
            try GZip.decompress(compressed, maxOutputBytes: 999)
        }
        #expect(throws: CredentialKitError(.statusListTooLarge, "")) {
            try GZip.decompress(compressed, maxOutputBytes: -5)
        }
    }

    @Test("a 1 GiB zip bomb is refused quickly at the default 16 MiB cap")
    func zipBomb() throws {
        let (bomb, size) = zerosGZip(groups: 521_000, withCRC: false)
        #expect(size > 1 << 30)
        #expect(bomb.count < 7 << 20)
        let clock = ContinuousClock()
        var caught: CredentialKitError?
        let elapsed = clock.measure {
            do { _ = try GZip.decompress(bomb) } catch { caught = error as? CredentialKitError }
        }
        #expect(caught?.code == .statusListTooLarge)
        #expect(caught?.reason.contains("\(16 << 20)") == true)
        print("GZip zip bomb (\(bomb.count) bytes -> \(size) bytes) refused in \(elapsed)")
        #expect(elapsed < .seconds(10))
    }

    @Test("empty, non-GZIP and raw-zlib input is refused")
    func notGZip() throws {
        for input: [UInt8] in [[], [0x1f], [0x78, 0x9c, 0x03, 0x00], Array("hello world".utf8)] {
            #expect(throws: CredentialKitError(.invalidStatusList, "")) { try GZip.decompress(input) }
        }
        // Right magic, wrong compression method (8 = deflate is the only one).
        var badMethod = try GZip.compress([1, 2, 3])
        badMethod[2] = 7
        #expect(throws: CredentialKitError(.invalidStatusList, "")) { try GZip.decompress(badMethod) }
    }

    @Test("every truncation of a member is refused")
    func truncated() throws {
        let compressed = try GZip.compress(Array("a status list, compressed".utf8))
        for length in 2..<compressed.count {
            #expect(throws: CredentialKitError(.invalidStatusList, ""), "prefix of \(length) bytes") {
                try GZip.decompress(Array(compressed.prefix(length)))
            }
        }
    }

    @Test("bytes after the member are refused, including a second member")
    func trailingData() throws {
        let compressed = try GZip.compress([1, 2, 3])
        for trailer: [UInt8] in [[0], Array("garbage".utf8), compressed] {
            let error = #expect(throws: CredentialKitError.self) { try GZip.decompress(compressed + trailer) }
            #expect(error?.code == .invalidStatusList)
            #expect(error?.reason.contains("after the end") == true)
        }
    }

    @Test("a corrupted checksum, length or body is refused")
    func corrupt() throws {
        let input = [UInt8](repeating: 0, count: 16_384)
        let compressed = try GZip.compress(input)
        for position in [compressed.count - 8, compressed.count - 1, 12] {
            var damaged = compressed
            damaged[position] ^= 0x5a
            #expect(throws: CredentialKitError.self, "byte \(position) flipped") { try GZip.decompress(damaged) }
        }
    }
}
