/// PEM, Multikey and did:key forms of a public key.
extension PublicKey {
    /// A public key from a SubjectPublicKeyInfo PEM block ("-----BEGIN PUBLIC KEY-----").
    ///
    /// - Throws: `.invalidKey` naming what the text holds instead; `.unsupportedKeyType` for other key types.
    public init(pem: String) throws {
        try self.init(backing: EVPKey.publicKey(pem: pem))
        if algorithm == .p256 || algorithm == .p384 {
            try backing.checkPublicKey(what: "the PEM public key")
        }
    }

    /// The key as a SubjectPublicKeyInfo PEM block.
    public var pem: String {
        do {
            return try backing.publicPEM()
        } catch {
            // Writing a key OpenSSL already holds fails only when memory runs out.
            preconditionFailure("writing a public key as PEM failed: \(error)")
        }
    }

    /// A public key from a Multikey `publicKeyMultibase`: "z" + base58btc(multicodec varint + key bytes).
    ///
    /// Accepted: `ed01` + 32 bytes (Ed25519), `8024` + 33-byte compressed point (P-256),
    /// `8124` + 49-byte compressed point (P-384), `8524` + DER `RSAPublicKey`.
    ///
    /// - Throws: `.invalidEncoding` for bad multibase; `.invalidKey` for another prefix, a wrong length or a point off the curve.
    public init(multikey: String) throws {
        guard multikey.first == "z" else {
            throw CredentialKitError(.invalidKey, "a publicKeyMultibase starts with 'z' (base58btc), but this starts with '\(multikey.prefix(1))'")
        }
        let (codec, body) = try Multicodec.split(try Multibase.decode(multikey), what: "the publicKeyMultibase")
        switch codec {
        case .ed25519Public:
            try self.init(ed25519Raw: body)
        case .p256Public, .p384Public:
            let algorithm: KeyAlgorithm = codec == .p256Public ? .p256 : .p384
            let expected = 1 + algorithm.coordinateByteCount
            guard body.count == expected, body.first == 0x02 || body.first == 0x03 else {
                throw CredentialKitError(.invalidKey, "a \(algorithm.displayName) Multikey holds a \(expected)-byte compressed point (02 or 03 first), but has \(body.count) bytes")
            }
            try self.init(ecPoint: body, algorithm: algorithm)
        case .rsaPublic:
            try self.init(backing: EVPKey.rsa(pkcs1PublicKeyDER: body))
        case .ed25519Private, .p256Private, .p384Private:
            throw CredentialKitError(.invalidKey, "the publicKeyMultibase holds a secret key; never publish it, and give the public key instead")
        }
    }

    /// The key as a Multikey `publicKeyMultibase` (EC points compressed).
    public var multikey: String {
        Multibase.encodeBase58btc(Multicodec.publicKey(algorithm).prefix + multikeyBody)
    }

    /// The key bytes Multikey carries after its prefix.
    private var multikeyBody: [UInt8] {
        switch algorithm {
        case .ed25519, .rsa:
            return rawRepresentation
        case .p256, .p384:
            let width = algorithm.coordinateByteCount
            let x = rawRepresentation[1...width]
            let yIsOdd = (rawRepresentation.last ?? 0) & 1 == 1
            return [yIsOdd ? 0x03 : 0x02] + x
        }
    }

    /// A public key from a did:key DID ("did:key:z6Mk…"), optionally with its "#z6Mk…" fragment.
    ///
    /// - Throws: `.invalidKey` when the text is not a did:key, or the fragment is not the key itself.
    public init(didKey: String) throws {
        let prefix = "did:key:"
        guard didKey.hasPrefix(prefix) else {
            throw CredentialKitError(.invalidKey, "\"\(didKey.prefix(40))\" is not a did:key (it must start with \"did:key:\")")
        }
        let identifier = didKey.dropFirst(prefix.count)
        let parts = identifier.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let multikey = String(parts[0])
        if parts.count == 2, parts[1] != parts[0] {
            throw CredentialKitError(.invalidKey, "the did:key fragment \"#\(parts[1].prefix(60))\" does not name the key \(multikey.prefix(60))")
        }
        try self.init(multikey: multikey)
    }

    /// The did:key DID of this key: "did:key:" + ``multikey``.
    public var didKey: String {
        "did:key:" + multikey
    }

    /// The did:key verification method id: "did:key:z…#z…".
    public var didKeyVerificationMethod: String {
        let key = multikey
        return "did:key:\(key)#\(key)"
    }
}
