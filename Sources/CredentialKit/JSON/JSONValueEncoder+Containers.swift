/// Writes object members into a ``JSONEncodingNode`` in the order they are encoded.
struct JSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONEncodingNode
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue, _ key: Key) { node.setMember(key.stringValue, .value(value)) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(try JSONEncodingNode.finiteNumber(value, codingPath + [key]), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(try JSONEncodingNode.finiteNumber(Double(value), codingPath + [key]), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeInteger(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeInteger(value, key) }

    private func encodeInteger(_ value: some BinaryInteger, _ key: Key) throws {
        set(try JSONEncodingNode.exactNumber(value, codingPath + [key]), key)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.setMember(key.stringValue, try JSONEncodingNode.slot(for: value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONEncodingNode()
        node.setMember(key.stringValue, .node(child))
        return JSONValueEncoding(node: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = JSONEncodingNode()
        node.setMember(key.stringValue, .node(child))
        return JSONValueEncoding(node: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(key: JSONCodingKey.super) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(key: key) }

    private func superEncoder(key: any CodingKey) -> any Encoder {
        let child = JSONEncodingNode()
        node.setMember(key.stringValue, .node(child))
        return JSONValueEncoding(node: child, codingPath: codingPath + [key])
    }
}

/// Appends array elements to a ``JSONEncodingNode``.
struct JSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let node: JSONEncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private var nextKey: JSONCodingKey { JSONCodingKey(intValue: node.count) }

    mutating func encodeNil() throws { node.append(.value(.null)) }
    mutating func encode(_ value: Bool) throws { node.append(.value(.bool(value))) }
    mutating func encode(_ value: String) throws { node.append(.value(.string(value))) }
    mutating func encode(_ value: Double) throws {
        node.append(.value(try JSONEncodingNode.finiteNumber(value, codingPath + [nextKey])))
    }
    mutating func encode(_ value: Float) throws {
        node.append(.value(try JSONEncodingNode.finiteNumber(Double(value), codingPath + [nextKey])))
    }
    mutating func encode(_ value: Int) throws { try encodeInteger(value) }
    mutating func encode(_ value: Int8) throws { try encodeInteger(value) }
    mutating func encode(_ value: Int16) throws { try encodeInteger(value) }
    mutating func encode(_ value: Int32) throws { try encodeInteger(value) }
    mutating func encode(_ value: Int64) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt8) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt16) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt32) throws { try encodeInteger(value) }
    mutating func encode(_ value: UInt64) throws { try encodeInteger(value) }

    private func encodeInteger(_ value: some BinaryInteger) throws {
        node.append(.value(try JSONEncodingNode.exactNumber(value, codingPath + [nextKey])))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try JSONEncodingNode.slot(for: value, codingPath: codingPath + [nextKey]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        JSONValueEncoding(node: appendChild(), codingPath: codingPath + [nextKey]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONValueEncoding(node: appendChild(), codingPath: codingPath + [nextKey]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        JSONValueEncoding(node: appendChild(), codingPath: codingPath + [nextKey])
    }

    /// Appends an empty node; the path key must be taken before the call, while the index is still free.
    private func appendChild() -> JSONEncodingNode {
        let child = JSONEncodingNode()
        node.append(.node(child))
        return child
    }
}

/// Writes one value into a ``JSONEncodingNode``.
struct JSONSingleValueEncodingContainer: SingleValueEncodingContainer {
    let node: JSONEncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.setValue(.null) }
    mutating func encode(_ value: Bool) throws { node.setValue(.bool(value)) }
    mutating func encode(_ value: String) throws { node.setValue(.string(value)) }
    mutating func encode(_ value: Double) throws { node.setValue(try JSONEncodingNode.finiteNumber(value, codingPath)) }
    mutating func encode(_ value: Float) throws { node.setValue(try JSONEncodingNode.finiteNumber(Double(value), codingPath)) }
    mutating func encode(_ value: Int) throws { node.setValue(try JSONEncodingNode.exactNumber(value, codingPath)) }
    mutating func encode(_ value: Int8) throws { node.setValue(try JSONEncodingNode.exactNumber(value, codingPath)) }
    mutating func encode(_ value: Int16) throws { node.setValue(try JSONEncodingNode.exactNumber(value, codingPath)) }
    mutating func encode(_ value: Int32) throws { node.setValue(try JSONEncodingNode.exactNumber(value, codingPath)) }
    mutating func encode(_ value: Int64) throws { node.setValue(try JSONEncodingNode.exactNumber(value, codingPath)) }
    mutating func encode(_ value: UInt) throws { node.setValue(try JSONEncodingNode.exactNumber(value, codingPath)) }
    mutating func encode(_ value: UInt8) throws { node.setValue(try JSONEncodingNode.exactNumber(value, codingPath)) }
    mutating func encode(_ value: UInt16) throws { node.setValue(try JSONEncodingNode.exactNumber(value, codingPath)) }
    mutating func encode(_ value: UInt32) throws { node.setValue(try JSONEncodingNode.exactNumber(value, codingPath)) }
    mutating func encode(_ value: UInt64) throws { node.setValue(try JSONEncodingNode.exactNumber(value, codingPath)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try node.encode(value, codingPath: codingPath)
    }
}
