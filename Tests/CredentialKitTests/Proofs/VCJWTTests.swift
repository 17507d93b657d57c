import Foundation
import Testing
@testable import CredentialKit

@Suite("VC-JWT")
struct VCJWTTests {
    static let credential: JSONObject = [
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:0b5fd1a2-7b7e-4a8e-9c39-2f0d3f5e1a11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": ["id": "https://example.edu/issuer", "type": ["Profile"], "name": "Example"],
        "validFrom": "2025-01-01T00:00:00Z",
        "validUntil": "2030-01-01T00:00:00Z",
        "name": "مرحبا — Ünïcödé 学位",
        "credentialSubject": ["id": "did:example:learner", "type": ["AchievementSubject"]],
    ]

    @Test("sign → decode → verify with each key type, and the registered claims", arguments: KeyAlgorithm.allCases)
    func roundTrip(_ algorithm: KeyAlgorithm) throws {
        let key = try PrivateKey.generate(algorithm)
        let jwt = try VCJWT.sign(Self.credential, key: key, keyID: "https://example.edu/issuer#key-1")
        let token = try VCJWT.decode(jwt)
        #expect(token.algorithm == VCJWT.algorithm(for: algorithm))
        #expect(token.keyID == "https://example.edu/issuer#key-1")
        #expect(try VCJWT.verifySignature(of: token, key: key.publicKey))
        #expect(token.payload["iss"] == "https://example.edu/issuer")
        #expect(token.payload["jti"] == "urn:uuid:0b5fd1a2-7b7e-4a8e-9c39-2f0d3f5e1a11")
        #expect(token.payload["nbf"] == .number(1_735_689_600))
        #expect(token.payload["exp"] == .number(1_893_456_000))
        #expect(token.payload["sub"] == "did:example:learner")
        #expect(VCJWT.credential(from: token) == Self.credential)
        try VCJWT.checkRegisteredClaims(of: token)

        let other = try PrivateKey.generate(algorithm).publicKey
        #expect(try VCJWT.verifySignature(of: token, key: other) == false)
    }

    @Test("alg none, HMAC and an algorithm that does not match the key are refused")
    func refusedAlgorithms() throws {
        let key = try PrivateKey.generate(.ed25519)
        let jwt = try VCJWT.sign(Self.credential, key: key, keyID: "k")
        let parts = jwt.split(separator: ".").map(String.init)
        for alg in ["none", "HS256", "ES256", "RS256"] {
            let header = Base64URL.encode(Array("{\"alg\":\"\(alg)\",\"kid\":\"k\"}".utf8))
            let forged = try VCJWT.decode(header + "." + parts[1] + "." + (alg == "none" ? "" : parts[2]))
            #expect(throws: CredentialKitError(.invalidJWT, "")) {
                try VCJWT.verifySignature(of: forged, key: key.publicKey)
            }
        }
    }

    @Test("a changed payload does not verify")
    func tamperedPayload() throws {
        let key = try PrivateKey.generate(.p256)
        let jwt = try VCJWT.sign(Self.credential, key: key, keyID: "k")
        let parts = jwt.split(separator: ".").map(String.init)
        var payload = try #require(try JSONParser.parse(try Base64URL.decode(parts[1])).objectValue)
        payload["name"] = "Someone else's badge"
        let forged = parts[0] + "." + Base64URL.encode(JSONValue.object(payload).serializedBytes(pretty: false)) + "." + parts[2]
        #expect(try VCJWT.verifySignature(of: try VCJWT.decode(forged), key: key.publicKey) == false)
    }

    @Test("claims that contradict the credential are refused")
    func contradictoryClaims() throws {
        let key = try PrivateKey.generate(.ed25519)
        let jwt = try VCJWT.sign(Self.credential, key: key, keyID: "k")
        var payload = try #require(try JSONParser.parse(try Base64URL.decode(String(jwt.split(separator: ".")[1]))).objectValue)
        payload["iss"] = "https://attacker.example"
        let header = String(jwt.split(separator: ".")[0])
        let token = try VCJWT.decode(header + "." + Base64URL.encode(JSONValue.object(payload).serializedBytes(pretty: false)) + ".AA")
        #expect(throws: CredentialKitError(.invalidJWT, "")) { try VCJWT.checkRegisteredClaims(of: token) }
    }

    @Test("malformed tokens are errors, not crashes", arguments: ["", "a.b", "a.b.c.d", "!!!.e30.AA", "e30.bm90IGpzb24.AA", "W10.e30.AA"])
    func malformed(_ token: String) {
        #expect(throws: CredentialKitError.self) { _ = try VCJWT.decode(token) }
    }
}
