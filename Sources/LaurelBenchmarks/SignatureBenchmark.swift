import CredentialKit
import Foundation

/// Sign and verify throughput of ``PrivateKey``/``PublicKey`` next to `openssl speed` on the same machine.
enum SignatureBenchmark {
    static let suite = BenchmarkSuite(
        name: "signature",
        summary: "sign/s and verify/s for Ed25519, P-256 and RSA-2048, ours against `openssl speed`",
        run: run
    )

    /// One row of the comparison: our algorithm, its `openssl speed` name, and how to make a key.
    private struct Case {
        let label: String
        let openSSLName: String
        let algorithm: KeyAlgorithm
    }

    private static let cases = [
        Case(label: "ed25519", openSSLName: "ed25519", algorithm: .ed25519),
        Case(label: "p256", openSSLName: "ecdsap256", algorithm: .p256),
        Case(label: "rsa2048", openSSLName: "rsa2048", algorithm: .rsa),
    ]

    /// Rounds per algorithm; each figure is the best round, which filters out other load on a shared machine.
    static let rounds = 2

    static func run() throws {
        // A 64-byte message, shaped like a Data Integrity combined hash (proof hash ‖ document hash).
        let message = SecureRandom.bytes(64)
        var ours: [String: (sign: Double, verify: Double)] = [:]
        var reference: [String: OpenSSLSpeed.Rates] = [:]
        for benchmark in cases {
            let key = try PrivateKey.generate(benchmark.algorithm)
            let publicKey = key.publicKey
            let signature = try key.sign(message)
            guard publicKey.isValidSignature(signature, for: message) else {
                throw BenchmarkFailure(message: "\(benchmark.label): a fresh signature did not verify")
            }
            // Ours and OpenSSL's alternate, so both see the same background load.
            for _ in 0..<rounds {
                let signRate = try operationsPerSecond(seconds: secondsPerMeasurement) { _ = try key.sign(message) }
                var allValid = true
                let verifyRate = operationsPerSecond(seconds: secondsPerMeasurement) {
                    allValid = allValid && publicKey.isValidSignature(signature, for: message)
                }
                guard allValid else { throw BenchmarkFailure(message: "\(benchmark.label): verification failed while measuring") }
                let best = ours[benchmark.label] ?? (0, 0)
                ours[benchmark.label] = (max(best.sign, signRate), max(best.verify, verifyRate))

                let seconds = max(1, Int(secondsPerMeasurement.rounded()))
                if let rates = OpenSSLSpeed.measure([benchmark.openSSLName], seconds: seconds)[benchmark.openSSLName] {
                    let previous = reference[benchmark.openSSLName] ?? OpenSSLSpeed.Rates(sign: 0, verify: 0)
                    reference[benchmark.openSSLName] = OpenSSLSpeed.Rates(
                        sign: max(previous.sign, rates.sign), verify: max(previous.verify, rates.verify))
                }
            }
        }
        printTable(ours: ours, reference: reference)
    }

    private static func printTable(ours: [String: (sign: Double, verify: Double)], reference: [String: OpenSSLSpeed.Rates]) {
        func cell(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        func rate(_ value: Double?) -> String { value.map { String(format: "%.0f", $0) } ?? "-" }
        func ratio(_ value: Double, _ base: Double?) -> String {
            guard let base, base > 0 else { return "-" }
            return String(format: "%.0f%%", 100 * value / base)
        }
        let header = ["algorithm", "ours sign/s", "openssl sign/s", "ratio", "ours verify/s", "openssl verify/s", "ratio"]
        let widths = [10, 12, 15, 7, 14, 17, 7]
        print(zip(header, widths).map { cell($0, $1) }.joined(separator: " "))
        for benchmark in cases {
            guard let measured = ours[benchmark.label] else { continue }
            let openssl = reference[benchmark.openSSLName]
            let row = [
                benchmark.label, rate(measured.sign), rate(openssl?.sign), ratio(measured.sign, openssl?.sign),
                rate(measured.verify), rate(openssl?.verify), ratio(measured.verify, openssl?.verify),
            ]
            print(zip(row, widths).map { cell($0, $1) }.joined(separator: " "))
        }
        print("(operations per second of CPU time, as `openssl speed` counts them; best of \(rounds) rounds)")
        if reference.isEmpty {
            print("(`openssl speed` was not available, so only our figures are shown)")
        }
    }
}

/// A benchmark that could not produce a meaningful figure.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
