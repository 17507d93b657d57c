import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Generate, rotate and show signing keys (public keys as Multikey, JWK or did:key).",
        subcommands: [Generate.self, Rotate.self, Show.self])

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new signing key current and retire the old one, which stays published so what it signed still verifies.",
            discussion: """
                The old key signs nothing more. It stays in issuer.json (a did:web's DID document) \
                with the time it was retired as its "expires", so verifiers accept it for \
                credentials and status lists signed before then, and refuse it for anything \
                dated after. Publish the new issuer.json where verifiers fetch it (the issuer id \
                URL, or the did:web's did.json) before issuing with the new key; `laurel serve` \
                serves it at once, but a running server keeps signing with the key it started \
                with until it is restarted.

                A did:key issuer cannot rotate: its one key is its identity. Retiring is for keys \
                taken out of use, not for a stolen key: whoever holds a retired key can still \
                date what they sign before its retirement.

                Examples:
                  laurel keys rotate -w cc-workspace
                  laurel keys rotate -w cc-workspace --issuer example-uni --type p256
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions
        @OptionGroup var issuerOptions: IssuerOptions

        @Option(help: "The type of key to rotate (ed25519, p256, p384 or rsa); by default the one the default proof signs with.")
        var type: KeyTypeArgument?

        @OptionGroup var passphraseOptions: PassphraseOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            var workspace = try issuerOptions.open(workspaceOptions)
            let algorithm = type.map { KeyAlgorithm(rawValue: $0.rawValue) ?? .ed25519 }
            let (retired, current) = try workspace.rotateKey(algorithm: algorithm, passphrase: try passphraseOptions.passphrase())
            if output.json {
                print(JSONValue.object([
                    "issuer": .string(workspace.config.issuer.id),
                    "current": ["file": .string(current.file), "verificationMethod": .string(current.verificationMethod),
                                "publicKeyMultibase": .string(current.publicKeyMultibase)],
                    "retired": ["file": .string(retired.file), "verificationMethod": .string(retired.verificationMethod),
                                "retired": .string(retired.retired ?? "")],
                    "issuerDocument": .string(workspace.issuerDocumentURL.path),
                ]).serialized(pretty: true))
            } else {
                Terminal.say("New \(current.algorithm.rawValue) key for \(Terminal.escaped(workspace.config.issuer.id)): \(current.file)")
                Terminal.say("  retired \(retired.file) as of \(retired.retired ?? ""); it stays published so what it signed still verifies")
                Terminal.say("  publish \(workspace.issuerDocumentURL.path) where verifiers fetch it before issuing with the new key")
            }
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a private key (PKCS#8 PEM, mode 0600).",
            discussion: """
                With --out, writes the key to a new file. With -w, adds it to the workspace so \
                `laurel issue --proof` can use it (needs an https issuer id: a did:key issuer has \
                one key).

                Examples:
                  laurel keys generate --type p256 --out issuer-p256.pem
                  laurel keys generate --type p256 -w cc-workspace
                """)

        @Option(help: "ed25519, p256, p384 or rsa.")
        var type: KeyTypeArgument

        @Option(help: "RSA modulus size: 2048 or 3072.")
        var rsaBits: Int = 2048

        @Option(help: ArgumentHelp("Write the key to this new file.", valueName: "PEM"))
        var out: String?

        @Option(name: [.customShort("w"), .long], help: ArgumentHelp("Add the key to this workspace.", valueName: "DIR"))
        var workspace: String?

        @Flag(help: "Encrypt the key with the passphrase from --passphrase-file or LAUREL_KEY_PASSPHRASE.")
        var encryptKey = false

        @OptionGroup var passphraseOptions: PassphraseOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if out == nil && workspace == nil {
                throw ValidationError("say where the key goes: --out PEM or -w DIR")
            }
            if rsaBits != 2048 && rsaBits != 3072 {
                throw ValidationError("--rsa-bits must be 2048 or 3072")
            }
        }

        func run() throws {
            let passphrase = encryptKey ? try passphraseOptions.passphrase() : nil
            if encryptKey && passphrase == nil {
                throw CLIError("--encrypt-key needs a passphrase: give --passphrase-file FILE or set LAUREL_KEY_PASSPHRASE")
            }
            let key = try PrivateKey.generate(KeyAlgorithm(rawValue: type.rawValue) ?? .ed25519, rsaBits: rsaBits)
            var written: [String] = []
            if let workspace {
                var ws = try Workspace.open(URL(fileURLWithPath: workspace))
                let entry = try ws.addKey(key, passphrase: passphrase)
                written.append(URL(fileURLWithPath: workspace).appendingPathComponent(entry.file).path)
            }
            if let out {
                try AtomicFile.write(Array(try key.pkcs8PEM(passphrase: passphrase).utf8),
                                     to: URL(fileURLWithPath: out), permissions: 0o600)
                written.append(out)
            }
            if output.json {
                print(JSONValue.object([
                    "type": .string(key.algorithm.rawValue), "files": .array(written.map { .string($0) }),
                    "publicKeyMultibase": .string(key.publicKey.multikey), "did": .string(key.publicKey.didKey),
                ]).serialized(pretty: true))
            } else {
                Terminal.say("Generated \(key.algorithm.rawValue) key: \(written.joined(separator: ", "))")
                Terminal.say("  publicKeyMultibase \(key.publicKey.multikey)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the public key of a PEM file (private or public).",
            discussion: """
                Example:
                  laurel keys show keys/issuer-ed25519.pem --format did
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case multikey, jwk, did, pem
        }

        @Argument(help: ArgumentHelp("A PEM file: PKCS#8 private key or SubjectPublicKeyInfo public key.", valueName: "PEM"))
        var file: String

        @Option(help: "multikey, jwk, did or pem.")
        var format: Format = .multikey

        @OptionGroup var passphraseOptions: PassphraseOptions

        func run() throws {
            let bytes = try readInputFile(file, limit: 1 << 20)
            let pem = String(decoding: bytes, as: UTF8.self)
            let publicKey: PublicKey
            if pem.contains("PRIVATE KEY") {
                do {
                    publicKey = try PrivateKey(pem: pem, passphrase: try passphraseOptions.passphrase()).publicKey
                } catch let error as CredentialKitError {
                    throw CLIError("\(file): \(error.reason)")
                }
            } else {
                do { publicKey = try PublicKey(pem: pem) } catch let error as CredentialKitError {
                    throw CLIError("\(file): \(error.reason)")
                }
            }
            switch format {
            case .multikey: print(publicKey.multikey)
            case .jwk: print(publicKey.jwk.serialized(pretty: true))
            case .did: print(publicKey.didKey)
            case .pem: print(publicKey.pem, terminator: publicKey.pem.hasSuffix("\n") ? "" : "\n")
            }
        }
    }
}

/// Reads a file the user named, with a size limit and an error that names it: one open, one
/// fstat and reads straight into the array (`laurel verify` reads thousands).
func readInputFile(_ path: String, limit: Int) throws -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
        throw CLIError(errno == ENOENT ? "\(path): no such file" : "\(path) cannot be read: \(String(cString: strerror(errno)))")
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw CLIError("\(path) cannot be read: \(String(cString: strerror(errno)))") }
    guard (info.st_mode & S_IFMT) != S_IFDIR else { throw CLIError("\(path) is a directory, not a file") }
    let size = Int(info.st_size)
    guard size <= limit else {
        throw CLIError("\(path) is \(size) bytes; the limit is \(limit) bytes")
    }
    // A regular file is read to its size; a pipe or device (size 0) until it ends, within the limit.
    var bytes = [UInt8]()
    bytes.reserveCapacity(size > 0 ? size + 1 : 65_536)
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw CLIError("\(path) cannot be read: \(String(cString: strerror(errno)))")
        }
        if n == 0 { break }
        bytes += chunk[0..<n]
        guard bytes.count <= limit else { throw CLIError("\(path) is more than \(limit) bytes; the limit is \(limit) bytes") }
    }
    return bytes
}
