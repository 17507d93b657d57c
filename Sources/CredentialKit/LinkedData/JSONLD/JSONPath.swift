/// Where in the input document expansion is, for error reasons (`$.credentialSubject.achievement[0]`).
final class JSONPath: Sendable, CustomStringConvertible {
    enum Component: Sendable {
        case key(String)
        case index(Int)
    }

    let parent: JSONPath?
    let component: Component?
    /// How many arrays and objects enclose this position.
    let depth: Int

    private init(parent: JSONPath?, component: Component?, depth: Int) {
        self.parent = parent
        self.component = component
        self.depth = depth
    }

    static let root = JSONPath(parent: nil, component: nil, depth: 0)

    func appending(_ key: String) -> JSONPath { JSONPath(parent: self, component: .key(key), depth: depth + 1) }
    func appending(_ index: Int) -> JSONPath { JSONPath(parent: self, component: .index(index), depth: depth + 1) }

    var description: String {
        var components: [Component] = []
        var node: JSONPath? = self
        while let current = node {
            if let component = current.component { components.append(component) }
            node = current.parent
        }
        var out = "$"
        for component in components.reversed() {
            switch component {
            case .key(let key): out += key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? ".\(key)" : "[\"\(key)\"]"
            case .index(let index): out += "[\(index)]"
            }
        }
        return out
    }
}
