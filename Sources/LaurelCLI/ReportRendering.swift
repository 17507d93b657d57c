import CredentialVerifier

/// A verification report as `laurel verify` prints it: the headline, one line per check, and
/// the claims (labelled when they are not the issuer's), every value from the input escaped.
enum ReportRendering {
    static func print(_ report: VerificationReport, requireTrust: Bool) {
        let verdict = Terminal.paint(report.verdict.text, report.verified ? .green : .red, .bold)
        Terminal.say("\(report.source ?? "credential"): \(verdict)")
        if let image = report.bakedImage {
            Terminal.say("  the credential was baked into a\(image == "svg" ? "n SVG" : " PNG") badge image; every check below is of that credential")
        }
        for check in report.checks {
            let (symbol, color): (String, Terminal.Color) = switch check.status {
            case .pass: ("✓", .green)
            case .fail: ("✗", .red)
            case .warn: ("!", .yellow)
            case .unknown: ("?", .yellow)
            case .skipped: ("–", .dim)
            }
            let name = check.check.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
            Terminal.say("  \(Terminal.paint(symbol, color)) \(name) \(check.message)")
        }
        if let achievement = report.achievementName, let issuer = report.issuerName ?? report.issuerID {
            // The claims are the issuer's only when its key's signature was checked; otherwise
            // they are whatever the file says, and the line says so.
            let signed = report.checks.filter { $0.check == .proof || $0.check == .issuerKey }.allSatisfy { $0.status == .pass }
            if signed {
                Terminal.say("  \(achievement) — issued by \(issuer)")
            } else {
                Terminal.say("  \(Terminal.paint("unverified claims:", .yellow)) \(achievement) — issued by \(issuer)")
            }
        }
        if report.verdict == .unverifiable || report.verdict == .statusUnknown {
            Terminal.say("  \(Terminal.paint("a document that could not be had can be given as a local file: --resource URL=FILE", .dim))")
        }
        if let recipient = report.result(of: .recipient), recipient.status == .unknown || recipient.status == .skipped {
            Terminal.say("  \(Terminal.paint("not accepted:", .red)) --recipient-email is given and the recipient could not be confirmed")
        }
        if requireTrust, report.result(of: .trust)?.status == .warn {
            Terminal.say("  \(Terminal.paint("not accepted:", .red)) --require-trust is given and the issuer is not on the trust list")
        }
    }
}
