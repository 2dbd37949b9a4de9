import CrescentStore
import Foundation

extension KpiReport {
    /// The JSON contract of `crescent kpi --format json`: `{"kpi", "period", "rows": [{"key", "value", ...}]}`,
    /// each row with `target` and `attainment` when compared with the target, `previous` and `change`
    /// when compared with the previous period or a year before, and `rank` and `percentile` when ranked
    /// (with the rep's `team`, its peer group, when reps are ranked).
    public var json: String {
        let items = rows.map { row -> String in
            var fields = ["\"key\": \(row.key.isEmpty ? "null" : JSONText.string(row.key))", "\"label\": \(JSONText.string(row.label))",
                          "\"value\": \(Self.number(row.value, unit))"]
            if comparisons.contains(.target) {
                fields += ["\"target\": \(Self.number(row.target, unit))", "\"attainment\": \(Self.number(row.attainment, .ratio))"]
            }
            if comparisons.contains(.previous) || comparisons.contains(.yoy) {
                fields += ["\"previous\": \(Self.number(row.previous, unit))", "\"change\": \(Self.number(row.change, .ratio))"]
            }
            if let peers = row.peers { fields.append("\"team\": \(peers.isEmpty ? "null" : JSONText.string(peers))") }
            if ranked {
                fields += ["\"rank\": \(row.rank.map(String.init) ?? "null")", "\"percentile\": \(Self.number(row.percentile, .days))"]
            }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        return "{\"kpi\": \(JSONText.string(kpi)), \"period\": \"\(period)\", \"by\": \"\(grouping.rawValue)\", \"unit\": \"\(unit.rawValue)\", "
            + "\"rows\": [\(items.joined(separator: ", "))]}"
    }

    /// A JSON number at the precision of its unit (cents for money, 4 decimals for ratios), or null.
    public static func number(_ value: Double?, _ unit: KpiUnit) -> String {
        switch unit {
        case .count: return value.map { $0 == $0.rounded() && abs($0) < 1e15 } == true ? String(Int64(value!)) : JSONText.fixed(value, decimals: 2)
        case .money, .score: return JSONText.fixed(value, decimals: 2)
        case .ratio: return JSONText.fixed(value, decimals: 4)
        case .days: return JSONText.fixed(value, decimals: 1)
        }
    }
}
