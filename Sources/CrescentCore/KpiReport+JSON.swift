import CrescentStore
import Foundation

extension KpiReport {
    /// The JSON contract of `crescent kpi --format json` (docs/kpis.md#json):
    /// `{"kpi", "period", "by", "unit", "as_of", "span", "compared", "rows": [{"key", "label", "value", ...}]}`,
    /// each row with `target`, `target_rolled_up` and `attainment` when compared with the target,
    /// `previous` and `change` with the previous period, `year_before` and `change_yoy` with a year
    /// before, and `rank` and `percentile` when ranked (with the rep's `team`, its peer group).
    public var json: String {
        let items = rows.map { row -> String in
            var fields = ["\"key\": \(row.key.isEmpty ? "null" : JSONText.string(row.key))", "\"label\": \(JSONText.string(row.label))",
                          "\"value\": \(Self.number(row.value, unit))"]
            if comparisons.contains(.target) {
                fields += ["\"target\": \(Self.number(row.target, unit))", "\"target_rolled_up\": \(row.targetRolledUp)",
                           "\"attainment\": \(Self.number(row.attainment, .ratio))"]
            }
            if previousSpan != nil {
                fields += ["\"previous\": \(Self.number(row.previous, unit))", "\"change\": \(Self.number(row.change, .ratio))"]
            }
            if yearBeforeSpan != nil {
                fields += ["\"year_before\": \(Self.number(row.yearBefore, unit))", "\"change_yoy\": \(Self.number(row.changeYoy, .ratio))"]
            }
            if let peers = row.peers { fields.append("\"team\": \(peers.isEmpty ? "null" : JSONText.string(peers))") }
            if ranked {
                fields += ["\"rank\": \(row.rank.map(String.init) ?? "null")", "\"percentile\": \(Self.number(row.percentile, .days))"]
            }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        func spanJSON(_ span: Period, name: String? = nil, more: String = "") -> String {
            "{\"name\": \(JSONText.string(name ?? span.description)), \"from\": \"\(span.start)\", \"to\": \"\(span.end)\", \"days\": \(span.days)\(more)}"
        }
        let compared = [("previous", previousSpan), ("year_before", yearBeforeSpan)].compactMap { name, span in
            span.map { "\"\(name)\": \(spanJSON($0))" }
        }
        return "{\"kpi\": \(JSONText.string(kpi)), \"period\": \"\(period)\", \"by\": \"\(grouping.rawValue)\", \"unit\": \"\(unit.rawValue)\", "
            + "\"as_of\": \"\(asOf)\", \"span\": "
            + spanJSON(span, name: period.spanName(asOf: asOf),
                       more: ", \"to_date\": \(period.isInProgress(asOf: asOf)), \"elapsed_share\": \(Self.number(elapsedShare, .ratio))") + ", "
            + "\"compared\": {\(compared.joined(separator: ", "))}, \"rows\": [\(items.joined(separator: ", "))]}"
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
