import CrescentCore
import CrescentStore

/// The open deals behind a stage of the pipeline: JSON `{"stage", "scope", "currency", "as_of",
/// "probability", "count", "value", "weighted", "offset", "limit", "rows": [{"id", "name",
/// "customer_id", "customer", "owner_id", "owner", "amount", "currency", "base_amount", "created_on",
/// "expected_close_on"}]}`; for people the count, value and weighted value as tiles, then the page.
extension StageDeals: ReportResult {
    public static let resultName = "stage_deals"

    private enum Keys: String, CodingKey {
        case stage, scope, currency, asOf = "as_of", probability, count, value, weighted, offset, limit, rows
    }

    private enum RowKeys: String, CodingKey {
        case id, name, customerID = "customer_id", customer, ownerID = "owner_id", owner, amount, currency, baseAmount = "base_amount",
             createdOn = "created_on", expectedCloseOn = "expected_close_on"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(stage, forKey: .stage)
        try c.encode(scope.description, forKey: .scope)
        try c.encode(currency, forKey: .currency)
        try c.encode(asOf.description, forKey: .asOf)
        try c.encode(probability, forKey: .probability)
        try c.encode(count, forKey: .count)
        try c.encode(Rounded(value, places: 2), forKey: .value)
        try c.encode(Rounded(weighted, places: 2), forKey: .weighted)
        try c.encode(offset, forKey: .offset)
        try c.encode(limit, forKey: .limit)
        var list = c.nestedUnkeyedContainer(forKey: .rows)
        for row in rows {
            var r = list.nestedContainer(keyedBy: RowKeys.self)
            try r.encode(row.deal.id, forKey: .id)
            try r.encode(row.name, forKey: .name)
            try r.encode(row.customerID, forKey: .customerID)
            try r.encode(row.customerName, forKey: .customer)
            try r.encode(row.deal.key, forKey: .ownerID)
            try r.encode(row.ownerName, forKey: .owner)
            try r.encode(row.deal.amount.map { Rounded(Double($0) / 10_000, places: 4) }, forKey: .amount)
            try r.encode(row.deal.currency.isEmpty ? currency : row.deal.currency, forKey: .currency)
            try r.encode(Rounded(row.baseAmount, places: 2), forKey: .baseAmount)
            try r.encode(row.deal.createdOn?.description, forKey: .createdOn)
            try r.encode(row.deal.expectedCloseOn?.description, forKey: .expectedCloseOn)
        }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language), money = ValueText(language: language, currency: currency)
        func named(_ id: String, _ name: String) -> ReportValue { .text(name.isEmpty ? id : "\(id) \(name)") }
        let columns: [(String, String, ValueKind)] = [
            ("deal", "funnel.deal", .text), ("customer", "funnel.customer", .text), ("owner", "funnel.owner", .text),
            ("amount", "records.column.amount", .text), ("currency", "records.column.currency", .text),
            ("base_amount", "records.column.base_amount", .money), ("expected_close_on", "stage_deals.expected_close_on", .text),
        ]
        let table = ReportTable(columns: columns.map { ReportColumn(name: words.t($0.1), kind: $0.2, key: $0.0) }, rows: rows.map { row in
            [named(row.deal.id, row.name), named(row.customerID, row.customerName), named(row.deal.key ?? "", row.ownerName),
             .text(row.deal.amount.map(OrderRecords.amountText) ?? ""), .text(row.deal.currency.isEmpty ? currency : row.deal.currency),
             .number(row.baseAmount), .text(row.deal.expectedCloseOn?.description ?? "")]
        }, links: Dictionary(uniqueKeysWithValues: rows.enumerated().compactMap { index, row in
            row.customerID.isEmpty ? nil : (TableCell(row: index, column: 1), ReportLink.customer(row.customerID))
        }))
        let shown = rows.isEmpty ? words.t("stage_deals.none")
            : words.t("stage_deals.shown", ["first": "\(offset + 1)", "last": "\(offset + rows.count)", "count": "\(count)",
                                            "value": money.format(value, .money)])
        return ReportDocument(name: "stage_deals", title: words.t("stage_deals.title", ["stage": words.stageName(stage)]),
                              parameters: [(words.t("funnel.scope"), words.scope(scope))], currency: currency,
                              asOf: asOf.description, language: language, blocks: [
            .tiles([ReportTile(label: words.t("funnel.deals"), value: Double(count), kind: .integer, key: "count"),
                    ReportTile(label: words.t("funnel.value"), value: value, kind: .money, key: "value"),
                    ReportTile(label: words.t("funnel.weighted"), value: weighted, kind: .money, key: "weighted")]),
            .text(shown), .table(table),
        ])
    }
}
