import Foundation
import Testing
@testable import CredentialKit

@Suite("PEM")
struct PEMTests {
    @Test("PKCS #8 round trip, plain and encrypted, for every algorithm", arguments: KeyAlgorithm.allCases)
    func roundTrip(algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        let plain = try key.pkcs8PEM()
        #expect(plain.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(try PrivateKey(pem: plain).publicKey == key.publicKey)

        let encrypted = try key.pkcs8PEM(passphrase: "correct horse")
        #expect(encrypted.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        let reloaded = try PrivateKey(pem: encrypted, passphrase: "correct horse")
        #expect(reloaded.publicKey == key.publicKey)
        let signature = try reloaded.sign([1, 2, 3])
        #expect(key.publicKey.isValidSignature(signature, for: [1, 2, 3]))

        let publicPEM = key.publicKey.pem
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        #expect(try PublicKey(pem: publicPEM) == key.publicKey)
    }

    @Test("a wrong or missing passphrase is .wrongPassphrase")
    func wrongPassphrase() throws {
        let encrypted = try PrivateKey.generate(.p256).pkcs8PEM(passphrase: "right")
        #expect(throws: CredentialKitError(.wrongPassphrase, "")) { try PrivateKey(pem: encrypted, passphrase: "wrong") }
        let missing = #expect(throws: CredentialKitError.self) { try PrivateKey(pem: encrypted) }
        #expect(missing?.code == .wrongPassphrase)
        #expect(missing?.reason.contains("the key is encrypted: give its passphrase") == true)
        #expect(throws: CredentialKitError(.weakPassphrase, "")) { try PrivateKey.generate(.ed25519).pkcs8PEM(passphrase: "") }
    }

    @Test("encrypted PKCS #8 uses PBES2 with AES-256-CBC", .enabled(if: OpenSSLTool.available))
    func encryptionScheme() throws {
        let directory = try OpenSSLTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("key.pem")
        try PrivateKey.generate(.ed25519).pkcs8PEM(passphrase: "pass").write(to: file, atomically: true, encoding: .utf8)
        let dump = try OpenSSLTool.run(["asn1parse", "-in", file.path])
        #expect(dump.status == 0)
        #expect(dump.output.contains("PBES2"))
        #expect(dump.output.contains("PBKDF2"))
        #expect(dump.output.contains("aes-256-cbc"))
    }

    @Test("not a private key: a clear .invalidKey naming what was found")
    func notAPrivateKey() throws {
        let publicPEM = try PrivateKey.generate(.ed25519).publicKey.pem
        let cases: [(String, String, String)] = [
            ("garbage", "hello, this is not PEM", "no PEM block"),
            ("empty", "", "empty"),
            ("whitespace", "  \n", "empty"),
            ("certificate", Self.certificatePEM, "CERTIFICATE"),
            ("public key", publicPEM, "PUBLIC KEY"),
            ("damaged key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "PRIVATE KEY"),
        ]
        for (name, text, mention) in cases {
            let error = #expect(throws: CredentialKitError.self, "\(name)") { try PrivateKey(pem: text) }
            #expect(error?.code == .invalidKey, "\(name)")
            #expect(error?.reason.contains(mention) == true, "\(name): \(error?.reason ?? "")")
        }
        let error = #expect(throws: CredentialKitError.self) { try PublicKey(pem: Self.certificatePEM) }
        #expect(error?.code == .invalidKey)
        #expect(error?.reason.contains("CERTIFICATE") == true)
    }

    @Test("traditional EC and RSA PEM blocks load", .enabled(if: OpenSSLTool.available),
          arguments: [(["ec"], ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], KeyAlgorithm.p256),
                      (["rsa", "-traditional"], ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], .rsa)])
    func traditionalFormats(command: [String], options: [String], algorithm: KeyAlgorithm) throws {
        let directory = try OpenSSLTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pkcs8 = directory.appendingPathComponent("pkcs8.pem"), traditional = directory.appendingPathComponent("traditional.pem")
        #expect(try OpenSSLTool.run(["genpkey"] + options + ["-out", pkcs8.path]).status == 0)
        #expect(try OpenSSLTool.run(command + ["-in", pkcs8.path, "-out", traditional.path]).status == 0)
        let text = try String(contentsOf: traditional, encoding: .utf8)
        #expect(text.hasPrefix(algorithm == .rsa ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----"))
        let key = try PrivateKey(pem: text)
        #expect(key.algorithm == algorithm)
        #expect(key.publicKey == (try PrivateKey(pem: String(contentsOf: pkcs8, encoding: .utf8)).publicKey))
    }

    @Test("keys of unsupported types are .unsupportedKeyType", .enabled(if: OpenSSLTool.available),
          arguments: [["-algorithm", "X25519"], ["-algorithm", "ED448"], ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"],
                      ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"]])
    func unsupportedTypes(options: [String]) throws {
        let directory = try OpenSSLTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("key.pem")
        #expect(try OpenSSLTool.run(["genpkey"] + options + ["-out", file.path]).status == 0)
        #expect(throws: CredentialKitError(.unsupportedKeyType, "")) { try PrivateKey(pem: String(contentsOf: file, encoding: .utf8)) }
    }

    @Test("interop: keys from `openssl genpkey` load, and `openssl pkeyutl -verify` accepts our signatures",
          .enabled(if: OpenSSLTool.available),
          arguments: [(KeyAlgorithm.ed25519, ["-algorithm", "ED25519"]),
                      (.p256, ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]),
                      (.p384, ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"]),
                      (.rsa, ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])])
    func opensslInterop(algorithm: KeyAlgorithm, options: [String]) throws {
        let directory = try OpenSSLTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        #expect(try OpenSSLTool.run(["genpkey"] + options + ["-pass", "pass:s3cret", "-aes-256-cbc", "-out", path("key.pem")]).status == 0)
        let key = try PrivateKey(pem: String(contentsOfFile: path("key.pem"), encoding: .utf8), passphrase: "s3cret")
        #expect(key.algorithm == algorithm)

        // Our public key PEM and OpenSSL's agree.
        #expect(try OpenSSLTool.run(["pkey", "-in", path("key.pem"), "-passin", "pass:s3cret", "-pubout", "-out", path("pub.pem")]).status == 0)
        #expect(try PublicKey(pem: String(contentsOfFile: path("pub.pem"), encoding: .utf8)) == key.publicKey)

        // Our signature verifies with OpenSSL (ECDSA converted back to DER, which is what OpenSSL reads).
        let message = KeyTestSupport.combinedHashLikeMessage
        let signature = try key.sign(message)
        let native = algorithm == .p256 || algorithm == .p384
            ? try #require(ECDSASignatureEncoding.der(fromRaw: signature, width: algorithm.coordinateByteCount)) : signature
        try Data(message).write(to: URL(fileURLWithPath: path("message.bin")))
        try Data(native).write(to: URL(fileURLWithPath: path("signature.bin")))
        let digest = algorithm == .p384 ? ["-digest", "sha384"] : (algorithm == .ed25519 ? [] : ["-digest", "sha256"])
        let verify = ["pkeyutl", "-verify", "-pubin", "-inkey", path("pub.pem"), "-rawin", "-in", path("message.bin"),
                      "-sigfile", path("signature.bin")] + digest
        #expect(try OpenSSLTool.run(verify).status == 0)
        try Data(KeyTestSupport.flippingBit(message, at: 1)).write(to: URL(fileURLWithPath: path("message.bin")))
        #expect(try OpenSSLTool.run(verify).status != 0)
    }

    /// A self-signed P-256 certificate (made with `openssl req -x509`), to check it is not mistaken for a key.
    static let certificatePEM = """
    -----BEGIN CERTIFICATE-----
    MIIBgTCCASegAwIBAgIUXxsdZph/HFbjlfgsjpjDX6JcUsEwCgYIKoZIzj0EAwIw
    FjEUMBIGA1UEAwwLbGF1cmVsLXRlc3QwHhcNMjYxMTIyMjEwNzQxWhcNMzYxMTE5
    MjEwNzQxWjAWMRQwEgYDVQQDDAtsYXVyZWwtdGVzdDBZMBMGByqGSM49AgEGCCqG
    SM49AwEHA0IABNzNKTAFvjQJXNtvGqRhJXduXF+nncWuUxzgwEbkEfk851S7LiYt
    /zU55BCZ+XfZYr92NeJkHLJxdDvmW4Ot4WCjUzBRMB0GA1UdDgQWBBQerJy/+n3H
    WxCQMA7F3Wa//RiO9DAfBgNVHSMEGDAWgBQerJy/+n3HWxCQMA7F3Wa//RiO9DAP
    BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQDxZzNKyfidJJmWrTcm
    JZiXbDjRxF0glfF07NQehzaNrwIgKJpkLESr7re3mGSYmAQFZ3dAXXb6ZxGR667q
    gkWNg3E=
    -----END CERTIFICATE-----
    """
}
