/// A Lua value copied into Swift.
///
/// Tables become `.array` when their keys are exactly `1...n` (the empty table is
/// an empty array) and `.map` otherwise, with non-string keys written as strings.
/// Functions, userdata and threads are not copied; they read as `.opaque(typeName)`.
public enum LuaValue: Hashable, Sendable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([LuaValue])
    case map([String: LuaValue])
    case opaque(String)
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: LuaValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, LuaValue)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension LuaValue {
    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number as a Double, for integers and floats.
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    /// The integer, for integers and floats with an exact integer value.
    public var intValue: Int64? {
        switch self {
        case .integer(let i): return i
        case .number(let d): return Int64(exactly: d)
        default: return nil
        }
    }
}

/// A Lua value as JSON would hold it (a sequence as an array, other tables as objects), so that
/// a table a script handed back can be decoded into a Swift type with `JSONDecoder`.
extension LuaValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .nil, .opaque: try c.encodeNil()
        case .boolean(let b): try c.encode(b)
        case .integer(let i): try c.encode(i)
        case .number(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let items): try c.encode(items)
        case .map(let fields): try c.encode(fields)
        }
    }
}
