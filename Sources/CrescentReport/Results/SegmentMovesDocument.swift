import CrescentCore
import CrescentStore

/// The moves of a segmentation between two runs: JSON `{"segment", "from": {"run", "as_of"}, "to":
/// {"run", "as_of"}, "count", "counts": [{"from", "to", "count"}], "rows": [{"customer_id", "name",
/// "from", "to", "owner_id", "owner"}]}` (`from` null: new to the segmentation); for people how many
/// made each move, each count linked to those customers, then the customers.
public struct SegmentMovesResult: ReportResult {
    public static let resultName = "segment_moves"
    /// The tier of a customer in no tier yet, in the address of a move (`from_tier=-`).
    public static let noTier = "-"

    public let moves: SegmentMoves
    private let customers: CustomerOwners
    private let shown: [SegmentMoves.Move]

    /// The moves, listing the customers of one move only (from tier, to tier; nil: none yet) when `only` is given.
    public init(_ moves: SegmentMoves, only: (from: String?, to: String?)? = nil, store: any RecordStore) throws {
        self.moves = moves
        shown = moves.moves.filter { move in only.map { $0.from == move.from && $0.to == move.to } ?? true }
        customers = try CustomerOwners(store, ids: shown.map(\.customerID))
    }

    private enum Keys: String, CodingKey { case segment, from, to, count, counts, rows }
    private enum RunKeys: String, CodingKey { case run, asOf = "as_of" }
    private enum CountKeys: String, CodingKey { case from, to, count }
    private enum RowKeys: String, CodingKey { case customerID = "customer_id", name, from, to, ownerID = "owner_id", owner }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(moves.segment, forKey: .segment)
        for (run, key) in [(moves.from, Keys.from), (moves.to, .to)] {
            var r = c.nestedContainer(keyedBy: RunKeys.self, forKey: key)
            try r.encode(run.id, forKey: .run)
            try r.encode(run.asOf, forKey: .asOf)
        }
        try c.encode(shown.count, forKey: .count)
        var counts = c.nestedUnkeyedContainer(forKey: .counts)
        for step in moves.counts {
            var s = counts.nestedContainer(keyedBy: CountKeys.self)
            try s.encode(step.from, forKey: .from)
            try s.encode(step.to, forKey: .to)
            try s.encode(step.count, forKey: .count)
        }
        var rows = c.nestedUnkeyedContainer(forKey: .rows)
        for move in shown {
            var r = rows.nestedContainer(keyedBy: RowKeys.self)
            let owner = customers.owner(move.customerID)
            try r.encode(move.customerID, forKey: .customerID)
            try r.encode(customers.name(move.customerID), forKey: .name)
            try r.encode(move.from, forKey: .from)
            try r.encode(move.to, forKey: .to)
            try r.encode(owner[0], forKey: .ownerID)
            try r.encode(owner[1], forKey: .owner)
        }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        func tier(_ tier: String?) -> ReportValue { tier.map { .text($0) } ?? .code(Self.noTier, label: words.t("segment.moves.new")) }
        func column(_ key: String, _ kind: ValueKind = .text) -> ReportColumn { ReportColumn(name: words.t("column.\(key)"), kind: kind, key: key) }
        let steps = moves.counts
        let counts = ReportTable(title: words.t("segment.moves.counts"), columns: [column("from"), column("to"), column("customers", .integer)],
                                 rows: steps.map { [tier($0.from), tier($0.to), .number(Double($0.count))] },
                                 links: Dictionary(uniqueKeysWithValues: steps.enumerated().map { index, step in
            (TableCell(row: index, column: 2), ReportLink.moves(segment: moves.segment, from: moves.from.id, to: moves.to.id,
                                                                fromTier: step.from ?? Self.noTier, toTier: step.to ?? Self.noTier))
        }))
        let list = ReportTable(title: words.t("segment.moves.customers"),
                               columns: ["customer_id", "name", "from", "to", "owner_id", "owner"].map { column($0) },
                               rows: shown.map { move in
            [.text(move.customerID), .text(customers.name(move.customerID)), tier(move.from), tier(move.to)]
                + customers.owner(move.customerID).map { .text($0) }
        }, links: Dictionary(uniqueKeysWithValues: shown.enumerated().map { index, move in
            (TableCell(row: index, column: 0), ReportLink.customer(move.customerID))
        }))
        func run(_ record: SegmentRunRecord) -> String { words.t("segment.moves.run", ["run": "\(record.id)", "as_of": record.asOf]) }
        return ReportDocument(name: "segment-moves", title: words.t("segment.moves.title", ["segment": moves.segment]),
                              parameters: [(words.t("segment.moves.from"), run(moves.from)), (words.t("segment.moves.to"), run(moves.to))],
                              currency: "", asOf: moves.to.asOf, language: language, blocks: [.table(counts), .table(list)])
    }
}
