/// The RDFC-1.0 identifier issuer (§4.5): hands out `prefix0`, `prefix1`, … to blank nodes
/// in the order first asked, and remembers that order.
///
/// Blank nodes are the canonicalizer's numbers, not labels. Copying an issuer (as the
/// Hash N-Degree Quads algorithm does for each permutation) copies only what it has issued;
/// a small issuer is searched directly, a large one through a dictionary.
struct IdentifierIssuer: Sendable {
    /// `c14n` for the canonical issuer, `b` for temporary ones.
    let prefix: [UInt8]
    /// Blank nodes in the order their identifiers were issued.
    private(set) var issuedOrder: [Int] = []
    /// Each node's counter, kept only once more than ``linearSearchLimit`` are issued.
    private var counters: [Int: Int] = [:]
    private static let linearSearchLimit = 16

    init(prefix: String) {
        self.prefix = Array(prefix.utf8)
    }

    /// The counter issued to `node`, if any (the identifier is `prefix` followed by it).
    func counter(for node: Int) -> Int? {
        issuedOrder.count <= Self.linearSearchLimit ? issuedOrder.firstIndex(of: node) : counters[node]
    }

    /// Issues an identifier to `node` if it has none; returns its counter either way.
    @discardableResult
    mutating func issue(_ node: Int) -> Int {
        if let existing = counter(for: node) { return existing }
        let counter = issuedOrder.count
        issuedOrder.append(node)
        if issuedOrder.count > Self.linearSearchLimit {
            if counters.isEmpty {
                for (issued, node) in issuedOrder.enumerated() { counters[node] = issued }
            } else {
                counters[node] = counter
            }
        }
        return counter
    }

    /// Appends `_:` and the identifier with the given counter to `out`.
    func appendBlankNodeIdentifier(_ counter: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "_"))
        out.append(UInt8(ascii: ":"))
        appendIdentifier(counter, to: &out)
    }

    /// Appends the identifier with the given counter (`prefix` and decimal digits) to `out`.
    func appendIdentifier(_ counter: Int, to out: inout [UInt8]) {
        out.append(contentsOf: prefix)
        appendDecimal(counter, to: &out)
    }

    /// The identifier with the given counter, as a string (e.g. `c14n3`).
    func identifier(_ counter: Int) -> String {
        var out: [UInt8] = []
        appendIdentifier(counter, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
