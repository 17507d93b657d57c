import ArgumentParser
import CredentialIssuer
import CredentialKit
import Foundation

/// `-w/--workspace DIR`, shared by the commands that work in a workspace.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: [.customShort("w"), .long], help: ArgumentHelp("The workspace directory.", valueName: "DIR"))
    var workspace: String = "."

    var url: URL { URL(fileURLWithPath: workspace) }

    func open() throws -> Workspace { try Workspace.open(url) }
}

/// `--issuer HANDLE`: which of the workspace's issuers a command acts for.
struct IssuerOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The issuer to act for: a handle from `laurel issuer list` or an issuer id. Default: the workspace's first issuer.",
        valueName: "HANDLE"))
    var issuer: String?

    /// The workspace speaking for the chosen issuer.
    func open(_ workspace: WorkspaceOptions) throws -> Workspace {
        try workspace.open().forIssuer(issuer)
    }
}

/// How to unlock an encrypted key: never on the command line, where other users can see it.
struct PassphraseOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A file whose first line is the key's passphrase. Or set LAUREL_KEY_PASSPHRASE.", valueName: "FILE"))
    var passphraseFile: String?

    func passphrase() throws -> String? {
        if let passphraseFile {
            guard let data = FileManager.default.contents(atPath: passphraseFile) else {
                throw CLIError("cannot read the passphrase file \(passphraseFile)")
            }
            let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            guard !line.isEmpty else { throw CLIError("the passphrase file \(passphraseFile) is empty") }
            return line
        }
        if let value = ProcessInfo.processInfo.environment["LAUREL_KEY_PASSPHRASE"], !value.isEmpty {
            return value
        }
        return nil
    }
}

/// `--key-type` and `--encrypt-key`, for the commands that make an issuer's first key.
struct NewKeyOptions: ParsableArguments {
    @Option(help: "The signing key's type (ed25519 signs eddsa-*, p256 ecdsa-*, rsa only JWTs).")
    var keyType: KeyTypeArgument = .ed25519

    @Flag(help: "Encrypt the key with the passphrase from --passphrase-file or LAUREL_KEY_PASSPHRASE.")
    var encryptKey = false

    @OptionGroup var passphraseOptions: PassphraseOptions

    /// A new key of the chosen type, and the passphrase to encrypt it with (nil: not encrypted).
    func generate() throws -> (key: PrivateKey, passphrase: String?) {
        var passphrase: String?
        if encryptKey {
            guard let value = try passphraseOptions.passphrase() else {
                throw CLIError("--encrypt-key needs a passphrase: give --passphrase-file FILE or set LAUREL_KEY_PASSPHRASE")
            }
            passphrase = value
        }
        return (try PrivateKey.generate(KeyAlgorithm(rawValue: keyType.rawValue) ?? .ed25519), passphrase)
    }
}

/// `--allow-demo-key`, for the commands that sign.
struct DemoKeyOptions: ParsableArguments {
    @Flag(help: "Permit signing with a published demo key (demonstrations only).")
    var allowDemoKey = false

    /// True when the flag is given or the workspace was made by `laurel demo`.
    func allows(_ workspace: Workspace) -> Bool { allowDemoKey || workspace.config.demo == true }
}

/// `--json`: machine-readable output for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print machine-readable JSON instead of text.")
    var json = false
}

extension ProofFormat: ExpressibleByArgument {}

/// Key types as the CLI names them.
enum KeyTypeArgument: String, ExpressibleByArgument, CaseIterable {
    case ed25519, p256, p384, rsa
}

/// Parses `2025-06-30` or `2025-06-30T12:00:00Z` for date options.
func parseDateArgument(_ text: String, option: String) throws -> Date {
    if let date = XSDDateTime.date(fromDayOrDateTime: text) { return date }
    throw CLIError("\(option) \"\(text)\" is not a date: write 2025-06-30 or 2025-06-30T12:00:00Z")
}

