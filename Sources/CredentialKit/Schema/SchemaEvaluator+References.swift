extension SchemaEvaluator {
    /// `$ref`, and `$dynamicRef` (2020-12) or `$recursiveRef` (2019-09).
    mutating func applyReferences(
        _ keywords: JSONObject, _ location: SchemaLocation, _ instance: JSONValue, _ path: String,
        into result: inout SchemaEvaluation
    ) {
        if let reference = keywords["$ref"]?.stringValue {
            follow(index.resolve(reference, from: location.base), "$ref", reference, instance, path, into: &result)
        }
        switch location.draft {
        case .draft2020_12:
            if let reference = keywords["$dynamicRef"]?.stringValue {
                follow(resolveDynamic(reference, from: location.base), "$dynamicRef", reference, instance, path, into: &result)
            }
        case .draft2019_09:
            if let reference = keywords["$recursiveRef"]?.stringValue {
                follow(resolveRecursive(reference, from: location.base), "$recursiveRef", reference, instance, path, into: &result)
            }
        }
    }

    /// Evaluates the target of a reference, unless that same reference is already being
    /// evaluated at this instance location: then the schema loops without consuming input.
    private mutating func follow(
        _ resolved: SchemaIndex.ResolvedReference, _ keyword: String, _ reference: String,
        _ instance: JSONValue, _ path: String, into result: inout SchemaEvaluation
    ) {
        guard let target = resolved.target else {
            result.fail(path, keyword, "the reference \"\(reference)\" names no known schema")
            return
        }
        let visit = ReferenceVisit(target: resolved.absolute.text, scope: target.base, instancePath: path)
        guard activeReferences.insert(visit).inserted else {
            result.fail(path, keyword, "the reference \"\(reference)\" leads back to itself without moving into the value; the schema loops")
            return
        }
        defer { activeReferences.remove(visit) }
        result.absorb(evaluate(target, instance, at: path))
    }

    /// 2020-12 §8.2.3.2: when the static target carries a matching `$dynamicAnchor`, the
    /// outermost resource in the dynamic scope with that `$dynamicAnchor` wins.
    private func resolveDynamic(_ reference: String, from base: String) -> SchemaIndex.ResolvedReference {
        let resolved = index.resolve(reference, from: base)
        let absolute = resolved.absolute
        guard resolved.target != nil, let name = absolute.fragment, !name.isEmpty, !name.hasPrefix("/"),
              index.dynamicAnchors.contains(absolute.withoutFragment.text + "#" + name)
        else { return resolved }
        for resource in dynamicScope where index.dynamicAnchors.contains(resource + "#" + name) {
            return SchemaIndex.ResolvedReference(absolute: URIReference(resource + "#" + name), target: index.anchors[resource + "#" + name])
        }
        return resolved
    }

    /// 2019-09 §8.2.4.2: when the current resource has `"$recursiveAnchor": true`, go
    /// outward through the dynamic scope while each resource has it too.
    private func resolveRecursive(_ reference: String, from base: String) -> SchemaIndex.ResolvedReference {
        let resolved = index.resolve(reference, from: base)
        guard var target = resolved.target, target.schema["$recursiveAnchor"]?.boolValue == true else { return resolved }
        var uri = resolved.absolute
        for resource in dynamicScope.reversed() {
            guard let outer = index.resources[resource], outer.schema["$recursiveAnchor"]?.boolValue == true else { break }
            target = outer
            uri = URIReference(resource)
        }
        return SchemaIndex.ResolvedReference(absolute: uri, target: target)
    }
}
