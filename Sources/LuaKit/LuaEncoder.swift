/// Turns an `Encodable` value into the `LuaValue` a script sees: the same fields, under the same
/// names, as the value's JSON form (keyed containers become tables with string keys, unkeyed ones
/// sequences). A nil field is absent, as Lua has no way to hold one in a table.
///
/// One `encode(to:)` serves both JSON (Foundation's `JSONEncoder`) and Lua, so the two forms of a
/// result cannot drift apart.
public struct LuaEncoder {
    public init() {}

    public func encode(_ value: some Encodable) throws -> LuaValue {
        let root = LuaEncoding.Node()
        try value.encode(to: LuaEncoding(node: root, codingPath: []))
        return root.value
    }
}

/// The encoder proper: each container writes into a node of the tree being built.
struct LuaEncoding: Encoder {
    /// A value under construction: a table is filled in by its containers after it is created.
    final class Node {
        enum Content { case empty, scalar(LuaValue), keyed([String: Node]), unkeyed([Node]) }
        var content = Content.empty

        var value: LuaValue {
            switch content {
            case .empty: return .nil
            case .scalar(let value): return value
            case .keyed(let fields): return .map(fields.compactMapValues { node in node.value == .nil ? nil : node.value })
            case .unkeyed(let items): return .array(items.map(\.value))
            }
        }
    }

    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = node.content {} else { node.content = .keyed([:]) }
        return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = node.content {} else { node.content = .unkeyed([]) }
        return Unkeyed(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }

    /// The Lua value of a scalar, or nil when `value` is not one (it encodes itself).
    static func scalar(_ value: some Encodable) -> LuaValue? {
        switch value {
        case let value as Bool: return .boolean(value)
        case let value as String: return .string(value)
        case let value as Double: return .number(value)
        case let value as Float: return .number(Double(value))
        case let value as Int: return .integer(Int64(value))
        case let value as Int64: return .integer(value)
        case let value as Int32: return .integer(Int64(value))
        case let value as UInt32: return .integer(Int64(value))
        default: return nil
        }
    }

    /// A node holding `value`, encoded.
    static func node(for value: some Encodable, codingPath: [any CodingKey]) throws -> Node {
        let node = Node()
        if let scalar = scalar(value) {
            node.content = .scalar(scalar)
        } else {
            try value.encode(to: LuaEncoding(node: node, codingPath: codingPath))
        }
        return node
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        let codingPath: [any CodingKey]

        private func set(_ child: Node, _ key: Key) {
            guard case .keyed(var fields) = node.content else { return }
            fields[key.stringValue] = child
            node.content = .keyed(fields)
        }

        mutating func encodeNil(forKey key: Key) { set(Node(), key) }

        mutating func encode(_ value: some Encodable, forKey key: Key) throws {
            set(try LuaEncoding.node(for: value, codingPath: codingPath + [key]), key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            let child = Node()
            set(child, key)
            return LuaEncoding(node: child, codingPath: codingPath + [key]).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let child = Node()
            set(child, key)
            return LuaEncoding(node: child, codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let child = Node()
            set(child, key)
            return LuaEncoding(node: child, codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]
        var count: Int {
            if case .unkeyed(let items) = node.content { return items.count }
            return 0
        }

        private func append(_ child: Node) {
            guard case .unkeyed(var items) = node.content else { return }
            items.append(child)
            node.content = .unkeyed(items)
        }

        mutating func encodeNil() { append(Node()) }

        mutating func encode(_ value: some Encodable) throws { append(try LuaEncoding.node(for: value, codingPath: codingPath)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let child = Node()
            append(child)
            return LuaEncoding(node: child, codingPath: codingPath).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let child = Node()
            append(child)
            return LuaEncoding(node: child, codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            let child = Node()
            append(child)
            return LuaEncoding(node: child, codingPath: codingPath)
        }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        let codingPath: [any CodingKey]

        mutating func encodeNil() { node.content = .scalar(.nil) }

        mutating func encode(_ value: some Encodable) throws {
            node.content = try LuaEncoding.node(for: value, codingPath: codingPath).content
        }
    }
}
