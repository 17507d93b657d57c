/// The hashing algorithms of RDFC-1.0: Hash First Degree Quads (§4.6), Hash Related
/// Blank Node (§4.7) and Hash N-Degree Quads (§4.8), with the work limits applied.
extension CanonicalizationState {
    /// The hash of the quads that mention `node`, with `node` written `_:a` and other blank nodes `_:z` (§4.6.3).
    func hashFirstDegreeQuads(_ node: Int) -> [UInt8] {
        var lines: [[UInt8]] = []
        lines.reserveCapacity(dataset.mentions[node].count)
        for index in dataset.mentions[node] {
            var line: [UInt8] = []
            line.reserveCapacity(160)
            dataset.appendLine(index, to: &line) { other, out in
                out.append(UInt8(ascii: "_"))
                out.append(UInt8(ascii: ":"))
                out.append(other == node ? UInt8(ascii: "a") : UInt8(ascii: "z"))
            }
            lines.append(line)
        }
        lines.sort(by: CodePointOrder.less)
        var joined: [UInt8] = []
        joined.reserveCapacity(lines.reduce(0) { $0 + $1.count })
        for line in lines { joined.append(contentsOf: line) }
        return hexHash(joined)
    }

    /// The hash of how `related` appears in `quad` at `position` (`s`, `o` or `g`), as seen from
    /// another blank node, identifying `related` as far as `issuer` and the canonical issuer allow (§4.7.3).
    func hashRelatedBlankNode(_ related: Int, quad: Int, issuer: IdentifierIssuer, position: UInt8) -> [UInt8] {
        var input: [UInt8] = [position]
        if position != UInt8(ascii: "g") {
            input.append(contentsOf: dataset.quads[quad].predicate)
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
        var relatedByHash: [[UInt8]: [Int]] = [:]
        for index in dataset.mentions[node] {
            let quad = dataset.quads[index]
            let components: [(IndexedDataset.Term?, UInt8)] = [
                (quad.subject, UInt8(ascii: "s")), (quad.object, UInt8(ascii: "o")), (quad.graph, UInt8(ascii: "g")),
            ]
            for (term, position) in components {
                guard case .blankNode(let related) = term, related != node else { continue }
                workSteps += 1
                let hash = hashRelatedBlankNode(related, quad: index, issuer: issuer, position: position)
                relatedByHash[hash, default: []].append(related)
            }
        }
        try checkLimits(depth: depth)

        // For each group in hash order, the least path over all orders of the group (steps 4–5).
        var dataToHash: [UInt8] = []
        for relatedHash in relatedByHash.keys.sorted(by: CodePointOrder.less) {
            dataToHash.append(contentsOf: relatedHash)
            var permutation = relatedByHash[relatedHash, default: []].sorted()
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
