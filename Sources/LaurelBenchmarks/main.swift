// LaurelBenchmarks: `swift run -c release LaurelBenchmarks [suite]` runs every suite, or the one named.
import Foundation

let requested = CommandLine.arguments.dropFirst().first
let chosen = requested.map { name in allBenchmarkSuites.filter { $0.name == name } } ?? allBenchmarkSuites

if chosen.isEmpty {
    let names = allBenchmarkSuites.map(\.name).joined(separator: ", ")
    print("unknown benchmark suite \"\(requested ?? "")\"; available: \(names)")
    exit(2)
}
for suite in chosen {
    print("== \(suite.name): \(suite.summary)")
    do {
        try suite.run()
    } catch {
        print("\(suite.name) failed: \(error)")
        exit(1)
    }
}
