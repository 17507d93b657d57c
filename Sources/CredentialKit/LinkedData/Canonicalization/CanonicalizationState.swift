/// The RDFC-1.0 canonicalization state (§4.2) and the algorithms that fill in its canonical issuer:
/// the main algorithm (§4.4), Hash First Degree Quads (§4.6), Hash Related Blank Node (§4.7)
/// and Hash N-Degree Quads (§4.8).
///
/// Hashes, paths and lines are UTF-8 byte arrays compared in ``CodePointOrder``; blank
/// nodes are the numbers ``IndexedDataset`` gave them.
struct CanonicalizationState {
    let dataset: IndexedDataset
    let hashAlgorithm: Digest
    let limits: RDFCanonicalizer.Limits
    var canonicalIssuer = IdentifierIssuer(prefix: "c14n")
    /// Each blank node's first-degree hash, as lower-case hex.
    var firstDegreeHashes: [[UInt8]] = []
    /// Work done so far by Hash N-Degree Quads, checked against ``limits``.
    var hashNDegreeCalls = 0
    var workSteps = 0

    init(_ dataset: IndexedDataset, hashAlgorithm: Digest, limits: RDFCanonicalizer.Limits) {
        self.dataset = dataset
        self.hashAlgorithm = hashAlgorithm
        self.limits = limits
    }

    // MARK: Canonicalization algorithm (§4.4)

    /// Issues a canonical identifier to every blank node (§4.4.3 steps 2–5).
    mutating func issueCanonicalIdentifiers() throws {
        var hashes: [(hash: [UInt8], node: Int)] = []
        hashes.reserveCapacity(dataset.labels.count)
        firstDegreeHashes.reserveCapacity(dataset.labels.count)
        var scratch = LineBuffer()
        for node in dataset.labels.indices {
            let hash = hashFirstDegreeQuads(node, lines: &scratch)
            firstDegreeHashes.append(hash)
            hashes.append((hash, node))
        }
        let groups = CodePointOrder.groupedByHash(hashes)

        // Blank nodes with a unique first-degree hash are labelled in hash order.
        for group in groups where group.nodes.count == 1 {
            canonicalIssuer.issue(group.nodes[0])
        }

        // The rest are told apart by their N-degree hashes.
        for (_, nodes) in groups where nodes.count > 1 {
            var results: [(hash: [UInt8], issuer: IdentifierIssuer)] = []
            for node in nodes where canonicalIssuer.counter(for: node) == nil {
                var issuer = IdentifierIssuer(prefix: "b")
                issuer.issue(node)
                let hash = try hashNDegreeQuads(node, issuer: &issuer, depth: 1)
                results.append((hash, issuer))
            }
            // Equal hashes keep input order, so the issued identifiers map is reproducible.
            let ordered = results.enumerated().sorted { lhs, rhs in
                CodePointOrder.less(lhs.element.hash, rhs.element.hash)
                    || (lhs.element.hash == rhs.element.hash && lhs.offset < rhs.offset)
            }
            for result in ordered {
                for node in result.element.issuer.issuedOrder {
                    canonicalIssuer.issue(node)
                }
            }
        }
    }

    /// The relabelled dataset, with its quads sorted by their canonical N-Quads lines (§4.4.3 step 6).
    func canonicalDataset() -> CanonicalDataset {
        var labels = [String](repeating: "", count: dataset.labels.count)
        for (counter, node) in canonicalIssuer.issuedOrder.enumerated() {
            labels[node] = canonicalIssuer.identifier(counter)
        }
        var lines = LineBuffer(capacity: dataset.storage.count + dataset.quads.count * 16)
        for index in dataset.quads.indices {
            lines.startLine()
            dataset.appendLine(index, to: &lines.bytes) { node, out in
                NQuadsSerializer.appendBlankNode(labels[node], to: &out)
            }
        }
        let order = lines.sortedLineIndices()
        let quads = order.map { relabelledQuad($0, labels: labels) }
        let document = lines.joined(order)
        var issued: [String: String] = [:]
        for (node, label) in dataset.labels.enumerated() {
            issued[label] = labels[node]
        }
        return CanonicalDataset(quads: quads, nquads: String(decoding: document, as: UTF8.self), issuedIdentifiers: issued)
    }

    private func relabelledQuad(_ index: Int, labels: [String]) -> RDFQuad {
        var quad = dataset.distinctQuads[index]
        let indexed = dataset.quads[index]
        if case .blankNode(let node) = indexed.subject { quad.subject = .blankNode(labels[node]) }
        if case .blankNode(let node) = indexed.object { quad.object = .blankNode(labels[node]) }
        if case .blankNode(let node)? = indexed.graph { quad.graph = .blankNode(labels[node]) }
        return quad
    }
}
