/// Issues fresh blank node identifiers `_:b0`, `_:b1` …, renaming each input label consistently.
struct BlankNodeIssuer {
    private var issued: [String: String] = [:]
    private var counter = 0

    /// A new identifier for `label` (the same one each time), or a fresh one when `label` is nil.
    mutating func issue(_ label: String? = nil) -> String {
        if let label, let existing = issued[label] { return existing }
        let fresh = "_:b\(counter)"
        counter += 1
        if let label { issued[label] = fresh }
        return fresh
    }
}

/// One node of a node map: its identifier, types, index and property values.
struct NodeMapNode {
    var types: [String] = []
    var index: JSONValue?
    /// Property IRI (or blank node identifier) → values: node references, value objects and list objects.
    var properties: [String: [JSONValue]] = [:]
    /// The values of each property, as a set: adding one of thousands (an achievement's tags) is
    /// then a lookup, not a scan of every value before it.
    var present: [String: Set<JSONValue>] = [:]
}

/// Node Map Generation (JSON-LD 1.1 API § 7.2.2): every node of every graph, flattened and keyed by identifier.
///
/// Nodes live in one array and the graphs map identifiers to positions in it, so a node is
/// looked up by its (often long) identifier once, and then changed in place by position.
struct NodeMap {
    /// Graph name (`@default` or an identifier) → subject identifier → position in ``nodes``.
    private(set) var graphs: [String: [String: Int]] = ["@default": [:]]
    /// Every node of every graph.
    private(set) var nodes: [NodeMapNode] = []

    /// Where a value being added hangs: from nothing, from a subject's property (the subject's
    /// position in ``nodes``), or (reversed) onto a node.
    private enum Subject {
        case none
        case node(Int)
        case reverse(JSONValue)
    }

    /// Adds every node of the expanded document `element`.
    mutating func add(_ element: JSONValue, issuer: inout BlankNodeIssuer) throws {
        var list: [JSONValue]?
        try generate(element, graph: "@default", subject: .none, property: nil, list: &list, issuer: &issuer)
    }

    private mutating func generate(
        _ element: JSONValue, graph: String, subject: Subject, property: String?, list: inout [JSONValue]?,
        issuer: inout BlankNodeIssuer
    ) throws {
        if case .array(let items) = element {
            for item in items {
                try generate(item, graph: graph, subject: subject, property: property, list: &list, issuer: &issuer)
            }
            return
        }
        guard case .object(var object) = element else { return }
        if let types = object["@type"], types.asArray.contains(where: { $0.stringValue.map(IRI.isBlankNode) == true }) {
            let relabeled = types.asArray.map { type -> JSONValue in
                if case .string(let label) = type, IRI.isBlankNode(label) { return .string(issuer.issue(label)) }
                return type
            }
            object["@type"] = types.arrayValue == nil && relabeled.count == 1 ? relabeled[0] : .array(relabeled)
        }
        if object["@value"] != nil {
            if list != nil {
                list?.append(.object(object))
            } else if case .node(let subjectNode) = subject, let property {
                appendUnique(.object(object), to: subjectNode, property: property)
            }
            return
        }
        if let listValue = object["@list"] {
            var inner: [JSONValue]? = []
            try generate(listValue, graph: graph, subject: subject, property: property, list: &inner, issuer: &issuer)
            let listObject = JSONValue.object(["@list": .array(inner ?? [])])
            if list != nil {
                list?.append(listObject)
            } else if case .node(let subjectNode) = subject, let property {
                nodes[subjectNode].properties[property, default: []].append(listObject)
                nodes[subjectNode].present[property, default: []].insert(listObject)
            }
            return
        }
        try generateNode(object, graph: graph, subject: subject, property: property, list: &list, issuer: &issuer)
    }

    /// Step 6: a node object.
    private mutating func generateNode(
        _ element: JSONObject, graph: String, subject: Subject, property: String?, list: inout [JSONValue]?,
        issuer: inout BlankNodeIssuer
    ) throws {
        // An `@id` that expansion nulled (a keyword-like string) names nothing: drop the node.
        if element["@id"] == .null { return }
        let id: String
        if case .string(let label) = element["@id"] {
            id = IRI.isBlankNode(label) ? issuer.issue(label) : label
        } else {
            id = issuer.issue()
        }
        let node = position(of: id, in: graph)
        switch subject {
        case .reverse(let reference):
            if let property { appendUnique(reference, to: node, property: property) }
        case .node(let subjectNode):
            if let property {
                let reference = JSONValue.object(["@id": .string(id)])
                if list != nil {
                    list?.append(reference)
                } else {
                    appendUnique(reference, to: subjectNode, property: property)
                }
            }
        case .none:
            break
        }
        var remaining: [String] = []
        for key in element.keys {
            switch key {
            case "@id":
                continue
            case "@type":
                for case .string(let type) in (element[key] ?? .null).asArray where !nodes[node].types.contains(type) {
                    nodes[node].types.append(type)
                }
            case "@index":
                guard let index = element[key] else { continue }
                if let existing = nodes[node].index, existing != index {
                    throw CredentialKitError.jsonLD("conflicting indexes", "the node \(id) has two different @index values")
                }
                nodes[node].index = index
            case "@reverse":
                guard case .object(let reverseMap) = element[key] else { continue }
                let referenced = JSONValue.object(["@id": .string(id)])
                for (reverseProperty, values) in reverseMap {
                    for value in values.asArray {
                        var noList: [JSONValue]?
                        try generate(value, graph: graph, subject: .reverse(referenced), property: reverseProperty, list: &noList, issuer: &issuer)
                    }
                }
            case "@graph":
                var noList: [JSONValue]?
                if graphs[id] == nil { graphs[id] = [:] }
                try generate(element[key] ?? .null, graph: id, subject: .none, property: nil, list: &noList, issuer: &issuer)
            case "@included":
                var noList: [JSONValue]?
                try generate(element[key] ?? .null, graph: graph, subject: .none, property: nil, list: &noList, issuer: &issuer)
            default:
                remaining.append(key)
            }
        }
        for key in remaining.sorted() {
            guard let value = element[key] else { continue }
            let nodeProperty = IRI.isBlankNode(key) ? issuer.issue(key) : key
            // Lists the property even if none of its values is kept (one lookup, inserting an empty list when new).
            nodes[node].properties[nodeProperty, default: []] += []
            var noList: [JSONValue]?
            try generate(value, graph: graph, subject: .node(node), property: nodeProperty, list: &noList, issuer: &issuer)
        }
    }

    /// The position in ``nodes`` of the node `id` of `graph`, adding an empty node when there is none yet.
    private mutating func position(of id: String, in graph: String) -> Int {
        // One in-place access hashes the graph name and identifier once, whether the node exists or not.
        func claim(_ position: inout Int, next: Int) -> Int {
            if position < 0 { position = next }
            return position
        }
        let position = claim(&graphs[graph, default: [:]][id, default: -1], next: nodes.count)
        if position == nodes.count { nodes.append(NodeMapNode()) }
        return position
    }

    /// Adds `value` to the property's values of the node at `node` unless an equal value is already there.
    private mutating func appendUnique(_ value: JSONValue, to node: Int, property: String) {
        if nodes[node].present[property, default: []].insert(value).inserted {
            nodes[node].properties[property, default: []].append(value)
        }
    }
}
