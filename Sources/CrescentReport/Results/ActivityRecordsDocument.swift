import CrescentCore
import CrescentStore

/// The activities behind an activity KPI's value: JSON `{"kpi", "period", "by", "key", "label",
/// "kind", "as_of", "from", "to", "count", "offset", "limit", "rows": [{"id", "occurred_at", "kind",
/// "customer_id", "customer", "rep_id", "outcome"}]}`; for people the count as a tile, then the page,
/// oldest first.
extension ActivityRecords: ReportResult {
    public static let resultName = "activity_records"

    private enum Keys: String, CodingKey {
        case kpi, period, by, key, label, kind, asOf = "as_of", from, to, count, offset, limit, rows
    }

    private enum RowKeys: String, CodingKey {
        case id, occurredAt = "occurred_at", kind, customerID = "customer_id", customer, repID = "rep_id", outcome
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kpi, forKey: .kpi)
        try c.encode(period.description, forKey: .period)
        try c.encode(grouping.rawValue, forKey: .by)
        try c.encode(key, forKey: .key)
        try c.encode(label, forKey: .label)
        try c.encode(kind, forKey: .kind)
        try c.encode(asOf.description, forKey: .asOf)
        try c.encode(span.start.description, forKey: .from)
        try c.encode(span.end.description, forKey: .to)
        try c.encode(count, forKey: .count)
        try c.encode(offset, forKey: .offset)
        try c.encode(limit, forKey: .limit)
        var list = c.nestedUnkeyedContainer(forKey: .rows)
        for activity in rows {
            var row = list.nestedContainer(keyedBy: RowKeys.self)
            try row.encode(activity.id, forKey: .id)
            try row.encode(activity.occurredAt, forKey: .occurredAt)
            try row.encode(activity.kind, forKey: .kind)
            try row.encode(activity.customerID, forKey: .customerID)
            try row.encode(activity.customerName, forKey: .customer)
            try row.encode(activity.repID, forKey: .repID)
            try row.encode(activity.outcome, forKey: .outcome)
        }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let group = grouping == .company ? words.t("kpi.company") : key.isEmpty ? words.t("kpi.none") : label.map { "\($0) (\(key))" } ?? key
        let what = words.kpiName(kpi) + (kpi == "activities" ? kind.map { " (\($0))" } ?? "" : "")
        let columns = ["activity", "occurred_at", "kind", "customer", "rep", "outcome"]
        let table = ReportTable(columns: columns.map { ReportColumn(name: words.t("activity_records.column.\($0)"), kind: .text, key: $0) },
                                rows: rows.map { activity in
            [.text(activity.id), .text(activity.occurredAt), .text(activity.kind),
             .text([activity.customerID, activity.customerName].compactMap { $0 }.joined(separator: " ")), .text(activity.repID ?? ""),
             .text(activity.outcome ?? "")]
        }, links: Dictionary(uniqueKeysWithValues: rows.enumerated().compactMap { index, activity in
            activity.customerID.map { (TableCell(row: index, column: 3), ReportLink.customer($0)) }
        }))
        let shown = rows.isEmpty ? words.t("activity_records.none")
            : words.t("activity_records.shown", ["first": "\(offset + 1)", "last": "\(offset + rows.count)", "count": "\(count)"])
        return ReportDocument(name: "records", title: words.t("activity_records.title", ["kpi": what, "group": group, "period": period.description]),
                              parameters: [(words.t("records.span"), "\(span.start) – \(span.end)")], currency: "",
                              asOf: asOf.description, language: language, blocks: [
            .tiles([ReportTile(label: what, value: Double(count), kind: .integer, key: kpi)]), .text(shown), .table(table),
        ])
    }
}
