import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// VC-JWTs in the VC-JOSE-COSE shape: `typ` `vc+jwt`, the credential itself as the payload.
@Suite("VC-JOSE-COSE tokens")
struct VCJOSETests {
    /// A compact JWS of `payload` with `header`, signed by `key`.
    static func token(header: JSONObject, payload: JSONObject, key: PrivateKey) throws -> String {
        let input = Base64URL.encode(JSONValue.object(header).serializedBytes()) + "." + Base64URL.encode(JSONValue.object(payload).serializedBytes())
        return input + "." + Base64URL.encode(try key.sign(Array(input.utf8)))
    }

    @Test("a vc+jwt whose payload is the credential verifies; changed, it is TAMPERED; an iss that contradicts the issuer is MALFORMED")
    func joseShape() async throws {
        let key = try PrivateKey.generate(.ed25519)
        var credential = try EveryProblemTests.resigned(by: key)
        credential["proof"] = nil
        let header: JSONObject = ["alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": .string(key.publicKey.didKeyVerificationMethod)]
        let good = try Self.token(header: header, payload: credential, key: key)
        let report = try await Verifier().verify(bytes: Array(good.utf8))
        #expect(report.verdict == .verified, "\(report.checks)")
        #expect(report.format == "jwt")
        #expect(report.achievementName == credential["credentialSubject"]?["achievement"]?["name"]?.stringValue)

        var changed = credential
        changed["name"] = "Doctor of Medicine"
        let parts = good.split(separator: ".")
        let forged = parts[0] + "." + Base64URL.encode(JSONValue.object(changed).serializedBytes()) + "." + parts[2]
        #expect(try await Verifier().verify(bytes: Array(forged.utf8)).verdict == .tampered)

        var withIss = credential
        withIss["iss"] = "did:key:z6MkSomeoneElse"
        let contradicted = try Self.token(header: header, payload: withIss, key: key)
        let contradiction = try await Verifier().verify(bytes: Array(contradicted.utf8))
        #expect(contradiction.verdict == .malformed, "\(contradiction.checks)")
    }
}
