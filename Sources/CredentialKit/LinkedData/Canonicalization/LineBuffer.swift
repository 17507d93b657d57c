/// N-Quads lines written one after another into one byte buffer, to be sorted without
/// an allocation per line.
struct LineBuffer {
    /// Every line's bytes, back to back.
    var bytes: [UInt8] = []
    /// Where each line starts in ``bytes``.
    private var starts: [Int] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Marks the end of ``bytes`` as the start of a new line; append its bytes next.
    mutating func startLine() {
        starts.append(bytes.count)
    }

    /// Forgets every line, keeping the buffers' capacity for reuse.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
    }

    /// Line numbers in code point order of their bytes; equal lines keep their order.
    func sortedLineIndices() -> [Int] {
        bytes.withUnsafeBufferPointer { buffer in
            let lines = starts.indices.map { (index: $0, bytes: UnsafeBufferPointer(rebasing: buffer[range($0)])) }
            return lines.sorted { lhs, rhs in
                let order = CodePointOrder.compare(lhs.bytes, rhs.bytes)
                return order < 0 || (order == 0 && lhs.index < rhs.index)
            }.map(\.index)
        }
    }

    /// The lines in the order given, concatenated.
    func joined(_ order: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            for index in order { out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[range(index)])) }
        }
        return out
    }

    private func range(_ index: Int) -> Range<Int> {
        starts[index]..<(index + 1 < starts.count ? starts[index + 1] : bytes.count)
    }
}
