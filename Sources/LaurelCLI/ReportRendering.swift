import CredentialVerifier

/// A verification report as `laurel verify` prints it: the headline, one sentence saying what it
/// means, one line per check, and the claims (labelled when they are not the issuer's), every
/// value from the input escaped; in the report's language.
enum ReportRendering {
    static func print(_ report: VerificationReport, requireTrust: Bool) {
        let words = { (key: VerifyWords.Key) in VerifyWords.text(key, report.language) }
        let verdict = Terminal.paint(report.headline, report.verified ? .green : .red, .bold)
        Terminal.say("\(report.source ?? "credential"): \(verdict)")
        Terminal.say("  \(report.summary)")
        if let image = report.bakedImage {
            Terminal.say("  \(words(image == "svg" ? .bakedSVG : .baked))")
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
                Terminal.say("  \(achievement) — \(words(.issuedBy)) \(issuer)")
            } else {
                Terminal.say("  \(Terminal.paint(words(.unverifiedClaims), .yellow)) \(achievement) — \(words(.issuedBy)) \(issuer)")
            }
        }
        if report.verdict == .unverifiable || report.verdict == .statusUnknown {
            Terminal.say("  \(Terminal.paint(words(.giveResource), .dim))")
        }
        if let recipient = report.result(of: .recipient), recipient.status == .unknown || recipient.status == .skipped {
            Terminal.say("  \(Terminal.paint(words(.recipientUnconfirmed), .red))")
        }
        if requireTrust, report.result(of: .trust)?.status == .warn {
            Terminal.say("  \(Terminal.paint(words(.untrustedRefused), .red))")
        }
    }
}
