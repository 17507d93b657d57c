/// Deserialize JSON-LD to RDF (JSON-LD 1.1 API § 8.1): turns a node map into quads.
struct RDFSerializer {
    let rdfDirection: String?
    let produceGeneralizedRdf: Bool
    /// Data Integrity safe mode: an ill-formed IRI or language tag is an error instead of a silently missing statement.
    let safeMode: Bool

    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let xsd = "http://www.w3.org/2001/XMLSchema#"
    // The IRIs written for most values, built once rather than concatenated per quad.
    private static let rdfType = RDFTerm.iri(rdf + "type")
    private static let rdfFirst = RDFTerm.iri(rdf + "first")
    private static let rdfRest = RDFTerm.iri(rdf + "rest")
    private static let rdfNil = RDFTerm.iri(rdf + "nil")
    private static let rdfJSON = rdf + "JSON"
    private static let xsdBoolean = xsd + "boolean"
    private static let xsdDouble = xsd + "double"
    private static let xsdInteger = xsd + "integer"

    /// The quads of every graph in `nodeMap`, graphs and subjects in code point order.
    func dataset(from nodeMap: NodeMap, issuer: inout BlankNodeIssuer) throws -> RDFDataset {
        var dataset: RDFDataset = []
        for graphName in nodeMap.graphs.keys.sorted() {
            let graphTerm: RDFTerm?
            if graphName == "@default" {
                graphTerm = nil
            } else if try keeps(IRI.isWellFormedResource(graphName), "the graph name \"\(graphName)\"") {
                graphTerm = Self.resource(graphName)
            } else {
                continue
            }
            guard let graph = nodeMap.graphs[graphName] else { continue }
            for subject in graph.keys.sorted() where try keeps(IRI.isWellFormedResource(subject), "the node identifier \"\(subject)\"") {
                guard let position = graph[subject] else { continue }
                let node = nodeMap.nodes[position]
                let subjectTerm = Self.resource(subject)
                for type in node.types where try keeps(IRI.isWellFormedResource(type), "the type \"\(type)\"") {
                    dataset.append(RDFQuad(subject: subjectTerm, predicate: Self.rdfType, object: Self.resource(type), graph: graphTerm))
                }
                for property in node.properties.keys.sorted() {
                    guard let values = node.properties[property] else { continue }
                    if IRI.isKeyword(property) { continue }
                    if IRI.isBlankNode(property) && !produceGeneralizedRdf { continue }
                    guard try keeps(IRI.isWellFormedResource(property), "the property \"\(property)\"") else { continue }
                    let predicate = Self.resource(property)
                    for item in values {
                        var extra: [(RDFTerm, RDFTerm, RDFTerm)] = []
                        if let object = try objectTerm(item, extra: &extra, issuer: &issuer) {
                            dataset.append(RDFQuad(subject: subjectTerm, predicate: predicate, object: object, graph: graphTerm))
                        }
                        for (s, p, o) in extra {
                            dataset.append(RDFQuad(subject: s, predicate: p, object: o, graph: graphTerm))
                        }
                    }
                }
            }
        }
        return dataset
    }

    /// Whether to keep an item; in safe mode an ill-formed one is an error rather than silently left out.
    private func keeps(_ wellFormed: Bool, _ what: @autoclosure () -> String) throws -> Bool {
        if wellFormed { return true }
        guard safeMode else { return false }
        throw CredentialKitError(
            .invalidJSONLD, "safe mode: \(what()) is not well-formed, so its statement would be silently left out of the RDF")
    }

    private static func resource(_ identifier: String) -> RDFTerm {
        IRI.isBlankNode(identifier) ? .blankNode(String(identifier.dropFirst(2))) : .iri(identifier)
    }

    /// Object to RDF (§ 8.1.3); `extra` collects the triples of lists and compound literals.
    private func objectTerm(_ item: JSONValue, extra: inout [(RDFTerm, RDFTerm, RDFTerm)], issuer: inout BlankNodeIssuer) throws -> RDFTerm? {
        guard case .object(let object) = item else { return nil }
        let value = object["@value"]
        let listValue = object["@list"]
        if value == nil, listValue == nil {
            guard case .string(let id) = object["@id"], try keeps(IRI.isWellFormedResource(id), "the node reference \"\(id)\"") else {
                return nil
            }
            return Self.resource(id)
        }
        if case .array(let list) = listValue {
            return try listTerm(list, extra: &extra, issuer: &issuer)
        }
        guard let value else { return nil }
        var datatype = object["@type"]?.stringValue
        if let type = datatype, type != "@json", try !keeps(IRI.isWellFormed(type), "the datatype \"\(type)\"") { return nil }
        let language = object["@language"]?.stringValue
        if let language, try !keeps(Self.isWellFormedLanguage(language), "the language tag \"\(language)\"") { return nil }
        let lexical: String
        switch value {
        case _ where datatype == "@json":
            lexical = try value.canonicalString()
            datatype = Self.rdfJSON
        case .bool(let flag):
            lexical = flag ? "true" : "false"
            if datatype == nil { datatype = Self.xsdBoolean }
        case .number(let number):
            if number.rounded(.towardZero) != number || abs(number) >= 1e21 || datatype == Self.xsdDouble {
                lexical = XSDLexical.double(number)
                if datatype == nil { datatype = Self.xsdDouble }
            } else {
                lexical = XSDLexical.integer(number)
                if datatype == nil { datatype = Self.xsdInteger }
            }
        case .string(let string):
            lexical = string
        default:
            return nil
        }
        if let direction = object["@direction"]?.stringValue, let rdfDirection {
            let lowerLanguage = language?.lowercased() ?? ""
            if rdfDirection == "i18n-datatype" {
                return .literal(RDFLiteral(lexical, datatype: "https://www.w3.org/ns/i18n#\(lowerLanguage)_\(direction)"))
            }
            if rdfDirection == "compound-literal" {
                let node = RDFTerm.blankNode(String(issuer.issue().dropFirst(2)))
                extra.append((node, .iri(Self.rdf + "value"), .literal(RDFLiteral(lexical))))
                if let language {
                    extra.append((node, .iri(Self.rdf + "language"), .literal(RDFLiteral(language))))
                }
                extra.append((node, .iri(Self.rdf + "direction"), .literal(RDFLiteral(direction))))
                return node
            }
        }
        if let language {
            return .literal(RDFLiteral(lexical, language: language))
        }
        return .literal(RDFLiteral(lexical, datatype: datatype ?? RDFLiteral.xsdString))
    }

    /// List Conversion (§ 8.1.4): an `rdf:first`/`rdf:rest` chain, or `rdf:nil` for an empty list.
    private func listTerm(_ list: [JSONValue], extra: inout [(RDFTerm, RDFTerm, RDFTerm)], issuer: inout BlankNodeIssuer) throws -> RDFTerm {
        let nodes = list.map { _ in RDFTerm.blankNode(String(issuer.issue().dropFirst(2))) }
        for (offset, item) in list.enumerated() {
            var embedded: [(RDFTerm, RDFTerm, RDFTerm)] = []
            if let object = try objectTerm(item, extra: &embedded, issuer: &issuer) {
                extra.append((nodes[offset], Self.rdfFirst, object))
            }
            let rest = offset + 1 < nodes.count ? nodes[offset + 1] : Self.rdfNil
            extra.append((nodes[offset], Self.rdfRest, rest))
            extra.append(contentsOf: embedded)
        }
        return nodes.first ?? Self.rdfNil
    }

    /// BCP 47 well-formedness as JSON-LD processors check it: `alpha{1,8}(-alphanum{1,8})*`.
    static func isWellFormedLanguage(_ tag: String) -> Bool {
        let subtags = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = subtags.first, (1...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return subtags.dropFirst().allSatisfy { subtag in
            (1...8).contains(subtag.count) && subtag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }
}
