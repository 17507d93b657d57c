import ArgumentParser
import CredentialIssuer
import CredentialKit
import CredentialVerifier
import Foundation

struct BakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bake",
        abstract: "Bake a credential into a badge image (PNG or SVG), as Open Badges 3.0 defines.",
        discussion: """
            A PNG gets one iTXt chunk with the keyword openbadgecredential holding the credential's \
            JSON or its JWT, just before the image's end; a credential baked earlier is replaced. An \
            SVG gets an <openbadges:credential> element (the JSON in CDATA, or the JWT in its verify \
            attribute). The image's pixels are not touched, and the result opens in any viewer. \
            `laurel verify` checks a baked badge exactly as it checks the credential on its own.

            Examples:
              laurel bake --credential ana.json --image badges/cc-core.png -o ana-badge.png
              laurel bake --credential li.jwt --image badge.svg -o li-badge.svg
            """)

    @Option(help: ArgumentHelp("The credential: a JSON file or a JWT.", valueName: "FILE"))
    var credential: String

    @Option(help: ArgumentHelp("The badge image to bake it into: a PNG or an SVG (told by content).", valueName: "IMG"))
    var image: String

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("The baked image to write (a new file).", valueName: "OUT"))
    var output: String

    @Flag(help: "Replace OUT if it exists.")
    var force = false

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let text = try BadgeBaking.credentialText(try readInputFile(credential, limit: CredentialInput.maxBytes), file: credential)
        let picture = try readInputFile(image, limit: BakedBadge.maxImageBytes)
        guard let format = BakedBadge.imageFormat(of: picture) else {
            throw CLIError("\(image) is neither a PNG nor an SVG image")
        }
        let named = URL(fileURLWithPath: output).pathExtension.lowercased()
        if let other = BakedBadge.ImageFormat.allCases.first(where: { $0.rawValue == named }), other != format {
            throw CLIError("\(image) is a \(format.rawValue.uppercased()) image: name the baked file .\(format.rawValue), not .\(named)")
        }
        let baked: [UInt8]
        do {
            baked = try BakedBadge.bake(text, into: picture)
        } catch let error as CredentialKitError {
            throw CLIError("\(image): \(error.reason)")
        }
        let url = URL(fileURLWithPath: output)
        try BadgeBaking.write(baked, to: url, overwrite: force)
        if outputOptions.json {
            print(JSONValue.object(["file": .string(url.path), "image": .string(format.rawValue), "bytes": .number(Double(baked.count))])
                .serialized(pretty: true))
        } else {
            Terminal.say("Baked \(Terminal.escaped(credential)) into \(url.path) (\(format.rawValue.uppercased()), \(baked.count) bytes)")
        }
    }
}

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Take the credential out of a baked badge image (PNG or SVG).",
        discussion: """
            Prints the credential baked into the image — its JSON or its JWT, exactly as baked — or \
            writes it to -o FILE. Open Badges 2.0 images (an openbadges chunk or \
            <openbadges:assertion>) give their assertion, with a note. A damaged image (a bad \
            checksum, a truncated chunk, a DOCTYPE, two credentials) is refused with what is wrong.

            Examples:
              laurel extract ana-badge.png
              laurel extract li-badge.svg -o li.jwt
            """)

    @Argument(help: ArgumentHelp("The baked badge image.", valueName: "IMG"))
    var image: String

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write the credential to this new file instead of printing it.", valueName: "FILE"))
    var output: String?

    @Flag(help: "Replace FILE if it exists.")
    var force = false

    @OptionGroup var outputOptions: OutputOptions

    func run() throws {
        let bytes = try readInputFile(image, limit: BakedBadge.maxImageBytes)
        if BakedBadge.imageFormat(of: bytes) == nil, (try? CredentialInput(bytes: bytes)) != nil {
            throw CLIError("\(image) is a credential already, not a badge image: there is nothing to extract")
        }
        let extracted: BakedBadge.Extracted
        do {
            extracted = try BakedBadge.extract(from: bytes)
        } catch let error as CredentialKitError {
            throw CLIError("\(image): \(error.reason)")
        }
        if extracted.version == .openBadges3 {
            // What is baked must be a credential, not just any text.
            do {
                _ = try CredentialInput(bytes: Array(extracted.text.utf8))
            } catch let error as CredentialKitError {
                throw CLIError("\(image): the credential baked into the image cannot be read: \(error.reason)")
            }
        }
        if let output {
            let url = URL(fileURLWithPath: output)
            try BadgeBaking.write(Array(extracted.text.utf8), to: url, overwrite: force)
            if outputOptions.json {
                print(JSONValue.object(["file": .string(url.path), "image": .string(extracted.imageFormat.rawValue),
                                        "openBadgesVersion": .string(extracted.version.rawValue)]).serialized(pretty: true))
            } else {
                Terminal.say("Extracted the credential from \(Terminal.escaped(image)) into \(url.path)")
            }
        } else if outputOptions.json {
            print(JSONValue.object(["image": .string(extracted.imageFormat.rawValue), "openBadgesVersion": .string(extracted.version.rawValue),
                                    "credential": .string(extracted.text)]).serialized(pretty: true))
        } else {
            if isatty(STDOUT_FILENO) != 0 {
                // On a terminal, control and bidirectional characters are shown escaped, never run.
                let lines = extracted.text.split(separator: "\n", omittingEmptySubsequences: false)
                print(lines.map { Terminal.escaped(String($0)) }.joined(separator: "\n"))
            } else {
                // The credential, byte for byte, for a pipe or a file.
                FileHandle.standardOutput.write(Data(extracted.text.utf8))
            }
        }
        if extracted.version == .openBadges2 {
            if output == nil && !outputOptions.json && isatty(STDOUT_FILENO) == 0 { Terminal.writeError("") }
            Terminal.writeError("laurel: note: \(image) is an Open Badges 2.0 badge: it holds an OB 2.0 assertion, not an OB 3.0 credential")
        }
    }
}

/// What `bake`, `issue --bake` and `batch --bake` share.
enum BadgeBaking {
    /// The text to bake from a credential file: its JSON (without surrounding white space), or its JWT.
    static func credentialText(_ bytes: [UInt8], file: String) throws -> String {
        let input: CredentialInput
        do {
            input = try CredentialInput(bytes: bytes)
        } catch let error as CredentialKitError {
            throw CLIError("\(file): \(error.reason)")
        }
        guard input.bakedImage == nil else { throw CLIError("\(file) is itself a baked badge image; give the credential (extract it with `laurel extract`)") }
        guard input.format == .jwt || input.credential["proof"] != nil else {
            throw CLIError("\(file) has no proof: bake a signed credential (one that `laurel issue` wrote, or another issuer's)")
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // A JWT given as a JSON string is baked as the token itself.
        if input.format == .jwt, text.hasPrefix("\""), let token = (try? JSONParser.parse(Array(text.utf8)))?.stringValue {
            return token
        }
        return text
    }

    /// Writes `bytes` atomically: the file is whole or absent.
    static func write(_ bytes: [UInt8], to url: URL, overwrite: Bool) throws {
        if !overwrite && FileManager.default.fileExists(atPath: url.path) {
            throw CLIError("\(url.path) exists; choose another file or add --force")
        }
        do {
            try AtomicFile.write(bytes, to: url, overwrite: true)
        } catch let error as IssuerError {
            throw CLIError(error.reason)
        }
    }
}
