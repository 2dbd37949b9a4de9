import CrescentCore
import CrescentStore

/// The activities behind an activity KPI's value: JSON `{"kpi", "period", "by", "key", "label",
/// "kind", "as_of", "from", "to", "count", "offset", "limit", "rows": [{"id", "occurred_at", "kind",
/// "customer_id", "customer", "rep_id", "outcome"}]}`; for people the count as a tile, then the page,
/// oldest first.
extension ActivityRecords: ReportResult {
    public static let resultName = "activity_records"

    private enum Keys: String, CodingKey { case kind, count, rows }

    private enum RowKeys: String, CodingKey {
        case id, occurredAt = "occurred_at", kind, customerID = "customer_id", customer, repID = "rep_id", outcome
    }

    public func encode(to encoder: any Encoder) throws {
        try header.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(count, forKey: .count)
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
        let what = words.kpiName(header.kpi) + (header.kpi == "activities" ? kind.map { " (\($0))" } ?? "" : "")
        let columns = ["activity", "occurred_at", "kind", "customer", "rep", "outcome"]
        let table = ReportTable(columns: columns.map { ReportColumn(name: words.t("activity_records.column.\($0)"), kind: .text, key: $0) },
                                rows: rows.map { activity in
            [.text(activity.id), .text(activity.occurredAt), .text(activity.kind),
             .text([activity.customerID, activity.customerName].compactMap { $0 }.joined(separator: " ")), .text(activity.repID ?? ""),
             .text(activity.outcome ?? "")]
        }, links: Dictionary(uniqueKeysWithValues: rows.enumerated().compactMap { index, activity in
            activity.customerID.map { (TableCell(row: index, column: 3), ReportLink.customer($0)) }
        }))
        let shown = header.shown("activity_records.shown", none: "activity_records.none", rows: rows.count, count: count, words)
        return ReportDocument(name: "records", title: header.title("activity_records.title", words, what: what),
                              parameters: header.parameters(words), currency: "", asOf: header.asOf.description, language: language, blocks: [
            .tiles([ReportTile(label: what, value: Double(count), kind: .integer, key: header.kpi)]), .text(shown), .table(table),
        ])
    }
}
