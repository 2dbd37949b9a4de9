import CrescentStore
import Foundation

/// The JSON contract of `crescent kpi --format json` (docs/kpis.md#json), which is also the table
/// `crm.kpi` returns: `{"kpi", "period", "by", "unit", "currency", "as_of", "span", "compared",
/// "rows": [{"key", "label", "value", ...}]}`, each row with `target`, `target_rolled_up` and
/// `attainment` when compared with the target, `previous` and `change` with the previous period,
/// `year_before` and `change_yoy` with a year before, and `rank` and `percentile` when ranked
/// (with the rep's `team`, its peer group).
extension KpiReport: Encodable {
    private enum Keys: String, CodingKey {
        case kpi, period, by, unit, currency, asOf = "as_of", span, compared, rows
    }

    private enum SpanKeys: String, CodingKey {
        case name, period, from, to, days, toDate = "to_date", elapsedShare = "elapsed_share"
        case previous, yearBefore = "year_before"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kpi, forKey: .kpi)
        try c.encode(period.description, forKey: .period)
        try c.encode(grouping.rawValue, forKey: .by)
        try c.encode(unit.rawValue, forKey: .unit)
        try c.encode(currency, forKey: .currency)
        try c.encode(asOf.description, forKey: .asOf)
        var measured = c.nestedContainer(keyedBy: SpanKeys.self, forKey: .span)
        try Self.encode(span, name: period.spanName(asOf: asOf), into: &measured)
        try measured.encode(period.description, forKey: .period)
        try measured.encode(period.isInProgress(asOf: asOf), forKey: .toDate)
        try measured.encode(Rounded(elapsedShare, places: 4), forKey: .elapsedShare)
        var compared = c.nestedContainer(keyedBy: SpanKeys.self, forKey: .compared)
        for (key, span) in [(SpanKeys.previous, previousSpan), (.yearBefore, yearBeforeSpan)] {
            guard let span else { continue }
            var inner = compared.nestedContainer(keyedBy: SpanKeys.self, forKey: key)
            try Self.encode(span, name: span.description, into: &inner)
        }
        var list = c.nestedUnkeyedContainer(forKey: .rows)
        for row in rows { try list.encode(RowEncoding(row: row, report: self)) }
    }

    private static func encode(_ span: Period, name: String, into c: inout KeyedEncodingContainer<SpanKeys>) throws {
        try c.encode(name, forKey: .name)
        try c.encode(span.start.description, forKey: .from)
        try c.encode(span.end.description, forKey: .to)
        try c.encode(span.days, forKey: .days)
    }

    /// A number at the precision of its unit (cents for money, 4 decimals for ratios).
    public static func rounded(_ value: Double?, _ unit: KpiUnit) -> Rounded {
        switch unit {
        case .count, .money, .score: return Rounded(value, places: 2)
        case .ratio: return Rounded(value, places: 4)
        case .days: return Rounded(value, places: 1)
        }
    }

    /// A row with the fields its report's comparisons give it.
    private struct RowEncoding: Encodable {
        let row: KpiRow
        let report: KpiReport

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: KpiRow.CodingKeys.self)
            let unit = report.unit
            try c.encode(row.key.isEmpty ? nil : row.key, forKey: .key)
            try c.encode(row.label, forKey: .label)
            try c.encode(rounded(row.value, unit), forKey: .value)
            if report.comparisons.contains(.target) {
                try c.encode(rounded(row.target, unit), forKey: .target)
                try c.encode(row.targetRolledUp, forKey: .targetRolledUp)
                try c.encode(rounded(row.attainment, .ratio), forKey: .attainment)
            }
            if report.previousSpan != nil {
                try c.encode(rounded(row.previous, unit), forKey: .previous)
                try c.encode(rounded(row.change, .ratio), forKey: .change)
            }
            if report.yearBeforeSpan != nil {
                try c.encode(rounded(row.yearBefore, unit), forKey: .yearBefore)
                try c.encode(rounded(row.changeYoy, .ratio), forKey: .changeYoy)
            }
            if let peers = row.peers { try c.encode(peers.isEmpty ? nil : peers, forKey: .peers) }
            if report.ranked {
                try c.encode(row.rank, forKey: .rank)
                try c.encode(rounded(row.percentile, .days), forKey: .percentile)
            }
        }
    }
}

extension KpiRow {
    enum CodingKeys: String, CodingKey {
        case key, label, value, target, targetRolledUp = "target_rolled_up", attainment, previous, change
        case yearBefore = "year_before", changeYoy = "change_yoy", rank, percentile, peers = "team"
    }

    /// A row as a script left it (its JSON form, perhaps changed): missing fields read as none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decodeIfPresent(String.self, forKey: .key) ?? ""
        label = try c.decodeIfPresent(String.self, forKey: .label) ?? ""
        value = try c.decodeIfPresent(Double.self, forKey: .value)
        target = try c.decodeIfPresent(Double.self, forKey: .target)
        targetRolledUp = try c.decodeIfPresent(Bool.self, forKey: .targetRolledUp) ?? false
        attainment = try c.decodeIfPresent(Double.self, forKey: .attainment)
        previous = try c.decodeIfPresent(Double.self, forKey: .previous)
        change = try c.decodeIfPresent(Double.self, forKey: .change)
        yearBefore = try c.decodeIfPresent(Double.self, forKey: .yearBefore)
        changeYoy = try c.decodeIfPresent(Double.self, forKey: .changeYoy)
        rank = try c.decodeIfPresent(Int.self, forKey: .rank)
        percentile = try c.decodeIfPresent(Double.self, forKey: .percentile)
        peers = try c.decodeIfPresent(String.self, forKey: .peers)
    }

}
