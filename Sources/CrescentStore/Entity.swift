/// The kinds of record the store keeps.
public enum Entity: String, CaseIterable, Sendable {
    case teams, reps, products, customers, contacts, orders, deals
    case dealStageHistory = "deal_stage_history"
    case activities, targets, surveys
    case fxRates = "fx_rates"
    case tasks

    /// The canonical fields, in CSV column order.
    public var fields: [Field] { Self.schema[self]!.fields }

    /// The fields that identify a record: imports upsert on them.
    public var key: [String] { Self.schema[self]!.key }

    /// Built once: fields and keys are read for every row imported, found or exported.
    private static let schema: [Entity: (fields: [Field], key: [String])] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0, (EntitySchema.fields(of: $0), EntitySchema.key(of: $0))) })

    /// The entity named `name`, with a suggestion when there is none.
    public static func named(_ name: String) throws(StoreError) -> Entity {
        if let entity = Entity(rawValue: name) { return entity }
        throw StoreError.usage(Message("entity.unknown", ["entity": name, "hint": didYouMean(name, among: allCases.map(\.rawValue)),
                                                          "entities": allCases.map(\.rawValue).joined(separator: ", ")]))
    }

    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
}

/// A canonical field of an entity.
public struct Field: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case text
        case integer
        /// A measurement kept as a binary float (quantities, scores, durations).
        case number
        /// An exact decimal (money, target values), stored as a scaled integer.
        case decimal
        /// `YYYY-MM-DD`.
        case date
        /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]`, optionally with `Z` or an offset (kept as the store's wall clock).
        case timestamp
        /// One of a fixed set of words.
        case choice([String])
        /// An ISO 4217 code such as `CNY`.
        case currency
        /// A target period: `2026`, `2026-Q3`, `2026-07`.
        case period
    }

    public let name: String
    public let kind: Kind
    public let required: Bool
    /// The entity whose id this field holds, checked on import.
    public let references: Entity?

    public init(_ name: String, _ kind: Kind = .text, required: Bool = false, references: Entity? = nil) {
        self.name = name
        self.kind = kind
        self.required = required
        self.references = references
    }

    /// The SQL column: decimals are kept in ten-thousandths, in `<name>_e4`.
    public var column: String { kind == .decimal ? name + "_e4" : name }
}

extension Entity {
    /// The entity as people read it in a message: `customers`, or 客户 in Chinese.
    public var label: Message { Message("entities.\(rawValue)") }
}
