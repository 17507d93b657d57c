import CredentialIssuer
import CredentialKit
import Foundation

/// Signing and verifying a typical CC Certificate credential end to end, with where the time goes,
/// next to the bare Ed25519 rate of `openssl speed`.
enum CredentialBenchmark {
    static let suite = BenchmarkSuite(
        name: "credential",
        summary: "eddsa-rdfc-2022 / eddsa-jcs-2022 credentials signed and verified per second, with a breakdown",
        run: run
    )

    /// A CC Certificate: CORE credential with everything a real one carries — achievement with
    /// criteria, seven alignments and result descriptions, a result, evidence, two status entries.
    static func typicalCredential() throws -> JSONObject {
        let achievement = try require(AchievementCatalog.seed.first { $0.catalogID == "cc-core" }).achievement
        var subject = AchievementSubject(
            identifier: [IdentityObject.hashedEmail("ana.lopez@example.org", salt: "0f1e2d3c4b5a69788796a5b4c3d2e1f0"),
                         IdentityObject(hashed: false, identityHash: "Ana María López Núñez", identityType: "name", salt: nil)],
            achievement: achievement)
        subject.result = [AchievementResult(resultDescription: achievement.resultDescription?.first?.id, value: "Completed")]
        let status: [JSONValue] = ["revocation", "suspension"].map { purpose in
            ["id": .string("https://certificate.creativecommons.org/status/\(purpose)-1.json#94567"),
             "type": "BitstringStatusListEntry", "statusPurpose": .string(purpose), "statusListIndex": "94567",
             "statusListCredential": .string("https://certificate.creativecommons.org/status/\(purpose)-1.json")]
        }
        let credential = OpenBadgeCredential(
            id: "urn:uuid:3f0c2a9e-8d4b-4c6e-9a1f-2b7d5e8c1a40",
            issuer: Profile(id: "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", name: "Creative Commons",
                            url: "https://certificate.creativecommons.org"),
            validFrom: Date(timeIntervalSince1970: 1_767_225_600), name: achievement.name, description: achievement.description,
            credentialSubject: subject,
            evidence: [Evidence(id: "https://example.org/portfolio/ana/final-project", narrative: "An openly licensed guide to CC licenses for a community library.")],
            credentialStatus: status)
        return try require(try credential.json().objectValue)
    }

    static func run() throws {
        let key = try PrivateKey.generate(.ed25519)
        let document = try typicalCredential()
        let verificationMethod = key.publicKey.didKeyVerificationMethod
        let quads = try JSONLDProcessor(options: .init(safeMode: true)).toRDF(.object(document)).count
        print("typical credential: \(JSONValue.object(document).serializedBytes().count) bytes of JSON, \(quads) quads")

        var rows: [(String, Double)] = []
        for suite in [Cryptosuite.eddsaRdfc2022, .eddsaJcs2022] {
            let options = DataIntegrity.ProofOptions(cryptosuite: suite, verificationMethod: verificationMethod)
            let signed = try DataIntegrity.sign(document, options: options, key: key)
            guard try DataIntegrity.verify(signed, key: key.publicKey) else {
                throw BenchmarkFailure(message: "\(suite.rawValue): a fresh proof did not verify")
            }
            // Each operation is on a credential of its own (another id), so nothing is remembered
            // from one to the next but the achievement they share, as in a batch or a verifier's day.
            var n = 0
            rows.append(("\(suite.rawValue) sign (canonicalize + hash + sign)", try operationsPerSecond(seconds: secondsPerMeasurement) {
                n += 1
                _ = try DataIntegrity.sign(Self.numbered(document, n), options: options, key: key)
            }))
            let distinct = try (0..<1_024).map { try DataIntegrity.sign(Self.numbered(document, $0), options: options, key: key) }
            _ = signed
            var m = 0
            rows.append(("\(suite.rawValue) verify", try operationsPerSecond(seconds: secondsPerMeasurement) {
                m += 1
                _ = try DataIntegrity.verify(distinct[m % distinct.count], key: key.publicKey)
            }))
        }

        // The check every issued credential gets before it is signed.
        let validator = try LaurelSchema.openBadgeCredential.validator
        rows.append(("OB 3.0 JSON Schema check, whole credential", operationsPerSecond(seconds: secondsPerMeasurement) {
            _ = validator.validate(.object(document))
        }))

        // Where the time of one eddsa-rdfc-2022 signature goes.
        let processor = JSONLDProcessor(options: .init(safeMode: true))
        let dataset = try processor.toRDF(.object(document))
        let canonical = try RDFCanonicalizer().canonicalize(dataset).nquads
        let message = SecureRandom.bytes(64)
        var k = 0
        let parts: [(String, Double)] = [
            ("JSON-LD expansion to RDF", try operationsPerSecond(seconds: secondsPerMeasurement) {
                k += 1
                _ = try processor.toRDF(.object(Self.numbered(document, k)))
            }),
            ("RDFC-1.0 canonicalization", try operationsPerSecond(seconds: secondsPerMeasurement) { _ = try RDFCanonicalizer().canonicalize(dataset) }),
            ("SHA-256 of the canonical N-Quads", operationsPerSecond(seconds: secondsPerMeasurement) { _ = Digest.sha256.hash(canonical.utf8) }),
            ("Ed25519 sign (our OpenSSL layer)", try operationsPerSecond(seconds: secondsPerMeasurement) { _ = try key.sign(message) }),
        ]
        let openssl = OpenSSLSpeed.measure(["ed25519"], seconds: max(1, Int(secondsPerMeasurement.rounded())))["ed25519"]

        func padded(_ text: String) -> String { text + String(repeating: " ", count: max(1, 50 - text.count)) }
        print("operations per second of CPU time (one core):")
        for (label, rate) in rows { print("  " + padded(label) + String(format: "%10.0f/s", rate)) }
        if let openssl { print("  " + padded("openssl speed ed25519 sign (OpenSSL only)") + String(format: "%10.0f/s", openssl.sign)) }
        if let rdfcSign = rows.first?.1, let openssl {
            print(String(format: "  eddsa-rdfc-2022 signing runs at %.1f%% of the bare OpenSSL Ed25519 rate", 100 * rdfcSign / openssl.sign))
        }
        print("where one eddsa-rdfc-2022 signature's time goes (the document is expanded and canonicalized twice: proof options and credential):")
        let total = parts.reduce(0) { $0 + 1 / $1.1 }
        for (label, rate) in parts {
            print("  " + padded(label) + String(format: "%8.1f µs  (%4.1f%% of these parts)", 1e6 / rate, 100 * (1 / rate) / total))
        }
    }
}

/// `#require` for benchmark code: a nil is a failure with a message, not a crash.
func require<T>(_ value: T?, _ what: String = "a value") throws -> T {
    guard let value else { throw BenchmarkFailure(message: "missing \(what)") }
    return value

}

extension CredentialBenchmark {
    /// `document` with an id of its own.
    static func numbered(_ document: JSONObject, _ n: Int) -> JSONObject {
        var numbered = document
        numbered["id"] = .string("urn:uuid:00000000-0000-4000-8000-\(String(format: "%012d", n))")
        return numbered
    }
}
