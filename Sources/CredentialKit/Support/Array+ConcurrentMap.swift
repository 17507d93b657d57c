import Foundation

extension Array where Element: Sendable {
    /// `transform` of every element, as many at once as there are cores (or `width`), the
    /// results in the elements' order. For work of many independent items — files to verify —
    /// that would otherwise leave all but one core idle.
    package func concurrentMap<Result: Sendable>(
        width: Int = ProcessInfo.processInfo.activeProcessorCount,
        _ transform: @escaping @Sendable (Element) async -> Result
    ) async -> [Result] {
        var results = [Result?](repeating: nil, count: count)
        await withTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func start() {
                guard next < count else { return }
                let index = next
                let element = self[index]
                next += 1
                group.addTask { (index, await transform(element)) }
            }
            for _ in 0..<Swift.max(1, width) { start() }
            while let (index, result) = await group.next() {
                results[index] = result
                start()
            }
        }
        // Every index was started and finished above.
        return results.compactMap { $0 }
    }
}
