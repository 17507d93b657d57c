import CredentialIssuer
import CredentialKit
import Foundation
import Testing
@testable import CredentialVerifier

/// A report names every problem the checks can find, not only the first; and every proof of a
/// credential with several is checked on its own.
@Suite("Every problem reported")
struct EveryProblemTests {
    /// An issued credential, without its proof and status, issued anew by `key`'s did:key after `change`.
    static func resigned(by key: PrivateKey, proofs suites: [Cryptosuite] = [.eddsaJcs2022],
                         _ change: (inout JSONObject) -> Void = { _ in }) throws -> JSONObject {
        let fixture = try Fixture(.ed25519)
        var document = try #require(try JSONParser.parse(try fixture.issue(.eddsaJcs2022).contents).objectValue)
        document["proof"] = nil
        document["credentialStatus"] = nil
        var issuer = try #require(document["issuer"]?.objectValue)
        issuer["id"] = .string(key.publicKey.didKey)
        document["issuer"] = .object(issuer)
        change(&document)
        var proofs: [JSONValue] = []
        for suite in suites {
            let signed = try DataIntegrity.sign(document, options: .init(
                cryptosuite: suite, verificationMethod: key.publicKey.didKeyVerificationMethod), key: key)
            proofs.append(try #require(signed["proof"]))
        }
        document["proof"] = proofs.count == 1 ? proofs[0] : .array(proofs)
        return document
    }

    static func verify(_ document: JSONObject, at time: String = "2028-06-01T00:00:00Z",
                       trusting trusted: Set<String>? = nil) async throws -> VerificationReport {
        let verifier = Verifier(trustedIssuers: trusted, fixedValidationTime: XSDDateTime.date(from: time))
        return await verifier.verify(try CredentialInput(bytes: JSONValue.object(document).serializedBytes()))
    }

    @Test("a credential with several problems lists each: a malformed achievement, not yet valid, and a malformed status entry")
    func severalProblems() async throws {
        let key = try PrivateKey.generate(.ed25519)
        let document = try Self.resigned(by: key) { document in
            document["validFrom"] = "2030-01-01T00:00:00Z"
            document["credentialStatus"] = ["type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                                            "statusListIndex": 7, "statusListCredential": "https://example.org/status/1"]
            var subject = document["credentialSubject"]?.objectValue ?? [:]
            var achievement = subject["achievement"]?.objectValue ?? [:]
            achievement["criteria"] = nil
            achievement["name"] = nil
            subject["achievement"] = .object(achievement)
            document["credentialSubject"] = .object(subject)
        }
        let report = try await Self.verify(document)
        let codes = report.checks.map(\.code)
        #expect(codes.contains("open_badge_malformed"), "\(codes)")
        #expect(codes.contains("not_yet_valid"), "\(codes)")
        #expect(codes.contains("status_entry_malformed"), "\(codes)")
        // The signature was still checked, and is the issuer's.
        #expect(report.result(of: .proof)?.status == .pass)
        #expect(report.result(of: .issuerKey)?.status == .pass)
        // The headline is the most serious of them.
        #expect(report.verdict == .malformed)
    }

    @Test("a credential whose only problem is its dates still reads as that problem")
    func onlyDates() async throws {
        let key = try PrivateKey.generate(.ed25519)
        let document = try Self.resigned(by: key) { $0["validFrom"] = "2030-01-01T00:00:00Z" }
        let report = try await Self.verify(document)
        #expect(report.verdict == .notYetValid, "\(report.checks)")
        #expect(report.result(of: .format)?.status == .pass)
    }

    @Test("a key that cannot be had is UNVERIFIABLE, and the dates are still checked")
    func unverifiableStillChecksDates() async throws {
        let key = try PrivateKey.generate(.ed25519)
        var document = try Self.resigned(by: key) { $0["validFrom"] = "2019-01-01T00:00:00Z"; $0["validUntil"] = "2020-01-01T00:00:00Z" }
        var proof = try #require(document["proof"]?.objectValue)
        proof["verificationMethod"] = "https://issuer.invalid/keys#1"
        document["proof"] = .object(proof)
        let report = try await Self.verify(document, trusting: [key.publicKey.didKey])
        #expect(report.verdict == .unverifiable, "\(report.checks)")
        #expect(report.checks.map(\.code).contains("expired"))
        // Who issued it is not known, so trust is not claimed either way.
        #expect(report.result(of: .trust)?.code == "trust_signature_unchecked")
    }

    @Test("TAMPERED still ends the verification: nothing after the signature is claimed")
    func tamperedEnds() async throws {
        let key = try PrivateKey.generate(.ed25519)
        var document = try Self.resigned(by: key) { $0["validUntil"] = "2020-01-01T00:00:00Z" }
        document["name"] = "Doctor of Medicine"
        let report = try await Self.verify(document)
        #expect(report.verdict == .tampered)
        #expect(report.result(of: .validity) == nil)
        #expect(report.achievementName == nil)
    }

    @Test("a proof set: each proof is checked and reported; all must verify")
    func proofSet() async throws {
        let key = try PrivateKey.generate(.ed25519)
        let document = try Self.resigned(by: key, proofs: [.eddsaJcs2022, .eddsaRdfc2022])
        let report = try await Self.verify(document)
        #expect(report.verdict == .verified, "\(report.checks)")
        let proofs = report.checks.filter { $0.check == .proof }
        #expect(proofs.count == 2)
        #expect(proofs.allSatisfy { $0.status == .pass })
        #expect(proofs.map { $0.parameters["which"] } == ["1", "2"])
        #expect(proofs[1].message.hasPrefix("proof 2 of 2"))

        // The second proof's signature broken: TAMPERED, naming that proof.
        var broken = document
        var set = try #require(document["proof"]?.arrayValue)
        var second = try #require(set[1].objectValue)
        let value = try #require(second["proofValue"]?.stringValue)
        second["proofValue"] = .string(String(value.dropLast()) + (value.hasSuffix("2") ? "3" : "2"))
        set[1] = .object(second)
        broken["proof"] = .array(set)
        let brokenReport = try await Self.verify(broken)
        #expect(brokenReport.verdict == .tampered, "\(brokenReport.checks)")
        let failing = try #require(brokenReport.checks.first { $0.check == .proof && $0.status == .fail })
        #expect(failing.parameters["which"] == "2")
        #expect(failing.message.hasPrefix("proof 2 of 2"))
    }

    @Test("proofs that cannot be checked as a whole: none, too many, the same twice, a chain that leads back to itself", arguments: [
        "empty", "too many", "duplicate", "duplicate id", "self", "cycle", "single with a missing previous proof",
    ])
    func unusableProofSets(_ kind: String) async throws {
        let key = try PrivateKey.generate(.ed25519)
        var document = try Self.resigned(by: key)
        var proof = try #require(document["proof"]?.objectValue)
        func with(_ id: String, previous: JSONValue? = nil) -> JSONValue {
            var copy = proof
            copy["id"] = .string(id)
            if let previous { copy["previousProof"] = previous }
            return .object(copy)
        }
        let expected: String
        switch kind {
        case "empty": document["proof"] = []; expected = "proof_missing"
        case "too many": document["proof"] = .array((0..<(ProofPolicy.maxProofs + 1)).map { with("urn:p\($0)") }); expected = "proofs_too_many"
        case "duplicate": document["proof"] = [.object(proof), .object(proof)]; expected = "proof_duplicate"
        case "duplicate id": proof["created"] = "2020-01-01T00:00:00Z"; document["proof"] = [with("urn:a"), with("urn:a", previous: "urn:b")]; expected = "proof_id_duplicate"
        case "self": document["proof"] = [with("urn:a", previous: "urn:a"), with("urn:b")]; expected = "proof_chain_cycle"
        case "cycle": document["proof"] = [with("urn:a", previous: "urn:b"), with("urn:b", previous: "urn:a")]; expected = "proof_chain_cycle"
        default: document["proof"] = with("urn:a", previous: "urn:gone"); expected = "previous_proof_missing"
        }
        let started = ContinuousClock.now
        let report = try await Self.verify(document)
        #expect(report.verdict == .malformed, "\(kind): \(report.checks)")
        #expect(report.result(of: .proof)?.code == expected, "\(kind): \(report.checks)")
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("a validity window that ends before it begins is MALFORMED, not EXPIRED")
    func invertedWindow() async throws {
        let key = try PrivateKey.generate(.ed25519)
        let document = try Self.resigned(by: key) { document in
            document["validFrom"] = "2030-01-01T00:00:00Z"
            document["validUntil"] = "2020-01-01T00:00:00Z"
        }
        let report = try await Self.verify(document)
        #expect(report.verdict == .malformed)
        #expect(report.result(of: .validity)?.code == "validity_inverted")
    }

    @Test("a proof chain: a proof naming a previousProof covers it; a missing previous proof is MALFORMED")
    func proofChain() async throws {
        let key = try PrivateKey.generate(.ed25519)
        var document = try Self.resigned(by: key)
        var first = try #require(document["proof"]?.objectValue)
        first["id"] = "urn:uuid:9b1f0a4e-1111-4c3e-8d2f-000000000001"
        // The first proof's id is part of what it signs: sign again with the id in the options.
        document["proof"] = nil
        let firstHash = try DataIntegrity.hashData(document: document, proofOptions: first.removing("proofValue"),
                                                   canonicalization: .jcs, digest: .sha256)
        first["proofValue"] = .string(Multibase.encodeBase58btc(try key.sign(firstHash)))
        var second: JSONObject = [
            "id": "urn:uuid:9b1f0a4e-1111-4c3e-8d2f-000000000002", "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022", "created": first["created"] ?? "2026-01-01T00:00:00Z",
            "verificationMethod": .string(key.publicKey.didKeyVerificationMethod), "proofPurpose": "assertionMethod",
            "previousProof": first["id"] ?? .null, "@context": document["@context"] ?? .null,
        ]
        var covered = document
        covered["proof"] = .array([.object(first)])
        let secondHash = try DataIntegrity.hashData(document: covered, proofOptions: second,
                                                    canonicalization: .jcs, digest: .sha256)
        second["proofValue"] = .string(Multibase.encodeBase58btc(try key.sign(secondHash)))
        document["proof"] = .array([.object(first), .object(second)])
        let report = try await Self.verify(document)
        #expect(report.verdict == .verified, "\(report.checks)")

        // Checked as a set (the chain ignored), the second proof would not match: it is the chain that makes it verify.
        var unchained = second
        unchained["previousProof"] = nil
        var orphan = document
        orphan["proof"] = .array([.object(first), .object(second.merging(["previousProof": "urn:uuid:not-here"]) { $1 })])
        let orphanReport = try await Self.verify(orphan)
        #expect(orphanReport.verdict == .malformed, "\(orphanReport.checks)")
        #expect(orphanReport.checks.contains { $0.code == "previous_proof_missing" })
        var set = document
        set["proof"] = .array([.object(first), .object(unchained)])
        #expect(try await Self.verify(set).verdict == .tampered)
    }
}

private extension JSONObject {
    func removing(_ key: String) -> JSONObject {
        var copy = self
        copy[key] = nil
        return copy
    }

    func merging(_ other: JSONObject, uniquingKeysWith combine: (JSONValue, JSONValue) -> JSONValue) -> JSONObject {
        var copy = self
        for (key, value) in other { copy[key] = copy[key].map { combine($0, value) } ?? value }
        return copy
    }
}

/// `--recipient-email`: whether a credential was issued to an address, without the address ever
/// appearing in what the verifier reports.
@Suite("Recipient check")
struct RecipientCheckTests {
    @Test("the issued address matches however it is spelled; another address is NOT ISSUED TO THIS RECIPIENT; the address is never in the report")
    func recipient() async throws {
        let fixture = try Fixture(.ed25519)
        let issued = try fixture.issue(.eddsaJcs2022)   // to ana@example.org, hashed with a salt
        for spelling in ["ana@example.org", "  Ana@Example.ORG ", "ana@EXAMPLE.org"] {
            let report = try await Verifier(recipientEmail: spelling).verify(bytes: issued.contents)
            #expect(report.verdict == .verified, "\(spelling): \(report.checks)")
            #expect(report.result(of: .recipient)?.status == .pass)
        }
        let other = try await Verifier(recipientEmail: "ana@example.com").verify(bytes: issued.contents)
        #expect(other.verdict == .recipientNotMatched)
        #expect(other.verdict.text == "NOT ISSUED TO THIS RECIPIENT")
        #expect(other.result(of: .recipient)?.status == .fail)
        let json = String(decoding: try other.json().serializedBytes(), as: UTF8.self)
        #expect(!json.contains("example.com"), "the address leaked into the report")
        // Without an address to check, there is no recipient check at all.
        #expect(try await Verifier().verify(bytes: issued.contents).result(of: .recipient) == nil)
    }

    @Test("another tool's unsalted hash, a plain address, no e-mail at all and an md5 hash")
    func otherShapes() async throws {
        let key = try PrivateKey.generate(.ed25519)
        func report(_ identifier: JSONValue?, email: String) async throws -> VerificationReport {
            let document = try EveryProblemTests.resigned(by: key) { document in
                var subject = document["credentialSubject"]?.objectValue ?? [:]
                subject["identifier"] = identifier.map { .array([$0]) }
                document["credentialSubject"] = .object(subject)
            }
            return await Verifier(recipientEmail: email).verify(try CredentialInput(bytes: JSONValue.object(document).serializedBytes()))
        }
        let unsalted = "sha256$" + Hex.encode(Digest.sha256.hash("Bea@example.org"))
        let hashed: JSONValue = ["type": "IdentityObject", "identityType": "emailAddress", "hashed": true, "identityHash": .string(unsalted)]
        #expect(try await report(hashed, email: "Bea@example.org").result(of: .recipient)?.status == .pass)
        #expect(try await report(hashed, email: "bea@example.net").verdict == .recipientNotMatched)
        let plain: JSONValue = ["type": "IdentityObject", "identityType": "emailAddress", "hashed": false, "identityHash": "bea@example.org"]
        #expect(try await report(plain, email: "BEA@example.org").result(of: .recipient)?.status == .pass)
        let none = try await report(nil, email: "bea@example.org")
        #expect(none.result(of: .recipient)?.code == "recipient_no_email")
        #expect(none.verdict == .recipientUnconfirmed && !none.verified)
        let md5: JSONValue = ["type": "IdentityObject", "identityType": "emailAddress", "hashed": true, "identityHash": "md5$c4ca4238a0b923820dcc509a6f75849b"]
        let unsupported = try await report(md5, email: "bea@example.org")
        #expect(unsupported.result(of: .recipient)?.code == "recipient_hash_unsupported")
        #expect(unsupported.verdict == .recipientUnconfirmed)
        // A salt given as a number cannot be joined to the address as it was: not checked, not a "no".
        let numericSalt: JSONValue = ["type": "IdentityObject", "identityType": "emailAddress", "hashed": true,
                                      "identityHash": .string("sha256$" + Hex.encode(Digest.sha256.hash("bea@example.org123"))), "salt": 123]
        #expect(try await report(numericSalt, email: "bea@example.org").result(of: .recipient)?.code == "recipient_hash_unsupported")
        // An address written with a decomposed accent matches the composed one it was issued to.
        let composed: JSONValue = ["type": "IdentityObject", "identityType": "emailAddress", "hashed": true,
                                   "identityHash": .string("sha256$" + Hex.encode(Digest.sha256.hash("jos\u{E9}@example.org")))]
        #expect(try await report(composed, email: "jose\u{301}@example.org").result(of: .recipient)?.status == .pass)
    }
}
