internal import CZlib

/// Baking into and extracting from PNG images (PNG specification, 3rd edition, §5 and §11.3.3).
///
/// A PNG is an 8-byte signature, then chunks: a 4-byte big-endian length (at most 2³¹ − 1), a
/// 4-byte type, the data, and a CRC-32 over type and data. The first chunk is `IHDR`, the last
/// `IEND`. Extraction walks every chunk, checking each length against what is left and each
/// CRC, so a damaged or doctored file is refused with the chunk named, never read past its end.
enum PNGBadge {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    /// OB 3.0's `iTXt` keyword.
    static let credentialKeyword = "openbadgecredential"
    /// OB 2.0's keyword (in `iTXt`, or in older tools `tEXt` or `zTXt`).
    static let assertionKeyword = "openbadges"

    /// One chunk, located in the file.
    struct Chunk {
        var type: String
        /// Where the chunk starts (its length field) and ends (after its CRC).
        var range: Range<Int>
        var data: ArraySlice<UInt8>
        /// Its position among the chunks, counting from 1, for messages.
        var number: Int
    }

    /// Every chunk of `png`, checked: lengths, CRCs, `IHDR` first, `IEND` present.
    static func chunks(of png: [UInt8]) throws -> [Chunk] {
        guard png.count <= BakedBadge.maxImageBytes else {
            throw invalid("the PNG is \(png.count) bytes; badge images are read up to \(BakedBadge.maxImageBytes) bytes")
        }
        guard png.starts(with: signature) else { throw invalid("the file does not start with the PNG signature") }
        var chunks: [Chunk] = []
        var offset = signature.count
        while offset < png.count {
            let number = chunks.count + 1
            guard png.count - offset >= 12 else {
                throw invalid("the PNG is truncated: chunk \(number) at byte \(offset) has \(png.count - offset) bytes, fewer than a chunk's 12-byte frame")
            }
            let length = Int(bigEndian32(png, at: offset))
            let typeBytes = png[(offset + 4)..<(offset + 8)]
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0 & ~0x20) }) else {
                throw invalid("chunk \(number) at byte \(offset) has a type that is not four letters; the PNG is damaged")
            }
            guard length <= Int(Int32.max) else {
                throw invalid("chunk \(number) (\(type)) at byte \(offset) claims \(length) bytes, more than PNG's limit of 2³¹ − 1")
            }
            let dataStart = offset + 8
            guard length <= png.count - dataStart - 4 else {
                throw invalid("the PNG is truncated: chunk \(number) (\(type)) at byte \(offset) claims \(length) bytes but only \(max(0, png.count - dataStart - 4)) remain")
            }
            let dataEnd = dataStart + length
            let stored = bigEndian32(png, at: dataEnd)
            let computed = crc32(png[(offset + 4)..<dataEnd])
            guard stored == computed else {
                throw invalid("chunk \(number) (\(type)) at byte \(offset) has a bad CRC (stored \(hex(stored)), computed \(hex(computed))); the PNG is damaged or was altered")
            }
            chunks.append(Chunk(type: type, range: offset..<(dataEnd + 4), data: png[dataStart..<dataEnd], number: number))
            offset = dataEnd + 4
            if type == "IEND" { break }
        }
        guard chunks.first?.type == "IHDR" else { throw invalid("the PNG's first chunk is \(chunks.first?.type ?? "missing"), not IHDR") }
        guard chunks.last?.type == "IEND" else { throw invalid("the PNG is truncated: it has no IEND chunk") }
        return chunks
    }

    static func extract(from png: [UInt8]) throws -> BakedBadge.Extracted {
        var found: [(Chunk, BakedBadge.Version, String)] = []
        for chunk in try chunks(of: png) where ["iTXt", "tEXt", "zTXt"].contains(chunk.type) {
            guard let (keyword, text) = try textChunk(chunk) else { continue }
            switch keyword {
            case credentialKeyword where chunk.type != "iTXt":
                // tEXt is Latin-1 and zTXt too: a credential there would be read other than it was written.
                throw invalid("chunk \(chunk.number) is a \(chunk.type) chunk with the keyword openbadgecredential; OB 3.0 bakes credentials in iTXt (UTF-8) chunks")
            case credentialKeyword: found.append((chunk, .openBadges3, text))
            case assertionKeyword: found.append((chunk, .openBadges2, text))
            default: continue
            }
        }
        let credentials = found.filter { $0.1 == .openBadges3 }
        if credentials.count > 1 {
            throw invalid("the PNG holds \(credentials.count) openbadgecredential chunks (chunks \(credentials.map { String($0.0.number) }.joined(separator: ", "))); a baked badge holds one credential")
        }
        // An OB 3.0 credential wins over an OB 2.0 assertion left in the image by an earlier tool.
        guard let (_, version, text) = credentials.first ?? found.first else {
            throw CredentialKitError(.noBakedCredential, "the PNG holds no baked credential (no iTXt chunk with the keyword openbadgecredential)")
        }
        if version == .openBadges2 && found.count > 1 {
            throw invalid("the PNG holds \(found.count) openbadges chunks; a baked badge holds one assertion")
        }
        return BakedBadge.Extracted(imageFormat: .png, version: version, text: text)
    }

    /// The keyword and text of a `tEXt`, `zTXt` or `iTXt` chunk; nil for keywords other than Open Badges'.
    private static func textChunk(_ chunk: Chunk) throws -> (String, String)? {
        let data = chunk.data
        guard let nul = data.firstIndex(of: 0) else {
            throw invalid("chunk \(chunk.number) (\(chunk.type)) has no keyword terminator; the PNG is damaged")
        }
        let keyword = String(decoding: data[data.startIndex..<nul], as: UTF8.self)
        guard keyword == credentialKeyword || keyword == assertionKeyword else { return nil }
        let place = "the \(keyword) text in chunk \(chunk.number) (\(chunk.type))"
        var rest = data[(nul + 1)...]
        let textBytes: [UInt8]
        switch chunk.type {
        case "tEXt":
            // Latin-1; the OB 2.0 text is ASCII JSON or a URL.
            guard rest.count <= BakedBadge.maxCredentialBytes else {
                throw invalid("\(place) is \(rest.count) bytes; a credential is at most \(BakedBadge.maxCredentialBytes) bytes")
            }
            return (keyword, String(rest.map { Character(Unicode.Scalar($0)) }))
        case "zTXt":
            guard rest.first == 0 else { throw invalid("\(place) uses an unknown compression method") }
            textBytes = try inflate(Array(rest.dropFirst()), place)
        default:  // iTXt: compression flag, method, language tag \0, translated keyword \0, text
            guard rest.count >= 2 else { throw invalid("\(place) is cut short") }
            let compressed = rest[rest.startIndex]
            let method = rest[rest.startIndex + 1]
            rest = rest.dropFirst(2)
            guard compressed <= 1, method == 0 else { throw invalid("\(place) has an unknown compression flag or method") }
            for _ in 0..<2 {  // the language tag, then the translated keyword
                guard let end = rest.firstIndex(of: 0) else { throw invalid("\(place) is cut short (no language tag or translated keyword)") }
                rest = rest[(end + 1)...]
            }
            textBytes = compressed == 1 ? try inflate(Array(rest), place) : Array(rest)
        }
        guard textBytes.count <= BakedBadge.maxCredentialBytes else {
            throw invalid("\(place) is \(textBytes.count) bytes; a credential is at most \(BakedBadge.maxCredentialBytes) bytes")
        }
        guard let text = String(validating: textBytes, as: UTF8.self) else { throw invalid("\(place) is not valid UTF-8") }
        return (keyword, text)
    }

    private static func inflate(_ bytes: [UInt8], _ place: String) throws -> [UInt8] {
        try GZip.inflateZlib(bytes, maxOutputBytes: BakedBadge.maxCredentialBytes, what: place,
                             corrupt: .invalidBadgeImage, tooLarge: .invalidBadgeImage)
    }

    /// `png` with one uncompressed `iTXt` `openbadgecredential` chunk holding `credential`, just
    /// before `IEND`; earlier credential (and OB 2.0 assertion) chunks are left out.
    static func bake(_ credential: String, into png: [UInt8]) throws -> [UInt8] {
        let text = Array(credential.utf8)
        guard !text.isEmpty, text.count <= BakedBadge.maxCredentialBytes else {
            throw invalid("a credential to bake must be 1 to \(BakedBadge.maxCredentialBytes) bytes; this one is \(text.count)")
        }
        let chunks = try chunks(of: png)
        var output = signature
        output.reserveCapacity(png.count + text.count + 64)
        for chunk in chunks {
            if chunk.type == "IEND" {
                // keyword \0, not compressed, method 0, no language tag \0, no translated keyword \0, text
                output += frame("iTXt", Array(credentialKeyword.utf8) + [0, 0, 0, 0, 0] + text)
            }
            if ["iTXt", "tEXt", "zTXt"].contains(chunk.type), let keyword = keyword(of: chunk),
               keyword == credentialKeyword || keyword == assertionKeyword {
                continue
            }
            output += png[chunk.range]
        }
        return output
    }

    private static func keyword(of chunk: Chunk) -> String? {
        chunk.data.firstIndex(of: 0).map { String(decoding: chunk.data[chunk.data.startIndex..<$0], as: UTF8.self) }
    }

    /// A chunk with its length and CRC.
    static func frame(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        return bigEndianBytes(UInt32(data.count)) + typeAndData + bigEndianBytes(crc32(typeAndData[...]))
    }

    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(CZlib.crc32(0, buffer.baseAddress, UInt32(buffer.count)))
        }
    }

    private static func bigEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func bigEndianBytes(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    private static func invalid(_ reason: String) -> CredentialKitError {
        CredentialKitError(.invalidBadgeImage, reason)
    }
}
