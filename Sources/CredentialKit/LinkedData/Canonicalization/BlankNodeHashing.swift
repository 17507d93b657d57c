/// The hashing algorithms of RDFC-1.0: Hash First Degree Quads (§4.6), Hash Related
/// Blank Node (§4.7) and Hash N-Degree Quads (§4.8), with the work limits applied.
extension CanonicalizationState {
    /// The hash of the quads that mention `node`, with `node` written `_:a` and other blank nodes `_:z` (§4.6.3).
    ///
    /// - Parameter lines: scratch space, reused across calls.
    func hashFirstDegreeQuads(_ node: Int, lines: inout LineBuffer) -> [UInt8] {
        lines.removeAll()
        for index in dataset.mentions[node] {
            lines.startLine()
            dataset.appendLine(index, to: &lines.bytes) { other, out in
                out.append(UInt8(ascii: "_"))
                out.append(UInt8(ascii: ":"))
                out.append(other == node ? UInt8(ascii: "a") : UInt8(ascii: "z"))
            }
        }
        return hexHash(lines.joined(lines.sortedLineIndices()))
    }

    /// The hash of how `related` appears in `quad` at `position` (`s`, `o` or `g`), as seen from
    /// another blank node, identifying `related` as far as `issuer` and the canonical issuer allow (§4.7.3).
    func hashRelatedBlankNode(_ related: Int, quad: Int, issuer: IdentifierIssuer, position: UInt8) -> [UInt8] {
        var input: [UInt8] = [position]
        if position != UInt8(ascii: "g") {
            dataset.appendPredicate(of: quad, to: &input)
        }
        if let counter = canonicalIssuer.counter(for: related) {
            canonicalIssuer.appendBlankNodeIdentifier(counter, to: &input)
        } else if let counter = issuer.counter(for: related) {
            issuer.appendBlankNodeIdentifier(counter, to: &input)
        } else {
            input.append(contentsOf: firstDegreeHashes[related])
        }
        return hexHash(input)
    }

    /// Hash N-Degree Quads (§4.8.3): hashes `node` by the shortest "gossip path" through
    /// its related blank nodes, trying every order of those that share a related hash.
    ///
    /// - Parameters:
    ///   - node: the blank node, already issued an identifier by `issuer`.
    ///   - issuer: the temporary issuer; replaced by the one that produced the chosen paths.
    ///   - depth: 1 for a call from the main algorithm, one more for each recursive call.
    /// - Returns: the hash, as lower-case hex.
    /// - Throws: `.canonicalizationLimitExceeded` when a limit is reached.
    mutating func hashNDegreeQuads(_ node: Int, issuer: inout IdentifierIssuer, depth: Int) throws -> [UInt8] {
        hashNDegreeCalls += 1
        try checkLimits(depth: depth)

        // Related blank nodes, grouped by how they relate to `node` (§4.8.3 steps 1–3).
        var related: [(hash: [UInt8], node: Int)] = []
        for index in dataset.mentions[node] {
            let quad = dataset.quads[index]
            let components: [(IndexedDataset.Term?, UInt8)] = [
                (quad.subject, UInt8(ascii: "s")), (quad.object, UInt8(ascii: "o")), (quad.graph, UInt8(ascii: "g")),
            ]
            for (term, position) in components {
                guard case .blankNode(let relatedNode) = term, relatedNode != node else { continue }
                workSteps += 1
                let hash = hashRelatedBlankNode(relatedNode, quad: index, issuer: issuer, position: position)
                related.append((hash, relatedNode))
            }
        }
        try checkLimits(depth: depth)

        // For each group in hash order, the least path over all orders of the group (steps 4–5).
        var dataToHash: [UInt8] = []
        for (relatedHash, nodes) in CodePointOrder.groupedByHash(related) {
            dataToHash.append(contentsOf: relatedHash)
            var permutation = nodes.sorted()
            var chosenPath: [UInt8] = []
            var chosenIssuer = issuer
            repeat {
                if let (path, pathIssuer) = try gossipPath(permutation, issuer: issuer, chosenPath: chosenPath, depth: depth),
                   chosenPath.isEmpty || CodePointOrder.less(path, chosenPath) {
                    chosenPath = path
                    chosenIssuer = pathIssuer
                }
            } while Self.nextPermutation(&permutation)
            dataToHash.append(contentsOf: chosenPath)
            issuer = chosenIssuer
        }
        return hexHash(dataToHash)
    }

    /// The path for one order of related blank nodes (§4.8.3 step 5.4), or nil once it
    /// cannot beat `chosenPath`; with the issuer copy that labelled it.
    private mutating func gossipPath(
        _ order: [Int], issuer: IdentifierIssuer, chosenPath: [UInt8], depth: Int
    ) throws -> ([UInt8], IdentifierIssuer)? {
        // Every permutation is charged and checked, including ones cut short below.
        workSteps += 1 + issuer.issuedOrder.count / 32
        try checkLimits(depth: depth)
        var issuerCopy = issuer
        var path: [UInt8] = []
        var recursionList: [Int] = []
        func cannotBeChosen() -> Bool {
            !chosenPath.isEmpty && path.count >= chosenPath.count && CodePointOrder.less(chosenPath, path)
        }
        for related in order {
            workSteps += 1
            if let counter = canonicalIssuer.counter(for: related) {
                canonicalIssuer.appendBlankNodeIdentifier(counter, to: &path)
            } else {
                if issuerCopy.counter(for: related) == nil { recursionList.append(related) }
                issuerCopy.appendBlankNodeIdentifier(issuerCopy.issue(related), to: &path)
            }
            if cannotBeChosen() { return nil }
        }
        try checkLimits(depth: depth)
        for related in recursionList {
            let hash = try hashNDegreeQuads(related, issuer: &issuerCopy, depth: depth + 1)
            issuerCopy.appendBlankNodeIdentifier(issuerCopy.issue(related), to: &path)
            path.append(UInt8(ascii: "<"))
            path.append(contentsOf: hash)
            path.append(UInt8(ascii: ">"))
            if cannotBeChosen() { return nil }
        }
        return (path, issuerCopy)
    }

    /// Throws once any of ``limits`` is exceeded.
    private func checkLimits(depth: Int) throws {
        let exceeded: String
        if depth > limits.maxRecursionDepth {
            exceeded = "Hash N-Degree Quads recursed more than \(limits.maxRecursionDepth) levels deep"
        } else if hashNDegreeCalls > limits.maxHashNDegreeCalls {
            exceeded = "Hash N-Degree Quads was called more than \(limits.maxHashNDegreeCalls) times"
        } else if workSteps > limits.maxWorkSteps {
            exceeded = "N-degree hashing took more than \(limits.maxWorkSteps) steps"
        } else {
            return
        }
        throw CredentialKitError(.canonicalizationLimitExceeded,
            "RDF dataset canonicalization stopped: \(exceeded) while labelling \(dataset.labels.count) blank nodes. "
            + "The dataset has too many blank nodes that look alike to canonicalize in reasonable time; it may have been crafted to exhaust the verifier.")
    }

    /// Rearranges `order` into the next permutation in ascending order, skipping repeats of
    /// equal elements; false (leaving it sorted) after the last one.
    static func nextPermutation(_ order: inout [Int]) -> Bool {
        guard order.count > 1 else { return false }
        var pivot = order.count - 2
        while pivot >= 0 && order[pivot] >= order[pivot + 1] { pivot -= 1 }
        guard pivot >= 0 else {
            order.reverse()
            return false
        }
        var successor = order.count - 1
        while order[successor] <= order[pivot] { successor -= 1 }
        order.swapAt(pivot, successor)
        order[(pivot + 1)...].reverse()
        return true
    }

    /// The digest of `bytes` as lower-case hex bytes.
    func hexHash(_ bytes: [UInt8]) -> [UInt8] {
        let digits: StaticString = "0123456789abcdef"
        let digest = hashAlgorithm.hash(bytes)
        var hex: [UInt8] = []
        hex.reserveCapacity(digest.count * 2)
        for byte in digest {
            hex.append(digits.utf8Start[Int(byte >> 4)])
            hex.append(digits.utf8Start[Int(byte & 0x0F)])
        }
        return hex
    }
}
