/// RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation 2024): relabels blank
/// nodes deterministically and serializes the dataset as sorted canonical N-Quads.
///
/// Two isomorphic datasets canonicalize to the same ``CanonicalDataset/nquads``, which
/// is what Data Integrity `*-rdfc-2022` cryptosuites hash and sign.
///
/// Some datasets (many blank nodes that look alike) take exponential time to label; the
/// ``Limits`` stop such work early and throw `.canonicalizationLimitExceeded`, as
/// RDFC-1.0 §4.4 and its security considerations require.
///
/// ```swift
/// let canonical = try RDFCanonicalizer().canonicalize(try NQuads.parse(text))
/// let digest = Digest.sha256.hash(canonical.nquads)
/// ```
package struct RDFCanonicalizer: Sendable {
    /// Bounds on the work spent labelling blank nodes that first-degree hashes do not tell apart.
    ///
    /// Datasets whose blank nodes all differ in their own quads (typical credentials)
    /// never reach these limits; they guard against crafted inputs ("poison graphs").
    package struct Limits: Sendable, Hashable {
        /// The most calls of the Hash N-Degree Quads algorithm (§4.8) in one canonicalization.
        package var maxHashNDegreeCalls: Int
        /// The most steps of N-degree hashing: one per related blank node hashed, one per
        /// permutation tried, one per blank node placed on a path, and one per 32 identifiers
        /// copied for a permutation.
        package var maxWorkSteps: Int
        /// The deepest nesting of Hash N-Degree Quads calls, which follow chains of look-alike blank nodes.
        package var maxRecursionDepth: Int

        package init(maxHashNDegreeCalls: Int, maxWorkSteps: Int, maxRecursionDepth: Int) {
            self.maxHashNDegreeCalls = maxHashNDegreeCalls
            self.maxWorkSteps = maxWorkSteps
            self.maxRecursionDepth = maxRecursionDepth
        }

        /// Five to ten times what the hardest W3C conformance tests need (468 calls, 9,048 steps,
        /// depth 7), and far beyond typical credentials (none to a few calls); a release build
        /// refuses poison graphs within about a tenth of a second.
        package static let `default` = Limits(maxHashNDegreeCalls: 5_000, maxWorkSteps: 50_000, maxRecursionDepth: 64)
    }

    /// The digest the algorithm hashes with (SHA-256 unless a cryptosuite says otherwise).
    package let hashAlgorithm: Digest
    package let limits: Limits

    package init(hashAlgorithm: Digest = .sha256, limits: Limits = .default) {
        self.hashAlgorithm = hashAlgorithm
        self.limits = limits
    }

    /// Canonicalizes a dataset.
    ///
    /// - Parameter dataset: the quads; duplicates are removed, their order does not matter.
    /// - Returns: the relabelled quads, their canonical N-Quads, and the labels issued.
    /// - Throws: ``CredentialKitError`` `.canonicalizationLimitExceeded` when ``limits`` are
    ///   reached, and `.invalidRDFDataset` for a quad that is not RDF (a non-IRI predicate, a
    ///   literal subject or graph name) or has no unambiguous canonical form (a relative IRI,
    ///   an IRI with a space or `<>"{}|^`\`, a malformed language tag).
    package func canonicalize(_ dataset: RDFDataset) throws -> CanonicalDataset {
        var state = CanonicalizationState(try IndexedDataset(dataset), hashAlgorithm: hashAlgorithm, limits: limits)
        try state.issueCanonicalIdentifiers()
        return state.canonicalDataset()
    }
}

/// The result of ``RDFCanonicalizer/canonicalize(_:)``.
///
/// Compare canonical forms by their UTF-8 bytes (`Array(nquads.utf8)`) or by a digest of
/// them, never with `String ==`, which treats canonically equivalent text as equal.
package struct CanonicalDataset: Sendable {
    /// The distinct quads with blank nodes relabelled `c14n0`, `c14n1`, …, in the order of ``nquads``.
    package let quads: [RDFQuad]
    /// The canonical N-Quads document: one line per quad, sorted in code point order.
    package let nquads: String
    /// The canonical label (e.g. `c14n0`) issued to each input blank node label, labels without `_:`.
    package let issuedIdentifiers: [String: String]
}
