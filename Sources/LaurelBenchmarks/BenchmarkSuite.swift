import Foundation

/// A named group of measurements; add a suite by writing a type and listing it in ``allBenchmarkSuites``.
struct BenchmarkSuite: Sendable {
    /// The name given on the command line to run only this suite.
    let name: String
    /// One line saying what the suite measures.
    let summary: String
    let run: @Sendable () throws -> Void
}

/// Every suite, in the order they run when no name is given.
let allBenchmarkSuites: [BenchmarkSuite] = [
    SignatureBenchmark.suite,
    CredentialBenchmark.suite,
    StatusBenchmark.suite,
    BatchBenchmark.suite,
    VerifyBenchmark.suite,
]

/// Seconds per measurement: 2, or `LAUREL_BENCHMARK_SECONDS` (shorter runs for profiling under valgrind).
let secondsPerMeasurement: Double = {
    let configured = ProcessInfo.processInfo.environment["LAUREL_BENCHMARK_SECONDS"].flatMap(Double.init)
    return configured.map { max(0.1, $0) } ?? 2
}()

/// Repeats `operation` for about `seconds` of wall time and returns how many times it ran per second of
/// this thread's CPU time.
///
/// CPU time, not wall time, is what `openssl speed` divides by (unless given `-elapsed`), so the two figures
/// stay comparable on a machine other work is also using. The clock is read once per batch of calls so that
/// reading it does not dominate quick operations.
func operationsPerSecond(seconds: Double, _ operation: () throws -> Void) rethrows -> Double {
    for _ in 0..<8 { try operation() }  // warm up caches and lazily created OpenSSL state
    let clock = ContinuousClock()
    let deadline = clock.now + .milliseconds(Int(seconds * 1000))
    let cpuStart = threadCPUSeconds()
    var count = 0
    var batch = 1
    while clock.now < deadline {
        for _ in 0..<batch { try operation() }
        count += batch
        batch = min(batch * 2, 256)
    }
    return Double(count) / max(threadCPUSeconds() - cpuStart, 1e-9)
}

/// CPU time (user and system) this thread has used, in seconds.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
