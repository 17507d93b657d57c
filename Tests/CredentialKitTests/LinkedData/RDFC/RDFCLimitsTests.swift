import Foundation
import Testing
@testable import CredentialKit

/// Poison graphs: datasets crafted so that RDFC-1.0 would run for hours. Each must be
/// refused with `.canonicalizationLimitExceeded` in bounded time.
@Suite("RDFC-1.0 limits")
struct RDFCLimitsTests {
    static let p = RDFTerm.iri("http://example.org/p")
    /// Generous for a debug build on a busy machine; release builds refuse these in well under a second.
    static let timeBound = Duration.seconds(20)

    /// Canonicalizes with `limits`, expecting a refusal within ``timeBound``; returns the reason.
    @discardableResult
    static func expectRefusal(_ dataset: RDFDataset, limits: RDFCanonicalizer.Limits = .default,
                              sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try RDFCanonicalizer(limits: limits).canonicalize(dataset)
            Issue.record("canonicalized instead of refusing", sourceLocation: sourceLocation)
            return nil
        } catch let error as CredentialKitError {
            let elapsed = clock.now - start
            #expect(error.code == .canonicalizationLimitExceeded, "\(error)", sourceLocation: sourceLocation)
            #expect(elapsed < timeBound, "took \(elapsed)", sourceLocation: sourceLocation)
            return error.reason
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test("1,000 identical 10-node stars (10,000 blank nodes) are refused")
    func manyIsomorphicStars() {
        var dataset: RDFDataset = []
        for star in 0..<1_000 {
            for leaf in 0..<9 {
                dataset.append(RDFQuad(subject: .blankNode("hub\(star)"), predicate: Self.p, object: .blankNode("leaf\(star)-\(leaf)")))
            }
        }
        let reason = Self.expectRefusal(dataset)
        #expect(reason?.contains("too many blank nodes that look alike") == true)
        #expect(reason?.contains("10000 blank nodes") == true)
    }

    @Test("A ring of 10,000 blank nodes is refused for recursing too deep, without overflowing the stack")
    func longRing() {
        let size = 10_000
        let dataset = (0..<size).map {
            RDFQuad(subject: .blankNode("r\($0)"), predicate: Self.p, object: .blankNode("r\(($0 + 1) % size)"))
        }
        #expect(Self.expectRefusal(dataset)?.contains("levels deep") == true)
    }

    @Test("2,500 identical 4-node rings (10,000 blank nodes) are refused")
    func manyIsomorphicRings() {
        var dataset: RDFDataset = []
        for ring in 0..<2_500 {
            for node in 0..<4 {
                dataset.append(RDFQuad(subject: .blankNode("r\(ring)-\(node)"), predicate: Self.p, object: .blankNode("r\(ring)-\((node + 1) % 4)")))
            }
        }
        Self.expectRefusal(dataset)
    }

    @Test("A 40-node clique of blank nodes is refused")
    func clique() {
        var dataset: RDFDataset = []
        for from in 0..<40 {
            for to in 0..<40 {
                dataset.append(RDFQuad(subject: .blankNode("c\(from)"), predicate: Self.p, object: .blankNode("c\(to)")))
            }
        }
        #expect(Self.expectRefusal(dataset)?.contains("steps") == true)
    }

    @Test("Each limit is enforced on its own")
    func eachLimit() throws {
        // Two look-alike blank nodes pointing at each other need two N-degree calls at depth 2.
        let pair: RDFDataset = [
            RDFQuad(subject: .blankNode("x"), predicate: Self.p, object: .blankNode("y")),
            RDFQuad(subject: .blankNode("y"), predicate: Self.p, object: .blankNode("x")),
        ]
        let roomy = RDFCanonicalizer.Limits(maxHashNDegreeCalls: 100, maxWorkSteps: 100, maxRecursionDepth: 10)
        let canonical = try RDFCanonicalizer(limits: roomy).canonicalize(pair)
        #expect(canonical.nquads == "_:c14n0 <http://example.org/p> _:c14n1 .\n_:c14n1 <http://example.org/p> _:c14n0 .\n")

        var tight = roomy
        tight.maxHashNDegreeCalls = 1
        #expect(Self.expectRefusal(pair, limits: tight)?.contains("called more than 1 times") == true)
        tight = roomy
        tight.maxWorkSteps = 1
        #expect(Self.expectRefusal(pair, limits: tight)?.contains("more than 1 steps") == true)
        tight = roomy
        tight.maxRecursionDepth = 1
        #expect(Self.expectRefusal(pair, limits: tight)?.contains("more than 1 levels deep") == true)
    }

    @Test("Datasets with unique blank nodes never touch the limits")
    func uniqueNodesNeedNoBudget() throws {
        let none = RDFCanonicalizer.Limits(maxHashNDegreeCalls: 0, maxWorkSteps: 0, maxRecursionDepth: 0)
        let canonical = try RDFCanonicalizer(limits: none).canonicalize([
            RDFQuad(subject: .blankNode("x"), predicate: Self.p, object: .literal(RDFLiteral("1"))),
            RDFQuad(subject: .blankNode("y"), predicate: Self.p, object: .blankNode("x")),
        ])
        #expect(canonical.issuedIdentifiers.count == 2)
    }

    @Test("A credential-like dataset with six look-alike blank nodes fits the default limits")
    func lookAlikeSiblingsFit() throws {
        #expect(throws: Never.self) { try RDFCanonicalizer().canonicalize(RDFCanonicalizerTests.badge) }
    }
}
