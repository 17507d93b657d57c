/// An RDF dataset prepared for canonicalization: blank nodes numbered in order of first
/// mention, every other term serialized once into one shared byte buffer, and duplicate
/// quads dropped.
///
/// Hashing writes the same quads many times with different blank node labels; keeping
/// IRIs and literals as ready-made canonical N-Quads bytes in one buffer makes each
/// write a copy, with no allocation per term.
struct IndexedDataset: Sendable {
    /// A term of a quad: canonical N-Quads bytes in ``storage``, or a numbered blank node
    /// whose label is chosen when the quad is written.
    enum Term: Sendable {
        case fixed(Range<Int>)
        case blankNode(Int)
    }

    struct Quad: Sendable {
        var subject: Term
        /// `<iri>` in ``storage``; predicates are always IRIs.
        var predicate: Range<Int>
        var object: Term
        var graph: Term?
    }

    /// The serialized IRIs and literals that ``Term/fixed(_:)`` and ``Quad/predicate`` point into.
    private(set) var storage: [UInt8] = []
    /// The distinct quads, in input order.
    private(set) var distinctQuads: [RDFQuad] = []
    /// ``distinctQuads``, prepared for writing.
    private(set) var quads: [Quad] = []
    /// Each blank node's input label, by number.
    private(set) var labels: [String] = []
    /// Each blank node's number, by input label.
    private var numbers: [String: Int] = [:]
    /// For each blank node, the indices into ``quads`` of the quads that mention it (each quad once).
    private(set) var mentions: [[Int]] = []

    /// Indexes `dataset`.
    ///
    /// - Throws: ``CredentialKitError`` `.invalidRDFDataset` when a predicate is not an IRI,
    ///   a subject or graph name is a literal, or a term cannot be written unambiguously.
    init(_ dataset: RDFDataset) throws {
        storage.reserveCapacity(dataset.count * 96)
        quads.reserveCapacity(dataset.count)
        // Where each quad's IRIs and literals were written in `storage`, back to back.
        var regions: [Range<Int>] = []
        regions.reserveCapacity(dataset.count)
        for (offset, quad) in dataset.enumerated() {
            guard case .iri(let predicate) = quad.predicate else {
                throw CredentialKitError(.invalidRDFDataset, "quad \(offset + 1) of the dataset has a predicate that is not an IRI")
            }
            if case .literal = quad.subject {
                throw CredentialKitError(.invalidRDFDataset, "quad \(offset + 1) of the dataset has a literal as its subject")
            }
            if case .literal = quad.graph {
                throw CredentialKitError(.invalidRDFDataset, "quad \(offset + 1) of the dataset has a literal as its graph name")
            }
            // Every term is checked, even one that looks like the previous quad's: Swift's `==`
            // treats canonically equivalent strings as equal ("≮" and "<\u{338}"), bytes may differ.
            try Self.checkWritable(quad.predicate, quad: offset)
            try Self.checkWritable(quad.subject, quad: offset)
            try Self.checkWritable(quad.object, quad: offset)
            if let graph = quad.graph { try Self.checkWritable(graph, quad: offset) }
            let predicateStart = storage.count
            NQuadsSerializer.appendIRI(predicate, to: &storage)
            let predicateRange = predicateStart..<storage.count
            let subject = index(quad.subject)
            let object = index(quad.object)
            let graph = quad.graph.map { index($0) }
            quads.append(Quad(subject: subject, predicate: predicateRange, object: object, graph: graph))
            regions.append(predicateStart..<storage.count)
        }
        distinctQuads = dataset
        removeDuplicateQuads(regions: regions)
        for (quadIndex, quad) in quads.enumerated() {
            func mention(_ term: Term?) {
                if case .blankNode(let node)? = term, mentions[node].last != quadIndex { mentions[node].append(quadIndex) }
            }
            mention(quad.subject)
            mention(quad.object)
            mention(quad.graph)
        }
    }

    /// Numbers a blank node, or serializes any other term into ``storage``.
    private mutating func index(_ term: RDFTerm) -> Term {
        guard case .blankNode(let label) = term else {
            let start = storage.count
            NQuadsSerializer.appendTerm(term, to: &storage)
            return .fixed(start..<storage.count)
        }
        if let number = numbers[label] { return .blankNode(number) }
        let number = labels.count
        numbers[label] = number
        labels.append(label)
        mentions.append([])
        return .blankNode(number)
    }

    /// Throws unless `term` has exactly one canonical N-Quads form that reads back as the same
    /// term: IRIs (and datatypes) absolute with no characters `IRIREF` forbids, language tags well formed.
    ///
    /// Without this, two different datasets could share a canonical form, and so a signature.
    private static func checkWritable(_ term: RDFTerm, quad offset: Int) throws {
        switch term {
        case .iri(let iri) where !NQuadsSyntax.isWritableAbsoluteIRI(iri):
            throw CredentialKitError(.invalidRDFDataset,
                "quad \(offset + 1) of the dataset has the IRI \"\(iri)\", which is relative or contains a character N-Quads forbids in IRIs (a control, space, or <>\"{}|^`\\)")
        case .literal(let literal):
            if let language = literal.language, literal.datatype == RDFLiteral.rdfLangString {
                guard NQuadsSyntax.isLanguageTag(language) else {
                    throw CredentialKitError(.invalidRDFDataset, "quad \(offset + 1) of the dataset has the malformed language tag \"\(language)\"")
                }
            } else if literal.datatype != RDFLiteral.xsdString {
                try checkWritable(.iri(literal.datatype), quad: offset)
            }
        default:
            return
        }
    }

    /// Drops every quad that repeats an earlier one, keeping input order.
    ///
    /// Two quads are equal exactly when the bytes of their IRIs and literals (`regions`,
    /// written in the same term order) are equal and their terms have the same shape: the
    /// same blank node, or a serialized term of the same length, at each position. Quads
    /// are compared only when their fingerprints match.
    private mutating func removeDuplicateQuads(regions: [Range<Int>]) {
        guard quads.count > 1 else { return }
        var fingerprints: [(fingerprint: UInt64, index: Int)] = []
        fingerprints.reserveCapacity(quads.count)
        storage.withUnsafeBufferPointer { storage in
            for (index, quad) in quads.enumerated() {
                var hash = Fingerprint()
                hash.combine(UnsafeBufferPointer(rebasing: storage[regions[index]]))
                hash.combine(Self.shape(quad.subject))
                hash.combine(Self.shape(quad.object))
                hash.combine(Self.shape(quad.graph))
                fingerprints.append((hash.value, index))
            }
        }
        fingerprints.sort { $0.fingerprint < $1.fingerprint || ($0.fingerprint == $1.fingerprint && $0.index < $1.index) }
        func same(_ lhs: Int, _ rhs: Int) -> Bool {
            let (left, right) = (quads[lhs], quads[rhs])
            return Self.shape(left.subject) == Self.shape(right.subject)
                && Self.shape(left.object) == Self.shape(right.object)
                && Self.shape(left.graph) == Self.shape(right.graph)
                && storage[regions[lhs]] == storage[regions[rhs]]
        }
        var drop = Set<Int>()
        var runStart = 0
        for position in fingerprints.indices.dropFirst() {
            guard fingerprints[position].fingerprint == fingerprints[runStart].fingerprint else {
                runStart = position
                continue
            }
            let index = fingerprints[position].index
            if fingerprints[runStart..<position].contains(where: { !drop.contains($0.index) && same($0.index, index) }) {
                drop.insert(index)
            }
        }
        guard !drop.isEmpty else { return }
        quads = quads.indices.filter { !drop.contains($0) }.map { quads[$0] }
        distinctQuads = distinctQuads.indices.filter { !drop.contains($0) }.map { distinctQuads[$0] }
    }

    /// A term's shape for duplicate detection: a blank node's number (as a negative), a
    /// serialized term's length, or `Int.min` for a missing graph name.
    private static func shape(_ term: Term?) -> Int {
        switch term {
        case .blankNode(let node)?: -1 - node
        case .fixed(let range)?: range.count
        case nil: Int.min
        }
    }

    /// Appends quad `index` as a canonical N-Quads line, writing each blank node with `writeBlankNode`.
    func appendLine(_ index: Int, to out: inout [UInt8], writeBlankNode: (Int, inout [UInt8]) -> Void) {
        let quad = quads[index]
        storage.withUnsafeBufferPointer { storage in
            func append(_ term: Term) {
                switch term {
                case .fixed(let range): out.append(contentsOf: UnsafeBufferPointer(rebasing: storage[range]))
                case .blankNode(let node): writeBlankNode(node, &out)
                }
                out.append(UInt8(ascii: " "))
            }
            append(quad.subject)
            append(.fixed(quad.predicate))
            append(quad.object)
            if let graph = quad.graph { append(graph) }
        }
        NQuadsSerializer.appendLineEnd(to: &out)
    }

    /// Appends the predicate of quad `index` (`<iri>`) to `out`.
    func appendPredicate(of index: Int, to out: inout [UInt8]) {
        out.append(contentsOf: storage[quads[index].predicate])
    }
}

extension CredentialKitError.Code {
    /// A dataset that is not RDF (a predicate that is not an IRI, a literal subject or graph
    /// name), or that has a term with no unambiguous N-Quads form (a relative IRI, an IRI with
    /// a space or `<>"{}|^`\`, a malformed language tag).
    package static let invalidRDFDataset = Self("invalidRDFDataset")
}

/// A fast, non-cryptographic 64-bit hash for finding candidate duplicates: FNV-1a's
/// constants, mixing eight bytes at a time.
private struct Fingerprint {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ bytes: UnsafeBufferPointer<UInt8>) {
        let raw = UnsafeRawBufferPointer(bytes)
        var offset = 0
        while offset + 8 <= raw.count {
            mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        while offset < raw.count {
            tail = tail << 8 | UInt64(raw[offset])
            offset += 1
        }
        mix(tail ^ UInt64(raw.count) << 56)
    }

    mutating func combine(_ number: Int) {
        mix(UInt64(bitPattern: Int64(number)))
    }

    private mutating func mix(_ word: UInt64) {
        value = (value ^ word) &* 0x0000_0100_0000_01b3
        value ^= value >> 29
    }
}
