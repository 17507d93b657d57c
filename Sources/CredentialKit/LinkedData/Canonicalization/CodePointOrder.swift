#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Unicode code point order over UTF-8 bytes, the order RDFC-1.0 sorts hashes, paths and lines in.
///
/// UTF-8 was designed so that comparing encoded bytes gives code point order; Swift's
/// `String <` compares by canonical equivalence instead, which RDFC-1.0 does not use.
enum CodePointOrder {
    /// True when `lhs` sorts strictly before `rhs`.
    static func less(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in less(left, right) }
        }
    }

    /// True when `lhs` sorts strictly before `rhs`.
    static func less(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// Negative when `lhs` sorts first, zero when equal, positive when `rhs` sorts first.
    static func compare(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(lhs.count, rhs.count)
        if common > 0, let left = lhs.baseAddress, let right = rhs.baseAddress {
            let order = memcmp(left, right, common)
            if order != 0 { return Int(order) }
        }
        return lhs.count - rhs.count
    }
}

extension CodePointOrder {
    /// Groups blank nodes by hash, groups in code point order of their hashes, and each
    /// group's nodes in the order given.
    static func groupedByHash(_ pairs: [(hash: [UInt8], node: Int)]) -> [(hash: [UInt8], nodes: [Int])] {
        let sorted = pairs.enumerated().sorted { lhs, rhs in
            if less(lhs.element.hash, rhs.element.hash) { return true }
            return lhs.offset < rhs.offset && !less(rhs.element.hash, lhs.element.hash)
        }
        var groups: [(hash: [UInt8], nodes: [Int])] = []
        for (_, pair) in sorted {
            if let last = groups.indices.last, groups[last].hash == pair.hash {
                groups[last].nodes.append(pair.node)
            } else {
                groups.append((pair.hash, [pair.node]))
            }
        }
        return groups
    }
}
