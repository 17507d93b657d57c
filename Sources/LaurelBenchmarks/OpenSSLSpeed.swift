import Foundation

/// Runs `openssl speed` and reads the sign/s and verify/s columns of its summary table.
enum OpenSSLSpeed {
    /// Operations per second OpenSSL reports for one algorithm.
    struct Rates {
        let sign: Double
        let verify: Double
    }

    /// `openssl speed -seconds <seconds> <algorithms…>`, keyed by the `openssl speed` algorithm name;
    /// empty when the tool is missing or prints nothing we recognize.
    static func measure(_ algorithms: [String], seconds: Int) -> [String: Rates] {
        guard let output = run(["speed", "-seconds", String(seconds)] + algorithms) else { return [:] }
        return parse(output)
    }

    /// Reads the summary lines, e.g. `rsa 2048 bits 0.000758s 0.000022s   1319.0  44976.0`.
    static func parse(_ output: String) -> [String: Rates] {
        let labels = ["rsa2048": "rsa 2048 bits", "ecdsap256": "ecdsa (nistp256)", "ed25519": "EdDSA (Ed25519)"]
        var rates: [String: Rates] = [:]
        for line in output.split(separator: "\n") {
            guard let (name, _) = labels.first(where: { line.contains($0.value) }) else { continue }
            let numbers = line.split(separator: " ").compactMap { Double($0) }
            guard numbers.count >= 2 else { continue }
            rates[name] = Rates(sign: numbers[numbers.count - 2], verify: numbers[numbers.count - 1])
        }
        return rates
    }

    private static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
