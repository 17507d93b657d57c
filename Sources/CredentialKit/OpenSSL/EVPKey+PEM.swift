internal import COpenSSL

/// Reading and writing keys as PEM text.
extension EVPKey {
    /// A private key from PEM: PKCS #8 (plain or encrypted) or a traditional
    /// "EC PRIVATE KEY" / "RSA PRIVATE KEY" block.
    ///
    /// - Throws: `.wrongPassphrase` when the key is encrypted and `passphrase` is missing or wrong;
    ///   `.invalidKey` naming what the text holds when it is not a private key.
    static func privateKey(pem: String, passphrase: String?) throws -> EVPKey {
        let request = PassphraseRequest(passphrase: passphrase.map { Array($0.utf8) })
        let key = try MemoryBIO.reading(Array(pem.utf8)) { bio in
            withExtendedLifetime(request) {
                PEM_read_bio_PrivateKey(bio, nil, passphraseCallback, Unmanaged.passUnretained(request).toOpaque())
            }
        }
        guard let key else {
            if request.wasAsked, passphrase == nil {
                OpenSSLErrorQueue.discard()  // only says the callback declined
                throw CredentialKitError(.wrongPassphrase, "the key is encrypted: give its passphrase")
            }
            if request.wasAsked {
                throw CredentialKitError.openSSL(.wrongPassphrase, "the passphrase does not decrypt the key")
            }
            OpenSSLErrorQueue.discard()
            throw CredentialKitError(.invalidKey, PEMLabel.describeMismatch(in: pem, expected: "a private key"))
        }
        OpenSSLErrorQueue.discard()  // the decoder may leave notes from formats it tried first
        return EVPKey(takingOwnershipOf: key)
    }

    /// A public key from a SubjectPublicKeyInfo PEM block ("PUBLIC KEY").
    static func publicKey(pem: String) throws -> EVPKey {
        let request = PassphraseRequest(passphrase: nil)
        let key = try MemoryBIO.reading(Array(pem.utf8)) { bio in
            withExtendedLifetime(request) {
                PEM_read_bio_PUBKEY(bio, nil, passphraseCallback, Unmanaged.passUnretained(request).toOpaque())
            }
        }
        OpenSSLErrorQueue.discard()
        guard let key else {
            throw CredentialKitError(.invalidKey, PEMLabel.describeMismatch(in: pem, expected: "a public key (PUBLIC KEY)"))
        }
        return EVPKey(takingOwnershipOf: key)
    }

    /// The private key as PKCS #8 PEM; encrypted with PBES2 (AES-256-CBC, PBKDF2) when a passphrase is given.
    func pkcs8PEM(passphrase: String?) throws -> String {
        let bytes = try MemoryBIO.writing { bio in
            let written: Int32
            if let passphrase {
                let secret = Array(passphrase.utf8)
                guard !secret.isEmpty, secret.count <= 1024 else {
                    throw CredentialKitError(.weakPassphrase, "a passphrase must be 1 to 1024 bytes of UTF-8, but \(secret.count) were given")
                }
                written = secret.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { chars in
                        PEM_write_bio_PKCS8PrivateKey(bio, pointer, EVP_aes_256_cbc(), chars.baseAddress, Int32(chars.count), nil, nil)
                    }
                }
            } else {
                written = PEM_write_bio_PKCS8PrivateKey(bio, pointer, nil, nil, 0, nil, nil)
            }
            guard written == 1 else { throw CredentialKitError.openSSL("writing the private key as PKCS #8 PEM") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The public key as a SubjectPublicKeyInfo PEM block.
    func publicPEM() throws -> String {
        let bytes = try MemoryBIO.writing { bio in
            guard PEM_write_bio_PUBKEY(bio, pointer) == 1 else {
                throw CredentialKitError.openSSL("writing the public key as PEM")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What OpenSSL's passphrase callback reads: the passphrase (if any), and whether OpenSSL asked.
///
/// Passing a callback also stops OpenSSL from prompting on the terminal, which it does when none is given.
private final class PassphraseRequest {
    let passphrase: [UInt8]?
    var wasAsked = false

    init(passphrase: [UInt8]?) {
        self.passphrase = passphrase
    }
}

/// OpenSSL's `pem_password_cb`: copies the passphrase from the ``PassphraseRequest`` in `context`.
private let passphraseCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32 = {
    buffer, size, _, context in
    guard let context else { return -1 }
    let request = Unmanaged<PassphraseRequest>.fromOpaque(context).takeUnretainedValue()
    request.wasAsked = true
    guard let passphrase = request.passphrase, let buffer, passphrase.count <= Int(size) else { return -1 }
    for (index, byte) in passphrase.enumerated() {
        buffer[index] = CChar(bitPattern: byte)
    }
    return Int32(passphrase.count)
}

/// Reading the label of PEM blocks ("-----BEGIN CERTIFICATE-----"), to say what a file holds.
enum PEMLabel {
    /// The labels of every BEGIN line in `text`, in order.
    static func labels(in text: String) -> [String] {
        let marker = "-----BEGIN "
        return text.split(whereSeparator: \.isNewline).compactMap { line -> String? in
            guard line.hasPrefix(marker) else { return nil }
            let label = line.dropFirst(marker.count).prefix { $0 != "-" }
            return String(label.prefix(60))
        }
    }

    /// A reason saying what `text` holds instead of `expected`.
    static func describeMismatch(in text: String, expected: String) -> String {
        if text.allSatisfy(\.isWhitespace) {
            return "the PEM text is empty; expected \(expected)"
        }
        let found = labels(in: text)
        guard let first = found.first else {
            return "no PEM block (-----BEGIN …-----) found; expected \(expected)"
        }
        let what = found.count == 1 ? "a \(first) block" : "PEM blocks \(found.joined(separator: ", "))"
        return "found \(what), not \(expected), or its contents are damaged"
    }
}
