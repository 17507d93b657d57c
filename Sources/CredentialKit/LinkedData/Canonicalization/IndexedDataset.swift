/// An RDF dataset prepared for canonicalization: duplicate quads dropped, blank nodes
/// numbered in order of first mention, and every other term serialized once up front.
///
/// Hashing serializes the same quads many times with different blank node labels;
/// keeping IRIs and literals as ready-made canonical N-Quads bytes makes that a copy.
struct IndexedDataset: Sendable {
    /// A term of a quad: canonical N-Quads bytes, or a blank node whose label is chosen when written.
    enum Term: Sendable {
        case fixed([UInt8])
        case blankNode(Int)
    }

    struct Quad: Sendable {
        var subject: Term
        /// `<iri>`, as predicates are always IRIs.
        var predicate: [UInt8]
        var object: Term
        var graph: Term?
    }

    /// The distinct quads, in input order.
    private(set) var distinctQuads: [RDFQuad] = []
    /// ``distinctQuads``, prepared for writing.
    private(set) var quads: [Quad] = []
    /// Each blank node's input label, by number.
    private(set) var labels: [String] = []
    /// Each blank node's number, by input label.
    private(set) var numbers: [String: Int] = [:]
    /// For each blank node, the indices of the quads that mention it (each quad once).
    private(set) var mentions: [[Int]] = []

    /// Indexes `dataset`.
    ///
    /// - Throws: ``CredentialKitError`` `.invalidRDFDataset` when a predicate is not an IRI,
    ///   or a subject or graph name is a literal.
    init(_ dataset: RDFDataset) throws {
        var seen = Set<RDFQuad>(minimumCapacity: dataset.count)
        quads.reserveCapacity(dataset.count)
        for (offset, quad) in dataset.enumerated() where seen.insert(quad).inserted {
            guard case .iri(let predicate) = quad.predicate else {
                throw CredentialKitError(.invalidRDFDataset, "quad \(offset + 1) of the dataset has a predicate that is not an IRI")
            }
            if case .literal = quad.subject {
                throw CredentialKitError(.invalidRDFDataset, "quad \(offset + 1) of the dataset has a literal as its subject")
            }
            if case .literal = quad.graph {
                throw CredentialKitError(.invalidRDFDataset, "quad \(offset + 1) of the dataset has a literal as its graph name")
            }
            let index = quads.count
            func term(_ term: RDFTerm) -> Term {
                guard case .blankNode(let label) = term else {
                    var bytes: [UInt8] = []
                    NQuadsSerializer.appendTerm(term, to: &bytes)
                    return .fixed(bytes)
                }
                let number: Int
                if let existing = numbers[label] {
                    number = existing
                } else {
                    number = labels.count
                    numbers[label] = number
                    labels.append(label)
                    mentions.append([])
                }
                if mentions[number].last != index { mentions[number].append(index) }
                return .blankNode(number)
            }
            var predicateBytes: [UInt8] = []
            NQuadsSerializer.appendIRI(predicate, to: &predicateBytes)
            let subject = term(quad.subject)
            let object = term(quad.object)
            let graph = quad.graph.map(term)
            quads.append(Quad(subject: subject, predicate: predicateBytes, object: object, graph: graph))
            distinctQuads.append(quad)
        }
    }

    /// Appends quad `index` as a canonical N-Quads line, writing each blank node with `writeBlankNode`.
    func appendLine(_ index: Int, to out: inout [UInt8], writeBlankNode: (Int, inout [UInt8]) -> Void) {
        let quad = quads[index]
        func append(_ term: Term) {
            switch term {
            case .fixed(let bytes): out.append(contentsOf: bytes)
            case .blankNode(let node): writeBlankNode(node, &out)
            }
            out.append(UInt8(ascii: " "))
        }
        append(quad.subject)
        out.append(contentsOf: quad.predicate)
        out.append(UInt8(ascii: " "))
        append(quad.object)
        if let graph = quad.graph { append(graph) }
        NQuadsSerializer.appendLineEnd(to: &out)
    }
}

extension CredentialKitError.Code {
    /// A dataset that is not RDF: a predicate that is not an IRI, or a literal subject or graph name.
    public static let invalidRDFDataset = Self("invalidRDFDataset")
}
