import Foundation
import Testing

/// The independent implementations of `Scripts/interop/peers.py` (openbadgeslib, jwcrypto,
/// joserfc, didkit from PyPI, pinned in `Scripts/interop/requirements.txt`), run from the venv
/// `Scripts/interop/setup` makes.
enum InteropPeers {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let script = packageRoot.appendingPathComponent("Scripts/interop/peers.py")

    /// `$LAUREL_INTEROP_PYTHON`, else `.build/interop-venv/bin/python`; nil when not executable.
    static let python: URL? = {
        let path = ProcessInfo.processInfo.environment["LAUREL_INTEROP_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? packageRoot.appendingPathComponent(".build/interop-venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
    }()

    static let missingMessage =
        "the interop venv is absent: run Scripts/interop/setup (it makes .build/interop-venv), or set LAUREL_INTEROP_PYTHON to a python that has its packages, to run these tests"

    /// True when the peers can run; use as `.enabled(if: InteropPeers.available, Comment(rawValue: InteropPeers.missingMessage))`.
    static var available: Bool { python != nil && FileManager.default.fileExists(atPath: script.path) }

    /// The tools `peers.py issue --only` knows.
    static let producers = ["openbadgeslib", "jwcrypto", "joserfc", "didkit"]

    /// Runs `python peers.py ARGUMENTS` on a thread of its own, as `LaurelBinary.run` does.
    static func run(_ arguments: [String]) async throws -> LaurelBinary.Output {
        let python = try #require(python, "\(missingMessage)")
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let process = Process()
                    process.executableURL = python
                    process.arguments = [script.path] + arguments
                    var environment = ProcessInfo.processInfo.environment
                    environment["PYTHONDONTWRITEBYTECODE"] = "1"
                    environment["PYTHONIOENCODING"] = "utf-8"
                    process.environment = environment
                    // stderr goes to a file, so a chatty tool can never fill a pipe nobody reads yet.
                    let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("laurel-peers-\(UUID().uuidString).stderr")
                    try Data().write(to: errURL)
                    defer { try? FileManager.default.removeItem(at: errURL) }
                    let err = try FileHandle(forWritingTo: errURL)
                    defer { try? err.close() }
                    let out = Pipe()
                    process.standardOutput = out
                    process.standardError = err
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                    let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    let stderrData = (try? Data(contentsOf: errURL)) ?? Data()
                    return LaurelBinary.Output(status: process.terminationStatus,
                                               stdout: String(decoding: stdoutData, as: UTF8.self),
                                               stderr: String(decoding: stderrData, as: UTF8.self))
                })
            }.start()
        }
    }

    /// One credential `peers.py issue` made, as `manifest.json` lists it.
    struct Entry: Decodable {
        var file: String
        var tool: String
        var what: String
        var resources: [String: String]
        var expect: String
        var selfCheck: String?

        enum CodingKeys: String, CodingKey {
            case file, tool, what, resources, expect
            case selfCheck = "self_check"
        }
    }

    /// A peer's one-line answer from `verify-jwt` / `verify-ldp`.
    struct PeerAnswer {
        var verified: Bool
        var detail: String
        var output: LaurelBinary.Output

        init(_ output: LaurelBinary.Output) {
            self.output = output
            let object = (try? JSONSerialization.jsonObject(with: Data(output.stdout.utf8))) as? [String: Any]
            verified = output.status == 0 && object?["verified"] as? Bool == true
            detail = object?["detail"] as? String ?? "no answer (exit \(output.status)): \(output.stdout) \(output.stderr)"
        }
    }

    /// Laurel's report on `file`, offline, with `resources` (URL → path) answering its fetches.
    static func laurelVerify(_ file: String, resources: [String: String]) async throws -> (verdict: String, summary: String, status: Int32) {
        let arguments = ["verify", file, "--json", "--offline"]
            + resources.sorted { $0.key < $1.key }.flatMap { ["--resource", "\($0.key)=\($0.value)"] }
        let result = try await LaurelBinary.run(arguments)
        guard let report = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any],
              let verdict = report["verdict"] as? String
        else {
            return ("no report", "exit \(result.status): \(result.stdout) \(result.stderr)", result.status)
        }
        let checks = (report["checks"] as? [[String: Any]] ?? []).map {
            "\($0["check"] as? String ?? "?") \($0["status"] as? String ?? "?"): \($0["message"] as? String ?? "")"
        }
        return (verdict, checks.joined(separator: "\n  "), result.status)
    }
}

/// Credentials made at test time by independent implementations verify in Laurel, and Laurel's
/// credentials verify in them. Keys are new on every run; nothing is fetched from the network.
@Suite("Interop with independent implementations",
       .enabled(if: LaurelBinary.available, "the laurel executable was not built next to the tests"),
       .enabled(if: InteropPeers.available, Comment(rawValue: InteropPeers.missingMessage)))
struct InteropTests {
    @Test("credentials another implementation issued get the verdict they deserve from laurel verify",
          arguments: InteropPeers.producers)
    func peerCredentialsVerify(_ tool: String) async throws {
        let temp = try TemporaryDirectory()
        let out = temp.path("peers")
        let made = try await InteropPeers.run(["issue", "--only", tool, "--out", out])
        try #require(made.status == 0, "peers.py issue --only \(tool) failed:\n\(made.stderr)")
        let manifest = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("manifest.json"))
        let entries = try JSONDecoder().decode([InteropPeers.Entry].self, from: manifest)
        try #require(!entries.isEmpty, "peers.py made no credential with \(tool)")

        for entry in entries {
            #expect(entry.selfCheck ?? "passed" == "passed",
                    "\(entry.what): the tool that made it does not verify it: \(entry.selfCheck ?? "")")
            let resources = entry.resources.mapValues { out + "/" + $0 }
            let (verdict, summary, status) = try await InteropPeers.laurelVerify(out + "/" + entry.file, resources: resources)
            #expect(verdict == entry.expect,
                    "\(entry.what) (\(entry.tool), \(entry.file)): Laurel says \(verdict), expected \(entry.expect)\n  \(summary)")
            if verdict == entry.expect {
                #expect((status == 0) == (entry.expect == "VERIFIED"), "\(entry.what): exit \(status) with verdict \(verdict)")
            }
        }
    }

    /// A workspace with a key of `keyType` and one credential issued as a VC-JWT; returns the JWT
    /// file and the public key as a JWK file (`laurel keys show --format jwk`).
    static func laurelJWT(_ temp: TemporaryDirectory, keyType: String) async throws -> (jwt: String, jwk: String) {
        let ws = temp.path("ws-\(keyType)")
        let made = try await LaurelBinary.run(["init", ws, "--issuer-name", "Interop Ünïversity 互換", "--key-type", keyType, "--json"])
        try #require(made.status == 0, "\(made.stderr)")
        let jwt = temp.path("\(keyType).jwt")
        let issued = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--proof", "jwt",
                                                 "--recipient-name", "Ana María López", "--recipient-email", "ana@example.org",
                                                 "-o", jwt])
        try #require(issued.status == 0, "\(issued.stderr)")

        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ws + "/laurel.json"))) as? [String: Any]
        let keyFile = try #require((config?["keys"] as? [[String: Any]])?.first?["file"] as? String, "laurel.json names no key")
        let shown = try await LaurelBinary.run(["keys", "show", ws + "/" + keyFile, "--format", "jwk"])
        try #require(shown.status == 0, "\(shown.stderr)")
        let jwk = temp.path("\(keyType).jwk")
        try Data(shown.stdout.utf8).write(to: URL(fileURLWithPath: jwk))

        let own = try await InteropPeers.laurelVerify(jwt, resources: [:])
        try #require(own.verdict == "VERIFIED", "Laurel does not verify its own \(keyType) JWT: \(own.summary)")
        return (jwt, jwk)
    }

    @Test("Laurel's VC-JWTs verify in jwcrypto and openbadgeslib, which find the key in the JWT itself",
          arguments: ["rsa", "ed25519", "p256"])
    func laurelJWTsVerifyInPeers(_ keyType: String) async throws {
        let temp = try TemporaryDirectory()
        let (jwt, _) = try await Self.laurelJWT(temp, keyType: keyType)
        // No key given: each tool takes it from the header (jwk), or decodes the kid's did:key by
        // its own means (openbadgeslib: Ed25519 and P-256 only; jwcrypto: none).
        for tool in ["jwcrypto", "openbadgeslib"] {
            let answer = InteropPeers.PeerAnswer(try await InteropPeers.run(["verify-jwt", "--tool", tool, jwt]))
            let verified = answer.verified
            #expect(verified, "Laurel's \(keyType) VC-JWT does not verify in \(tool): \(answer.detail)")
        }
    }

    @Test("Laurel's VC-JWT signatures verify in jwcrypto, openbadgeslib and joserfc given the issuer's public key",
          arguments: ["rsa", "ed25519", "p256"])
    func laurelJWTSignaturesVerifyWithKey(_ keyType: String) async throws {
        let temp = try TemporaryDirectory()
        let (jwt, jwk) = try await Self.laurelJWT(temp, keyType: keyType)
        for tool in ["jwcrypto", "openbadgeslib", "joserfc"] {
            let answer = InteropPeers.PeerAnswer(try await InteropPeers.run(["verify-jwt", "--tool", tool, jwt, "--jwk", jwk]))
            let verified = answer.verified
            if tool == "joserfc" && keyType == "rsa" {
                // joserfc refuses any JWS whose encoded protected header exceeds 512 bytes (its
                // default registry limit, which callers can raise). An RSA-2048 public key alone
                // encodes to ~540 bytes, so no header that names an RSA key fits — neither
                // Laurel's (the jwk alone) nor openbadgeslib's own RS256 tokens. Recorded, not
                // failed; it passes as is should joserfc's default change.
                withKnownIssue("joserfc's default 512-byte header limit vs any RSA jwk", isIntermittent: true) {
                    #expect(verified, "Laurel's rsa VC-JWT does not verify in joserfc: \(answer.detail)")
                }
                continue
            }
            #expect(verified, "Laurel's \(keyType) VC-JWT does not verify in \(tool) with its JWK: \(answer.detail)")
        }
    }

    @Test("Laurel's eddsa-rdfc-2022 credential, in English and in Spanish (inLanguage, related), verifies in openbadgeslib's Data Integrity verifier",
          arguments: ["en", "es"])
    func laurelDataIntegrityVerifiesInOpenbadgeslib(_ locale: String) async throws {
        let temp = try TemporaryDirectory()
        let ws = temp.path("ws")
        let made = try await LaurelBinary.run(["init", ws, "--issuer-name", "Interop Ünïversity 互換", "--json"])
        try #require(made.status == 0, "\(made.stderr)")
        let file = temp.path("credential.json")
        let issued = try await LaurelBinary.run(["issue", "-w", ws, "--achievement", "cc-core", "--proof", "eddsa-rdfc-2022",
                                                 "--recipient-name", "Ana María López", "--recipient-email", "ana@example.org",
                                                 "--locale", locale, "-o", file])
        try #require(issued.status == 0, "\(issued.stderr)")
        let answer = InteropPeers.PeerAnswer(try await InteropPeers.run(["verify-ldp", "--tool", "openbadgeslib", file]))
        let verified = answer.verified
        #expect(verified, "Laurel's eddsa-rdfc-2022 credential (\(locale)) does not verify in openbadgeslib: \(answer.detail)")
    }
}
