// Verify a credential in your app: the example the "Verify a credential in your app" article
// walks through. It uses Laurel's public API only.
//
//   swift run VerifyCredentialExample FILE [--offline]
//
// Prints the verdict's stable code, each check's code and words, and — from the verified
// report itself, not by re-reading the file — who awarded what to whom. Exits 0 when verified.
import CredentialKit
import CredentialVerifier
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let path = arguments.first else {
    FileHandle.standardError.write(Data("usage: VerifyCredentialExample FILE [--offline]\n".utf8))
    exit(2)
}

// Online by default: did:key resolves locally; https and did:web key documents and status lists
// come over HTTPS. Offline, only what the file itself carries can be checked.
let verifier = arguments.contains("--offline") ? Verifier.offline() : Verifier.online()

do {
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let report = try await verifier.verify(bytes: bytes)
    print("verdict: \(report.verdict.rawValue) (\(report.verdict.text))")
    for check in report.checks {
        print("  \(check.check): \(check.status.rawValue) [\(check.code)] \(check.message)")
    }
    if report.verified, let credential = report.credential {
        let achievement = credential.credentialSubject.achievement.name.text()
        let issuer = credential.issuer.name.text()
        print("\(issuer) awarded \"\(achievement)\"")
    }
    exit(report.verified ? 0 : 1)
} catch {
    // Not a credential at all (not JSON, not a JWT): an input error, not a verdict.
    FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
    exit(2)
}
