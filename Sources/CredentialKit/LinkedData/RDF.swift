/// The RDF data model that JSON-LD produces and RDFC-1.0 canonicalizes.

/// An RDF term: an IRI, a blank node (by its label, without `_:`), or a literal.
package enum RDFTerm: Hashable, Sendable {
    case iri(String)
    case blankNode(String)
    case literal(RDFLiteral)

    package var isBlankNode: Bool { if case .blankNode = self { true } else { false } }
}

/// An RDF literal: a lexical form with a datatype IRI, and a language tag for
/// `rdf:langString` (the datatype is then `http://www.w3.org/1999/02/22-rdf-syntax-ns#langString`).
package struct RDFLiteral: Hashable, Sendable {
    package var lexicalForm: String
    package var datatype: String
    package var language: String?

    package static let xsdString = "http://www.w3.org/2001/XMLSchema#string"
    package static let rdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

    package init(_ lexicalForm: String, datatype: String = RDFLiteral.xsdString, language: String? = nil) {
        self.lexicalForm = lexicalForm
        self.language = language
        self.datatype = language == nil ? datatype : RDFLiteral.rdfLangString
    }
}

/// One statement: subject, predicate, object, and the graph it belongs to (nil = the default graph).
package struct RDFQuad: Hashable, Sendable {
    package var subject: RDFTerm
    package var predicate: RDFTerm
    package var object: RDFTerm
    package var graph: RDFTerm?

    package init(subject: RDFTerm, predicate: RDFTerm, object: RDFTerm, graph: RDFTerm? = nil) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.graph = graph
    }
}

/// An RDF dataset: a set of quads (duplicates carry no meaning and are ignored by canonicalization).
package typealias RDFDataset = [RDFQuad]
