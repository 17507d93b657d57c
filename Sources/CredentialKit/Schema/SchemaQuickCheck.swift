/// A yes-or-no answer to "is this instance valid?", from the schemas compiled once into a tree of
/// typed nodes: no keyword looked up by name, no path built, no message written, and the first
/// failure ends the walk. ``JSONSchemaValidator`` asks it first and runs the full
/// ``SchemaEvaluator`` — which finds and explains every violation — only when the answer is not
/// "valid". Most instances are valid, so most never pay for the explanations.
///
/// It answers only when its answer is the evaluator's: schemas with `$dynamicRef`,
/// `$recursiveRef`, `unevaluatedProperties` or `unevaluatedItems` are not compiled (the
/// validator has no quick check), and a walk that follows a reference back into itself without
/// moving into the value (a loop, which the evaluator reports), or that goes as deep as the
/// evaluator's limit, gives up (nil) rather than answer.
/// `JSONSchemaConformanceTests` holds the two to the same answer on the whole JSON Schema suite.
final class SchemaQuickCheck: @unchecked Sendable {
    // Sendable: the nodes are built in `init` and only read afterwards.
    private let root: Node
    private let assertsFormat: Bool
    private let maxDepth: Int

    /// Compiles the schema at `root`; nil when it uses a keyword the quick check leaves to the evaluator.
    init?(root location: SchemaLocation, index: SchemaIndex, assertsFormat: Bool, maxDepth: Int) {
        guard !index.usesUnevaluated else { return nil }
        var compiler = Compiler(index: index)
        guard let root = compiler.compile(location) else { return nil }
        self.root = root
        self.assertsFormat = assertsFormat
        self.maxDepth = maxDepth
    }

    /// True or false when that is what the evaluator would find; nil when the walk gave up.
    func isValid(_ instance: JSONValue) -> Bool? {
        var walk = Walk(assertsFormat: assertsFormat, maxDepth: maxDepth)
        let valid = walk.check(root, instance)
        return walk.gaveUp ? nil : valid
    }

    /// A compiled schema. Fields are set once, by the compiler (a reference's target is made
    /// before its body so that recursive schemas close their loops).
    final class Node {
        enum Kind { case anything, nothing, keywords }
        var kind: Kind = .keywords

        // Every kind of value.
        var types: [String]?
        var enumValues: [JSONValue]?
        var constValue: JSONValue?
        var references: [Node] = []
        var allOf: [Node] = []
        var anyOf: [Node]?
        var oneOf: [Node]?
        var not: Node?
        var ifThenElse: (condition: Node, then: Node?, otherwise: Node?)?

        // Numbers.
        var minimum: Double?, maximum: Double?, exclusiveMinimum: Double?, exclusiveMaximum: Double?, multipleOf: Double?
        // Strings.
        var minLength: Double?, maxLength: Double?
        var pattern: SchemaPattern?
        var format: String?
        // Arrays.
        var prefixItems: [Node] = []
        var items: Node?
        var contains: Node?
        var minContains: Double = 1
        var maxContains: Double?
        var minItems: Double?, maxItems: Double?
        var uniqueItems = false
        // Objects.
        var properties: [String: Node] = [:]
        var patternProperties: [(SchemaPattern, Node)] = []
        var additionalProperties: Node?
        var propertyNames: Node?
        var required: [String] = []
        var dependentRequired: [(String, [String])] = []
        var dependentSchemas: [(String, Node)] = []
        var minProperties: Double?, maxProperties: Double?
    }

    private struct Compiler {
        let index: SchemaIndex
        /// Reference targets compiled so far, by absolute URI.
        var targets: [String: Node] = [:]

        init(index: SchemaIndex) { self.index = index }

        mutating func compile(child: JSONValue, of parent: SchemaLocation) -> Node? {
            compile(SchemaLocation(schema: child, base: SchemaIndex.base(of: child, within: parent.base),
                                   draft: index.draft(of: child, within: parent.draft)))
        }

        mutating func compile(_ location: SchemaLocation, into node: Node = Node()) -> Node? {
            switch location.schema {
            case .bool(true): node.kind = .anything; return node
            case .object(let keywords): return compileKeywords(keywords, location, into: node) ? node : nil
            default: node.kind = .nothing; return node
            }
        }

        private mutating func compileKeywords(_ keywords: JSONObject, _ location: SchemaLocation, into node: Node) -> Bool {
            switch location.draft {
            case .draft2020_12: if keywords["$dynamicRef"] != nil { return false }
            case .draft2019_09: if keywords["$recursiveRef"] != nil { return false }
            }
            func children(_ keyword: String) -> [JSONValue]? { keywords[keyword]?.arrayValue }
            func child(_ value: JSONValue) -> Node? { compile(child: value, of: location) }
            func all(_ values: [JSONValue]) -> [Node]? {
                var nodes: [Node] = []
                for value in values {
                    guard let node = child(value) else { return nil }
                    nodes.append(node)
                }
                return nodes
            }

            if let reference = keywords["$ref"]?.stringValue {
                let resolved = index.resolve(reference, from: location.base)
                if let target = resolved.target {
                    let key = resolved.absolute.text
                    if let known = targets[key] {
                        node.references.append(known)
                    } else {
                        let made = Node()
                        targets[key] = made
                        guard compile(target, into: made) != nil else { return false }
                        node.references.append(made)
                    }
                } else {
                    let nothing = Node()
                    nothing.kind = .nothing
                    node.references.append(nothing)
                }
            }
            if let type = keywords["type"] { node.types = type.asArray.compactMap(\.stringValue) }
            node.enumValues = keywords["enum"]?.arrayValue
            node.constValue = keywords["const"]

            node.minimum = keywords["minimum"]?.doubleValue
            node.maximum = keywords["maximum"]?.doubleValue
            node.exclusiveMinimum = keywords["exclusiveMinimum"]?.doubleValue
            node.exclusiveMaximum = keywords["exclusiveMaximum"]?.doubleValue
            node.multipleOf = keywords["multipleOf"]?.doubleValue.flatMap { $0 > 0 ? $0 : nil }

            node.minLength = keywords["minLength"]?.doubleValue
            node.maxLength = keywords["maxLength"]?.doubleValue
            node.pattern = keywords["pattern"]?.stringValue.flatMap { index.patterns[$0] }
            node.format = keywords["format"]?.stringValue

            switch location.draft {
            case .draft2020_12:
                guard let tuple = all(children("prefixItems") ?? []) else { return false }
                node.prefixItems = tuple
                if let items = keywords["items"] {
                    guard let compiled = child(items) else { return false }
                    node.items = compiled
                }
            case .draft2019_09:
                if case .array(let tuple) = keywords["items"] {
                    guard let compiled = all(tuple) else { return false }
                    node.prefixItems = compiled
                    if let additional = keywords["additionalItems"] {
                        guard let compiled = child(additional) else { return false }
                        node.items = compiled
                    }
                } else if let items = keywords["items"] {
                    guard let compiled = child(items) else { return false }
                    node.items = compiled
                }
            }
            if let contains = keywords["contains"] {
                guard let compiled = child(contains) else { return false }
                node.contains = compiled
                node.minContains = keywords["minContains"]?.doubleValue ?? 1
                node.maxContains = keywords["maxContains"]?.doubleValue
            }
            node.minItems = keywords["minItems"]?.doubleValue
            node.maxItems = keywords["maxItems"]?.doubleValue
            node.uniqueItems = keywords["uniqueItems"]?.boolValue == true

            for (name, schema) in keywords["properties"]?.objectValue ?? [:] {
                guard let compiled = child(schema) else { return false }
                node.properties[name] = compiled
            }
            for (source, schema) in keywords["patternProperties"]?.objectValue ?? [:] {
                guard let compiled = child(schema) else { return false }
                // A pattern the index could not compile matches nothing, as in the evaluator.
                if let pattern = index.patterns[source] { node.patternProperties.append((pattern, compiled)) }
            }
            if let additional = keywords["additionalProperties"] {
                guard let compiled = child(additional) else { return false }
                node.additionalProperties = compiled
            }
            if let names = keywords["propertyNames"] {
                guard let compiled = child(names) else { return false }
                node.propertyNames = compiled
            }
            node.required = (keywords["required"]?.arrayValue ?? []).compactMap(\.stringValue)
            node.dependentRequired = (keywords["dependentRequired"]?.objectValue ?? [:]).map { trigger, dependents in
                (trigger, (dependents.arrayValue ?? []).compactMap(\.stringValue))
            }
            for (trigger, schema) in keywords["dependentSchemas"]?.objectValue ?? [:] {
                guard let compiled = child(schema) else { return false }
                node.dependentSchemas.append((trigger, compiled))
            }
            node.minProperties = keywords["minProperties"]?.doubleValue
            node.maxProperties = keywords["maxProperties"]?.doubleValue

            guard let allOf = all(children("allOf") ?? []) else { return false }
            node.allOf = allOf
            if let alternatives = children("anyOf") {
                guard let compiled = all(alternatives) else { return false }
                node.anyOf = compiled
            }
            if let alternatives = children("oneOf") {
                guard let compiled = all(alternatives) else { return false }
                node.oneOf = compiled
            }
            if let negated = keywords["not"] {
                guard let compiled = child(negated) else { return false }
                node.not = compiled
            }
            if let condition = keywords["if"] {
                guard let test = child(condition) else { return false }
                var then: Node?, otherwise: Node?
                if let branch = keywords["then"] {
                    guard let compiled = child(branch) else { return false }
                    then = compiled
                }
                if let branch = keywords["else"] {
                    guard let compiled = child(branch) else { return false }
                    otherwise = compiled
                }
                node.ifThenElse = (test, then, otherwise)
            }
            return true
        }
    }

    private struct Visit: Hashable {
        let node: ObjectIdentifier
        let level: Int
    }

    private struct Walk {
        let assertsFormat: Bool
        let maxDepth: Int
        var depth = 0
        /// How far into the instance the walk is: the same level along one walk is the same value.
        var level = 0
        /// The reference targets being checked, with the level each was entered at.
        var active: Set<Visit> = []
        /// Set when the walk reached the evaluator's depth limit: its answer is not to be used.
        var gaveUp = false

        init(assertsFormat: Bool, maxDepth: Int) {
            self.assertsFormat = assertsFormat
            self.maxDepth = maxDepth
        }

        mutating func check(_ node: Node, _ instance: JSONValue) -> Bool {
            switch node.kind {
            case .anything: return true
            case .nothing: return false
            case .keywords: break
            }
            guard depth < maxDepth else {
                gaveUp = true
                return false
            }
            depth += 1
            defer { depth -= 1 }
            for target in node.references where !follow(target, instance) { return false }
            if let types = node.types, !types.contains(where: { SchemaText.isOfType(instance, $0) }) { return false }
            if let options = node.enumValues, !options.contains(where: { $0.isSchemaEqual(to: instance) }) { return false }
            if let constant = node.constValue, !constant.isSchemaEqual(to: instance) { return false }
            switch instance {
            case .number(let number): if !checkNumber(node, number) { return false }
            case .string(let string): if !checkString(node, string) { return false }
            case .array(let items): if !checkArray(node, items) { return false }
            case .object(let object): if !checkObject(node, object) { return false }
            default: break
            }
            for schema in node.allOf where !check(schema, instance) { return false }
            if let alternatives = node.anyOf, !alternatives.contains(where: { check($0, instance) }) { return false }
            if let alternatives = node.oneOf {
                var passing = 0
                for alternative in alternatives where check(alternative, instance) {
                    passing += 1
                    if passing > 1 { return false }
                }
                if passing != 1 { return false }
            }
            if let negated = node.not, check(negated, instance) { return false }
            if let (condition, then, otherwise) = node.ifThenElse,
               let branch = check(condition, instance) ? then : otherwise, !check(branch, instance) {
                return false
            }
            return true
        }

        /// Checks a reference's target, giving up on a loop.
        private mutating func follow(_ target: Node, _ instance: JSONValue) -> Bool {
            let visit = Visit(node: ObjectIdentifier(target), level: level)
            guard active.insert(visit).inserted else {
                gaveUp = true
                return false
            }
            defer { active.remove(visit) }
            return check(target, instance)
        }

        /// Checks a member or item: one level further into the instance.
        private mutating func checkInside(_ node: Node, _ value: JSONValue) -> Bool {
            level += 1
            defer { level -= 1 }
            return check(node, value)
        }

        private func checkNumber(_ node: Node, _ number: Double) -> Bool {
            if let bound = node.minimum, number < bound { return false }
            if let bound = node.maximum, number > bound { return false }
            if let bound = node.exclusiveMinimum, number <= bound { return false }
            if let bound = node.exclusiveMaximum, number >= bound { return false }
            if let divisor = node.multipleOf, !SchemaEvaluator.isMultiple(number, of: divisor) { return false }
            return true
        }

        private func checkString(_ node: Node, _ string: String) -> Bool {
            if node.minLength != nil || node.maxLength != nil {
                let length = Double(string.unicodeScalars.count)
                if let minimum = node.minLength, length < minimum { return false }
                if let maximum = node.maxLength, length > maximum { return false }
            }
            if let pattern = node.pattern, !pattern.matches(string) { return false }
            if assertsFormat, let format = node.format, SchemaFormat.problem(with: string, format: format) != nil { return false }
            return true
        }

        private mutating func checkArray(_ node: Node, _ items: [JSONValue]) -> Bool {
            for (offset, schema) in node.prefixItems.enumerated() where offset < items.count {
                if !checkInside(schema, items[offset]) { return false }
            }
            if let rest = node.items, node.prefixItems.count < items.count {
                for item in items[node.prefixItems.count...] where !checkInside(rest, item) { return false }
            }
            if let contains = node.contains {
                var matches = 0
                for item in items where checkInside(contains, item) { matches += 1 }
                if Double(matches) < node.minContains { return false }
                if let maximum = node.maxContains, Double(matches) > maximum { return false }
            }
            if let minimum = node.minItems, Double(items.count) < minimum { return false }
            if let maximum = node.maxItems, Double(items.count) > maximum { return false }
            if node.uniqueItems, SchemaEvaluator.firstDuplicate(in: items) != nil { return false }
            return true
        }

        private mutating func checkObject(_ node: Node, _ object: JSONObject) -> Bool {
            for (name, value) in object {
                var matched = false
                if let schema = node.properties[name] {
                    matched = true
                    if !checkInside(schema, value) { return false }
                }
                for (pattern, schema) in node.patternProperties where pattern.matches(name) {
                    matched = true
                    if !checkInside(schema, value) { return false }
                }
                if !matched, let additional = node.additionalProperties, !checkInside(additional, value) { return false }
            }
            if let names = node.propertyNames {
                // At the object's own level, as the evaluator checks names at the object's path.
                for (name, _) in object where !check(names, .string(name)) { return false }
            }
            for name in node.required where object[name] == nil { return false }
            for (trigger, dependents) in node.dependentRequired where object[trigger] != nil {
                for name in dependents where object[name] == nil { return false }
            }
            for (trigger, schema) in node.dependentSchemas where object[trigger] != nil {
                if !check(schema, .object(object)) { return false }
            }
            if let minimum = node.minProperties, Double(object.count) < minimum { return false }
            if let maximum = node.maxProperties, Double(object.count) > maximum { return false }
            return true
        }
    }
}
