import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// Proofs as other tools make them, and proofs Laurel cannot check: each gets the right answer.
/// TAMPERED only when a signature was checked and does not match (or is not the issuer's key);
/// UNSUPPORTED, UNVERIFIABLE or MALFORMED when Laurel could not check.
@Suite("Proofs from other tools")
struct OtherToolsProofTests {
    /// A Laurel credential's JWT payload, to re-sign with headers other tools write.
    static func payload(_ fixture: Fixture) throws -> JSONObject {
        let token = try VCJWT.decode(String(decoding: try fixture.issue(.jwt).contents, as: UTF8.self))
        return token.payload
    }

    /// A compact JWS over `payload` with exactly `header`.
    static func jws(header: JSONObject, payload: JSONObject, key: PrivateKey) throws -> [UInt8] {
        let input = Base64URL.encode(JSONValue.object(header).serializedBytes(pretty: false)) + "."
            + Base64URL.encode(JSONValue.object(payload).serializedBytes(pretty: false))
        return Array((input + "." + Base64URL.encode(try key.sign(Array(input.utf8)))).utf8)
    }

    static func withIssuer(_ payload: JSONObject, _ issuer: String) -> JSONObject {
        var payload = payload
        payload["issuer"] = .object(["id": .string(issuer), "type": ["Profile"], "name": "Another Tool's Issuer"])
        payload["iss"] = .string(issuer)
        return payload
    }

    @Test("a JWT with its key in a jwk header and no kid, from a did:key issuer, verifies (OB 3.0 §8.2)",
          arguments: [KeyAlgorithm.ed25519, .p256, .rsa])
    func jwkHeaderDidKey(_ algorithm: KeyAlgorithm) async throws {
        let fixture = try Fixture(algorithm)
        let key = try fixture.workspace.privateKey(fixture.workspace.config.keys[0], passphrase: nil)
        let token = try Self.jws(header: ["alg": .string(VCJWT.algorithm(for: algorithm)), "typ": "JWT", "jwk": key.publicKey.jwk],
                                 payload: try Self.payload(fixture), key: key)
        let report = try await Verifier().verify(bytes: token)
        #expect(report.verdict == .verified, "\(report.checks)")
        #expect(report.result(of: .issuerKey)?.message.contains("JWT header") == true)
    }

    @Test("a jwk header with a key that is not the issuer's is TAMPERED; a jwk holding the private key is MALFORMED")
    func jwkHeaderWrongKey() async throws {
        let fixture = try Fixture()
        let stranger = try PrivateKey.generate(.ed25519)
        let forged = try await Verifier().verify(bytes: try Self.jws(
            header: ["alg": "EdDSA", "jwk": stranger.publicKey.jwk], payload: try Self.payload(fixture), key: stranger))
        #expect(forged.verdict == .tampered)
        #expect(forged.result(of: .proof)?.status == .pass)
        #expect(forged.result(of: .issuerKey)?.status == .fail)
        #expect(forged.credentialID == nil)

        let key = try fixture.workspace.privateKey(fixture.workspace.config.keys[0], passphrase: nil)
        var leaked = try #require(key.publicKey.jwk.objectValue)
        leaked["d"] = .string(Base64URL.encode([UInt8](repeating: 1, count: 32)))
        let report = try await Verifier().verify(bytes: try Self.jws(
            header: ["alg": "EdDSA", "jwk": .object(leaked)], payload: try Self.payload(fixture), key: key))
        #expect(report.verdict == .malformed)
        #expect(report.result(of: .proof)?.message.contains("private key") == true)
    }

    @Test("a jwk header from an https issuer: VERIFIED when its key document lists the key, UNVERIFIABLE offline, TAMPERED when it lists others")
    func jwkHeaderHTTPSIssuer() async throws {
        let fixture = try Fixture(.p256, issuerID: "https://badges.example.edu/issuer")
        let key = try fixture.workspace.privateKey(fixture.workspace.config.keys[0], passphrase: nil)
        let payload = try Self.payload(fixture)
        let token = try Self.jws(header: ["alg": "ES256", "jwk": key.publicKey.jwk], payload: payload, key: key)

        let online = try await Verifier(fetcher: try fixture.resources()).verify(bytes: token)
        #expect(online.verdict == .verified, "\(online.checks)")

        let offline = try await Verifier().verify(bytes: token)
        #expect(offline.verdict == .unverifiable, "\(offline.checks)")
        #expect(offline.result(of: .proof)?.status == .pass)
        #expect(offline.result(of: .issuerKey)?.status == .unknown)

        let stranger = try PrivateKey.generate(.p256)
        let forged = try Self.jws(header: ["alg": "ES256", "jwk": stranger.publicKey.jwk], payload: payload, key: stranger)
        let report = try await Verifier(fetcher: try fixture.resources()).verify(bytes: forged)
        #expect(report.verdict == .tampered, "\(report.checks)")
    }

    @Test("a did:jwk issuer, named by kid or by jwk, verifies")
    func didJWK() async throws {
        let fixture = try Fixture()
        let key = try PrivateKey.generate(.p256)
        let did = "did:jwk:" + Base64URL.encode(key.publicKey.jwk.serializedBytes(pretty: false))
        let payload = Self.withIssuer(try Self.payload(fixture), did)
        for header: JSONObject in [["alg": "ES256", "kid": .string(did + "#0")], ["alg": "ES256", "jwk": key.publicKey.jwk]] {
            let report = try await Verifier().verify(bytes: try Self.jws(header: header, payload: payload, key: key))
            #expect(report.verdict == .verified, "\(header): \(report.checks)")
        }
    }

    @Test("a JWT header naming no key, or a kid that is no DID or URL, is MALFORMED, not TAMPERED")
    func jwtWithoutKey() async throws {
        let fixture = try Fixture()
        let key = try fixture.workspace.privateKey(fixture.workspace.config.keys[0], passphrase: nil)
        for header: JSONObject in [["alg": "EdDSA"], ["alg": "EdDSA", "kid": "key-1"]] {
            let report = try await Verifier().verify(bytes: try Self.jws(header: header, payload: try Self.payload(fixture), key: key))
            #expect(report.verdict == .malformed, "\(header): \(report.checks)")
        }
    }

    @Test("a JWT algorithm Laurel does not verify is UNSUPPORTED, naming it")
    func unsupportedAlgorithm() async throws {
        let fixture = try Fixture(.rsa)
        let key = try fixture.workspace.privateKey(fixture.workspace.config.keys[0], passphrase: nil)
        let report = try await Verifier().verify(bytes: try Self.jws(
            header: ["alg": "RS384", "kid": .string(fixture.workspace.config.keys[0].verificationMethod)],
            payload: try Self.payload(fixture), key: key))
        #expect(report.verdict == .unsupported, "\(report.checks)")
        #expect(report.result(of: .proof)?.message.contains("RS384") == true)
    }

    @Test("a signature cut short is MALFORMED (it cannot be checked), in a JWT and in a Data Integrity proof")
    func truncatedSignatures() async throws {
        let fixture = try Fixture()
        let token = String(decoding: try fixture.issue(.jwt).contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = token.split(separator: ".").map(String.init)
        let cutToken = parts[0] + "." + parts[1] + "." + Base64URL.encode(Array(try Base64URL.decode(parts[2]).dropLast(2)))
        let report = try await Verifier().verify(bytes: Array(cutToken.utf8))
        #expect(report.verdict == .malformed, "\(report.checks)")
        #expect(report.result(of: .proof)?.message.contains("cut short") == true)

        var document = try #require(try JSONParser.parse(try fixture.issue(.eddsaRdfc2022).contents).objectValue)
        var proof = try #require(document["proof"]?.objectValue)
        proof["proofValue"] = .string(String(try #require(proof["proofValue"]?.stringValue).dropLast(3)))
        document["proof"] = .object(proof)
        let cut = await Verifier().verify(try CredentialInput(bytes: JSONValue.object(document).serializedBytes()))
        #expect(cut.verdict == .malformed, "\(cut.checks)")
    }

    @Test("an eddsa-rdfc-2022 credential naming a context Laurel has not pinned is UNSUPPORTED, naming the context")
    func unpinnedContext() async throws {
        let fixture = try Fixture()
        var document = try #require(try JSONParser.parse(try fixture.issue(.eddsaRdfc2022).contents).objectValue)
        let extra = "https://w3id.org/vc/render-method/v2rc1"
        document["@context"] = .array((document["@context"]?.asArray ?? []) + [.string(extra)])
        let report = await Verifier().verify(try CredentialInput(bytes: JSONValue.object(document).serializedBytes()))
        #expect(report.verdict == .unsupported, "\(report.checks)")
        #expect(report.result(of: .proof)?.message.contains(extra) == true)
        #expect(report.result(of: .proof)?.status == .unknown)
    }

    @Test("a property no context defines, added after signing: MALFORMED, saying the signature does not cover it")
    func undefinedPropertyAdded() async throws {
        let fixture = try Fixture()
        var document = try #require(try JSONParser.parse(try fixture.issue(.eddsaRdfc2022).contents).objectValue)
        document["grantsDegree"] = "PhD"
        let report = await Verifier().verify(try CredentialInput(bytes: JSONValue.object(document).serializedBytes()))
        #expect(report.verdict == .malformed, "\(report.checks)")
        let message = report.result(of: .proof)?.message ?? ""
        #expect(message.contains("grantsDegree") && message.contains("does not cover"), "\(message)")
    }

    @Test("Ed25519Signature2020 whose proof carries its own @context (as didkit and jsonld-signatures write it) verifies")
    func ed25519Signature2020ProofContext() async throws {
        let fixture = try Fixture()
        var document = try #require(try JSONParser.parse(try fixture.issue(.eddsaRdfc2022).contents).objectValue)
        document["proof"] = nil
        let entry = fixture.workspace.config.keys[0]
        let key = try fixture.workspace.privateKey(entry, passphrase: nil)
        // jsonld-signatures: the proof options are read with the proof's own @context, the
        // document with its own.
        var proof: JSONObject = [
            "@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/suites/ed25519-2020/v1"],
            "type": "Ed25519Signature2020", "created": "2026-11-29T10:00:00Z",
            "verificationMethod": .string(entry.verificationMethod), "proofPurpose": "assertionMethod",
        ]
        let hashData = try DataIntegrity.hashData(document: document, proofOptions: proof, canonicalization: .rdfc, digest: .sha256)
        proof["proofValue"] = .string(Multibase.encodeBase58btc(try key.sign(hashData)))
        document["proof"] = .object(proof)
        let report = await Verifier().verify(try CredentialInput(bytes: JSONValue.object(document).serializedBytes()))
        #expect(report.verdict == .verified, "\(report.checks)")

        // And a change to the content is still caught.
        document["name"] = "Another Name"
        let changed = await Verifier().verify(try CredentialInput(bytes: JSONValue.object(document).serializedBytes()))
        #expect(changed.verdict == .tampered)
    }

    /// A credential in `victim`'s name, signed by `key` as the verification method `method`.
    static func forged(_ victim: Fixture, method: String, key: PrivateKey) throws -> [UInt8] {
        var document = try #require(try JSONParser.parse(try victim.issue(.eddsaJcs2022).contents).objectValue)
        document["proof"] = nil
        document["name"] = "Doctorate in Physics"
        let signed = try DataIntegrity.sign(document, options: .init(cryptosuite: .eddsaJcs2022, verificationMethod: method), key: key)
        return JSONValue.object(signed).serializedBytes()
    }

    @Test("a key document that names the issuer as its key's controller does not make the key the issuer's: TAMPERED",
          arguments: [nil, "https://badges.example.edu/issuer"])
    func foreignDocumentClaimsIssuer(_ issuerID: String?) async throws {
        let victim = try Fixture(.ed25519, issuerID: issuerID)
        let attacker = try PrivateKey.generate(.ed25519)
        let method = "https://evil.example/keys.json#k"
        let evil: JSONValue = [
            "id": "https://evil.example/keys.json",
            "verificationMethod": [["id": .string(method), "type": "Multikey",
                                    "controller": .string(victim.workspace.config.issuer.id),
                                    "publicKeyMultibase": .string(attacker.publicKey.multikey)]],
        ]
        let evilFile = victim.temp.path("evil.json")
        try Data(evil.serializedBytes()).write(to: evilFile)
        var files = try victim.workspace.publishedDocuments()
        files["https://evil.example/keys.json"] = evilFile.path
        let report = try await Verifier(fetcher: LocalResources(files: files))
            .verify(bytes: try Self.forged(victim, method: method, key: attacker))
        #expect(report.verdict == .tampered, "\(report.checks)")
        #expect(report.result(of: .issuerKey)?.code == "key_not_listed_by_issuer")
        #expect(report.achievementName == nil)
    }

    @Test("a verification method the issuer's own document does not list is not the issuer's key: TAMPERED, not UNVERIFIABLE")
    func methodNotInIssuerDocument() async throws {
        let victim = try Fixture(.ed25519, issuerID: "https://badges.example.edu/issuer")
        let attacker = try PrivateKey.generate(.ed25519)
        let resources = try victim.resources()
        let forged = try Self.forged(victim, method: "https://badges.example.edu/issuer#nope", key: attacker)
        let report = try await Verifier(fetcher: resources).verify(bytes: forged)
        #expect(report.verdict == .tampered, "\(report.checks)")
        #expect(report.result(of: .issuerKey)?.status == .fail)

        // Without the issuer's document nothing can be said about the key: UNVERIFIABLE.
        let offline = try await Verifier().verify(bytes: forged)
        #expect(offline.verdict == .unverifiable)
    }

    @Test("a JWT key of a curve Laurel does not verify, and a crit header, are UNSUPPORTED")
    func unsupportedKeysAndExtensions() async throws {
        let fixture = try Fixture()
        let key = try fixture.workspace.privateKey(fixture.workspace.config.keys[0], passphrase: nil)
        let p521: JSONValue = ["kty": "EC", "crv": "P-521", "x": "AQ", "y": "AQ"]
        let curve = try await Verifier().verify(bytes: try Self.jws(header: ["alg": "ES512", "jwk": p521],
                                                                              payload: try Self.payload(fixture), key: key))
        #expect(curve.verdict == .unsupported, "\(curve.checks)")
        let crit = try await Verifier().verify(bytes: try Self.jws(
            header: ["alg": "EdDSA", "kid": .string(fixture.workspace.config.keys[0].verificationMethod), "crit": ["b64"], "b64": false],
            payload: try Self.payload(fixture), key: key))
        #expect(crit.verdict == .unsupported, "\(crit.checks)")
    }

    @Test("a key the issuer lists only for authentication, not assertionMethod, does not issue credentials")
    func assertionMethodOnly() async throws {
        let victim = try Fixture(.ed25519, issuerID: "https://badges.example.edu/issuer")
        let loginKey = try PrivateKey.generate(.ed25519)
        var document = try #require(try victim.workspace.issuerDocument().objectValue)
        let method = "https://badges.example.edu/issuer#login"
        document["verificationMethod"] = .array((document["verificationMethod"]?.asArray ?? []) + [[
            "id": .string(method), "type": "Multikey", "controller": "https://badges.example.edu/issuer",
            "publicKeyMultibase": .string(loginKey.publicKey.multikey)]])
        document["authentication"] = [.string(method)]
        let file = victim.temp.path("issuer-with-login.json")
        try Data(JSONValue.object(document).serializedBytes()).write(to: file)
        let verifier = Verifier(fetcher: LocalResources(files: ["https://badges.example.edu/issuer": file.path]))
        let report = try await verifier.verify(bytes: try Self.forged(victim, method: method, key: loginKey))
        #expect(report.verdict == .tampered, "\(report.checks)")
        let genuine = try await verifier.verify(bytes: try victim.issue(.eddsaJcs2022).contents)
        #expect(genuine.result(of: .issuerKey)?.status == .pass, "\(genuine.checks)")
    }

    @Test("a did:web whose host is not plainly a domain is refused, never fetched from elsewhere")
    func didWebSpoof() async throws {
        #expect(StandardKeyResolver.isValidDidWeb("did:web:w.example.org"))
        #expect(StandardKeyResolver.isValidDidWeb("did:web:localhost%3A8443:issuers:1"))
        for spoof in ["did:web:w.example.org%3A@evil.example", "did:web:w.example.org%2F..%2Fevil", "did:web:a:b%2Fc", "did:web:", "did:web:-x.org"] {
            #expect(!StandardKeyResolver.isValidDidWeb(spoof), "\(spoof)")
            await #expect(throws: KeyResolutionError.self) { try await StandardKeyResolver().resolve(spoof + "#k") }
        }
    }
}
