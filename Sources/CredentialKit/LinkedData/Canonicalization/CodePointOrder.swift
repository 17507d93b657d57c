/// Unicode code point order over UTF-8 bytes, the order RDFC-1.0 sorts hashes, paths and lines in.
///
/// UTF-8 was designed so that comparing encoded bytes gives code point order; Swift's
/// `String <` compares by canonical equivalence instead, which RDFC-1.0 does not use.
enum CodePointOrder {
    /// True when `lhs` sorts strictly before `rhs`.
    static func less(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in
                let common = min(left.count, right.count)
                var index = 0
                while index < common {
                    if left[index] != right[index] { return left[index] < right[index] }
                    index += 1
                }
                return left.count < right.count
            }
        }
    }
}
