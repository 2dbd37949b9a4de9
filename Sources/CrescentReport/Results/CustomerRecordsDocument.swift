import CrescentCore
import CrescentStore

/// The customers behind a customer-count KPI's value: JSON `{"kpi", "period", "by", "key", "label",
/// "as_of", "from", "to", "count", "offset", "limit", "rows": [{"id", "name", "owner_id", "owner"}]}`;
/// for people the count as a tile, then the page, each customer linked to its page.
extension CustomerRecords: ReportResult {
    public static let resultName = "customer_records"

    private enum Keys: String, CodingKey {
        case kpi, period, by, key, label, asOf = "as_of", from, to, count, offset, limit, rows
    }

    private enum RowKeys: String, CodingKey { case id, name, ownerID = "owner_id", owner }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kpi, forKey: .kpi)
        try c.encode(period.description, forKey: .period)
        try c.encode(grouping.rawValue, forKey: .by)
        try c.encode(key, forKey: .key)
        try c.encode(label, forKey: .label)
        try c.encode(asOf.description, forKey: .asOf)
        try c.encode(span.start.description, forKey: .from)
        try c.encode(span.end.description, forKey: .to)
        try c.encode(count, forKey: .count)
        try c.encode(offset, forKey: .offset)
        try c.encode(limit, forKey: .limit)
        var list = c.nestedUnkeyedContainer(forKey: .rows)
        for customer in rows {
            var row = list.nestedContainer(keyedBy: RowKeys.self)
            try row.encode(customer.id, forKey: .id)
            try row.encode(customer.name, forKey: .name)
            try row.encode(customer.ownerID, forKey: .ownerID)
            try row.encode(customer.ownerName, forKey: .owner)
        }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let group = grouping == .company ? words.t("kpi.company") : key.isEmpty ? words.t("kpi.none") : label.map { "\($0) (\(key))" } ?? key
        let table = ReportTable(columns: ["customer_id", "name", "owner_id", "owner"].map {
            ReportColumn(name: words.t("column.\($0)"), kind: .text, key: $0)
        }, rows: rows.map { [.text($0.id), .text($0.name), .text($0.ownerID), .text($0.ownerName)] },
           links: Dictionary(uniqueKeysWithValues: rows.enumerated().map { (TableCell(row: $0.offset, column: 0), ReportLink.customer($0.element.id)) }))
        let shown = rows.isEmpty ? words.t("customer_records.none")
            : words.t("customer_records.shown", ["first": "\(offset + 1)", "last": "\(offset + rows.count)", "count": "\(count)"])
        return ReportDocument(name: "records", title: words.t("customer_records.title", ["kpi": words.kpiName(kpi), "group": group,
                                                                                        "period": period.description]),
                              parameters: [(words.t("records.span"), "\(span.start) – \(span.end)")], currency: "",
                              asOf: asOf.description, language: language, blocks: [
            .tiles([ReportTile(label: words.kpiName(kpi), value: Double(count), kind: .integer, key: kpi)]), .text(shown), .table(table),
        ])
    }
}
