// Issue credentials from your own code: the example the "Issue credentials from your code"
// article walks through. It uses Laurel's public API only.
//
//   swift run IssueCredentialsExample OUTPUT-DIR
//
// Makes a workspace (a new Ed25519 key; the issuer is its did:key) in OUTPUT-DIR/workspace,
// assembles the issuing service once, issues a small cohort and writes each credential to
// OUTPUT-DIR. Prints one line per learner.
import CredentialIssuer
import CredentialKit
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: IssueCredentialsExample OUTPUT-DIR\n".utf8))
    exit(2)
}
let output = URL(fileURLWithPath: arguments[1])

do {
    let workspace = try Workspace.create(at: output.appendingPathComponent("workspace"),
                                         issuerName: "Universidad de Ejemplo", key: try PrivateKey.generate(.ed25519))
    // Keys are loaded and checked once; the actor is who the audit log names.
    let service = try workspace.issuingService(actor: "registrar@example.edu")

    let cohort = [
        IssueRequest(achievementID: "intro-to-oer", recipientName: "Ana María López", recipientEmail: "ana@example.org", result: "Completed"),
        IssueRequest(achievementID: "intro-to-oer", recipientName: "李明", recipientEmail: "li@example.org", result: "Completed"),
        IssueRequest(achievementID: "no-such-course", recipientName: "Bo", recipientEmail: "bo@example.org"),
    ]
    var failures = 0
    for (request, result) in zip(cohort, await service.issue(cohort)) {
        switch result {
        case .success(let issued):
            let file = output.appendingPathComponent(issued.suggestedFileName)
            try Data(issued.contents).write(to: file)
            print("issued \(issued.id) to \(request.recipientName): \(file.lastPathComponent)")
        case .failure(let error):
            failures += 1
            print("not issued to \(request.recipientName): \(error)")
        }
    }
    exit(failures == cohort.count ? 1 : 0)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
