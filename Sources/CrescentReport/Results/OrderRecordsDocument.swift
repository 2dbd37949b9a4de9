import CrescentCore
import Foundation
import CrescentStore

/// The orders behind an order KPI's value: JSON `{"kpi", "period", "by", "key", "label", "currency",
/// "as_of", "from", "to", "value", "count", "total", "offset", "limit", "rows": [{"id", "ordered_on",
/// "customer_id", "customer", "rep_id", "amount", "currency", "base_amount"}]}`; for people the value
/// and count as tiles, then the page of orders, oldest first.
extension OrderRecords: ReportResult {
    public static let resultName = "records"

    private enum Keys: String, CodingKey { case currency, value, count, total, rows }

    private enum RowKeys: String, CodingKey {
        case id, orderedOn = "ordered_on", customerID = "customer_id", customer, repID = "rep_id", amount, currency, baseAmount = "base_amount"
    }

    public func encode(to encoder: any Encoder) throws {
        try header.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(currency, forKey: .currency)
        try c.encode(Rounded(value, places: 2), forKey: .value)
        try c.encode(count, forKey: .count)
        try c.encode(Rounded(total, places: 2), forKey: .total)
        var list = c.nestedUnkeyedContainer(forKey: .rows)
        for (order, base) in rows {
            var row = list.nestedContainer(keyedBy: RowKeys.self)
            try row.encode(order.id, forKey: .id)
            try row.encode(order.day.description, forKey: .orderedOn)
            try row.encode(order.customerID, forKey: .customerID)
            try row.encode(order.customerName, forKey: .customer)
            try row.encode(order.repID, forKey: .repID)
            try row.encode(Rounded(Double(order.amount) / 10_000, places: 4), forKey: .amount)
            try row.encode(order.currency.isEmpty ? currency : order.currency, forKey: .currency)
            try row.encode(Rounded(base, places: 2), forKey: .baseAmount)
        }
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let columns: [(String, ValueKind)] = [("order", .text), ("ordered_on", .text), ("customer", .text), ("rep", .text), ("amount", .text),
                       ("currency", .text), ("base_amount", .money)]
        let table = ReportTable(columns: columns.map { key, kind in
            ReportColumn(name: words.t("records.column.\(key)"), kind: kind, key: key)
        }, rows: rows.map { order, base in
            [.text(order.id), .text(order.day.description), .text([order.customerID, order.customerName].compactMap { $0 }.joined(separator: " ")),
             .text(order.repID ?? ""), .text(Self.amountText(order.amount)), .text(order.currency.isEmpty ? currency : order.currency),
             .number(base)]
        }, links: Dictionary(uniqueKeysWithValues: rows.enumerated().compactMap { index, row in
            row.order.customerID.map { (TableCell(row: index, column: 2), ReportLink.customer($0)) }
        }))
        let shown = header.shown("records.shown", none: "records.none", rows: rows.count, count: count, words,
                                 more: [("total", ValueText(language: language, currency: currency).format(total, .money))])
        return ReportDocument(name: "records", title: header.title("records.title", words), parameters: header.parameters(words),
                              currency: currency, asOf: header.asOf.description, language: language, blocks: [
            .tiles([ReportTile(label: words.kpiName(header.kpi), value: value, kind: header.kpi == "orders" ? .integer : .money, key: header.kpi),
                    ReportTile(label: words.t("records.count"), value: Double(count), kind: .integer, key: "count")]),
            .text(shown), .table(table),
        ])
    }

    /// An amount of ten-thousandths in its own currency, to the cent with grouped thousands (`15,210.07`).
    static func amountText(_ units: Int64) -> String {
        (Double(units) / 10_000).formatted(.number.precision(.fractionLength(2)).locale(Locale(identifier: "en_US")))
    }
}
