import CrescentCore
import CrescentStore

/// The customers behind a customer-count KPI's value: JSON `{"kpi", "period", "by", "key", "label",
/// "as_of", "from", "to", "count", "offset", "limit", "rows": [{"id", "name", "owner_id", "owner"}]}`;
/// for people the count as a tile, then the page, each customer linked to its page.
extension CustomerRecords: ReportResult {
    public static let resultName = "customer_records"

    private enum Keys: String, CodingKey { case count, rows }

    private enum RowKeys: String, CodingKey { case id, name, ownerID = "owner_id", owner }

    public func encode(to encoder: any Encoder) throws {
        try header.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(count, forKey: .count)
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
        let table = ReportTable(columns: ["customer_id", "name", "owner_id", "owner"].map {
            ReportColumn(name: words.t("column.\($0)"), kind: .text, key: $0)
        }, rows: rows.map { [.text($0.id), .text($0.name), .text($0.ownerID), .text($0.ownerName)] },
           links: Dictionary(uniqueKeysWithValues: rows.enumerated().map { (TableCell(row: $0.offset, column: 0), ReportLink.customer($0.element.id)) }))
        let shown = header.shown("customer_records.shown", none: "customer_records.none", rows: rows.count, count: count, words)
        return ReportDocument(name: "records", title: header.title("customer_records.title", words), parameters: header.parameters(words),
                              currency: "", asOf: header.asOf.description, language: language, blocks: [
            .tiles([ReportTile(label: words.kpiName(header.kpi), value: Double(count), kind: .integer, key: header.kpi)]),
            .text(shown), .table(table),
        ])
    }
}
