import CrescentStore
import Foundation

/// How the customers of a saved segmentation moved between two of its runs: each customer's tier
/// at the earlier run and at the later one (nil: not yet in any tier), for those whose tier differs,
/// and how many made each move (from tier, to tier).
public struct SegmentMoves: Sendable {
    public struct Move: Sendable, Equatable {
        public let customerID: String
        public let from: String?
        public let to: String?
    }

    public let segment: String
    public let from: SegmentRunRecord
    public let to: SegmentRunRecord
    /// Every customer that moved, by customer id.
    public let moves: [Move]
    /// The tiers in the order the later run lists them, then any others the runs had, by name.
    public let tiers: [String]

    /// The moves of `segment` from run `fromID` to run `toID` (by default, from the run before the
    /// latest to the latest); the earlier of the two is always `from`.
    public init(segment: String, runs: [SegmentRunRecord], from fromID: Int64? = nil, to toID: Int64? = nil, store: any RecordStore) throws {
        func run(_ id: Int64?, _ fallback: SegmentRunRecord?, _ parameter: String) throws -> SegmentRunRecord {
            guard let id else {
                guard let fallback else { throw StoreError.usage(Message("segment.one_run", ["segment": segment])) }
                return fallback
            }
            guard let found = runs.first(where: { $0.id == id }) else {
                throw StoreError.usage(Message("segment.no_run", ["name": parameter, "run": "\(id)", "segment": segment,
                                                                  "runs": runs.map { "\($0.id)" }.joined(separator: ", ")]))
            }
            return found
        }
        let latest = runs.last, before = runs.count > 1 ? runs[runs.count - 2] : nil
        var (a, b) = (try run(fromID, before, "from"), try run(toID, latest, "to"))
        if a.id > b.id { (a, b) = (b, a) }
        self.segment = segment
        (from, to) = (a, b)
        var moves: [Move] = [], current: [UInt8] = [], atFrom: String?, atTo: String?, seen: Set<String> = []
        func flush() {
            guard !current.isEmpty, atFrom != atTo else { return }
            moves.append(Move(customerID: String(decoding: current, as: UTF8.self), from: atFrom, to: atTo))
        }
        // One pass over the changes, customer by customer, run by run: the last change at or before a run is the tier then.
        try store.forEachTierChange(segment: segment) { id, tier, runID in
            if !id.elementsEqual(current) {
                flush()
                (current, atFrom, atTo) = (Array(id), nil, nil)
            }
            if runID <= a.id { atFrom = tier }
            if runID <= b.id { atTo = tier }
            if runID <= b.id { seen.insert(tier) }
        }
        flush()
        self.moves = moves
        let declared = Self.tierNames(b.summary)
        tiers = declared + seen.subtracting(declared).sorted()
    }

    /// The tiers a run's saved summary lists, in its order (none in a rep's view of it, which is `{}`).
    private static func tierNames(_ summary: String) -> [String] {
        let object = (try? JSONSerialization.jsonObject(with: Data(summary.utf8))) as? [String: Any]
        return (object?["tiers"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
    }

    /// How many customers made each move, in tier order (customers new to the segmentation first).
    public var counts: [(from: String?, to: String?, count: Int)] {
        struct Step: Hashable { let from: String?, to: String? }
        let rank = Dictionary(uniqueKeysWithValues: tiers.enumerated().map { ($1, $0) })
        func place(_ tier: String?) -> Int { tier.flatMap { rank[$0] } ?? -1 }
        return Dictionary(grouping: moves) { Step(from: $0.from, to: $0.to) }
            .map { (from: $0.key.from, to: $0.key.to, count: $0.value.count) }
            .sorted { (place($0.from), place($0.to)) < (place($1.from), place($1.to)) }
    }
}
