/// PEM and Multikey forms of a private key.
extension PrivateKey {
    /// A private key from PEM: PKCS #8 (plain or encrypted) or a traditional
    /// "EC PRIVATE KEY" / "RSA PRIVATE KEY" block.
    ///
    /// - Throws: `.wrongPassphrase` when the key is encrypted and the passphrase is wrong or missing;
    ///   `.invalidKey` naming what was found when the text is not a private key;
    ///   `.unsupportedKeyType` for other key types.
    public init(pem: String, passphrase: String? = nil) throws {
        try self.init(backing: EVPKey.privateKey(pem: pem, passphrase: passphrase))
    }

    /// The key as PKCS #8 PEM ("PRIVATE KEY"), or, with a passphrase, encrypted PKCS #8
    /// ("ENCRYPTED PRIVATE KEY": PBES2 with AES-256-CBC and PBKDF2).
    ///
    /// - Throws: `.weakPassphrase` for an empty passphrase; `.openSSLFailure` when OpenSSL fails.
    public func pkcs8PEM(passphrase: String? = nil) throws -> String {
        try backing.pkcs8PEM(passphrase: passphrase)
    }

    /// A private key from a Multikey `secretKeyMultibase`: "z" + base58btc(multicodec varint + key bytes).
    ///
    /// Accepted: `8026` + a 32-byte Ed25519 seed (or the seed followed by its 32-byte public key,
    /// which must match), `8626` + a 32-byte P-256 scalar, `8726` + a 48-byte P-384 scalar.
    ///
    /// - Throws: `.invalidEncoding` for bad multibase; `.invalidKey` for another prefix or a wrong length.
    public init(multibaseSecretKey: String) throws {
        guard multibaseSecretKey.first == "z" else {
            throw CredentialKitError(.invalidKey, "a secretKeyMultibase starts with 'z' (base58btc), but this starts with '\(multibaseSecretKey.prefix(1))'")
        }
        let (codec, body) = try Multicodec.split(try Multibase.decode(multibaseSecretKey), what: "the secretKeyMultibase")
        switch codec {
        case .ed25519Private:
            guard body.count == 32 || body.count == 64 else {
                throw CredentialKitError(.invalidKey, "an Ed25519 secretKeyMultibase holds a 32-byte seed (optionally followed by the 32-byte public key), but has \(body.count) bytes")
            }
            try self.init(ed25519Seed: Array(body.prefix(32)))
            if body.count == 64, Array(body.suffix(32)) != publicKey.rawRepresentation {
                throw CredentialKitError(.invalidKey, "the public key after the Ed25519 seed in the secretKeyMultibase does not belong to that seed")
            }
        case .p256Private, .p384Private:
            let algorithm: KeyAlgorithm = codec == .p256Private ? .p256 : .p384
            try self.init(backing: EVPKey.ec(algorithm, privateScalar: body))
        case .ed25519Public, .p256Public, .p384Public, .rsaPublic:
            throw CredentialKitError(.invalidKey, "the secretKeyMultibase holds a public key, not a secret key")
        }
    }
}

extension CredentialKitError.Code {
    /// A passphrase too weak (empty) or too long to protect a key with.
    public static let weakPassphrase = Self("weakPassphrase")
}
