import CrescentText

/// A report as plugins build it and the host renders it, to every format: headings, text, KPI
/// tiles, tables and charts, in order. Plugins never format output themselves.
public struct ReportDocument: Sendable, Equatable {
    /// The plugin's name.
    public var name: String
    public var title: String
    /// The parameters it ran with, in declared order, for the header.
    public var parameters: [(name: String, value: String)]
    /// The store's base currency: money values are in it.
    public var currency: String
    /// The day the figures are as of (`2026-12-01`); every rendering's header states it.
    public var asOf: String
    /// The language its texts are in: the renderers write their own words (headings of tiles, "no rows") in it.
    public var language: Language
    public var blocks: [ReportBlock]
    /// Whether a terminal shows the title and header (a plain list shows its table only).
    public var showsHeading = true

    public init(name: String, title: String, parameters: [(name: String, value: String)] = [], currency: String, asOf: String,
                language: Language = .en, blocks: [ReportBlock] = []) {
        self.name = name
        self.title = title
        self.parameters = parameters
        self.currency = currency
        self.asOf = asOf
        self.language = language
        self.blocks = blocks
    }

    /// What the header lists: the parameters, then the as-of day.
    public var headerItems: [(name: String, value: String)] { parameters + (asOf.isEmpty ? [] : [(words.t("report.as_of"), asOf)]) }

    /// The renderers' own words, in the document's language.
    public var words: Words { Words(language) }

    /// How its values read.
    public var values: ValueText { ValueText(language: language, currency: currency) }

    public static func == (a: ReportDocument, b: ReportDocument) -> Bool {
        a.name == b.name && a.title == b.title && a.parameters.elementsEqual(b.parameters, by: ==) && a.currency == b.currency
            && a.asOf == b.asOf && a.language == b.language && a.blocks == b.blocks && a.showsHeading == b.showsHeading
    }
}

public enum ReportBlock: Sendable, Equatable {
    case heading(String, level: Int)
    case text(String)
    case tiles([ReportTile])
    case table(ReportTable)
    case chart(ReportChart)
}

/// How a value reads.
public enum ValueKind: String, Sendable, CaseIterable {
    /// `change` is a relative change shown with its sign (+12.3%); `flag` is yes or no, shown as
    /// the column's mark or nothing (true or false for machines).
    case text, integer, number, money, percent, change, flag
}

/// A KPI at a glance: its value, against its target, and how it moved.
public struct ReportTile: Sendable, Equatable {
    public enum Direction: String, Sendable { case up, down, flat }

    public var label: String
    public var value: Double?
    public var kind: ValueKind
    public var target: Double?
    /// Relative change against a comparison (0.1 = +10%).
    public var change: Double?
    /// Whether the move is good news: drawn green when up is good and it went up, and so on.
    public var direction: Direction?
    public var note: String?
    /// The name machines read (the CSV's `kpi` column, JSON's `key`), the same in every language.
    public var key: String?

    public var machineName: String { key ?? label }

    public init(label: String, value: Double?, kind: ValueKind, target: Double? = nil, change: Double? = nil,
                direction: Direction? = nil, note: String? = nil, key: String? = nil) {
        self.key = key
        self.label = label
        self.value = value
        self.kind = kind
        self.target = target
        self.change = change
        self.direction = direction ?? change.map { $0 > 0 ? .up : $0 < 0 ? .down : .flat }
        self.note = note
    }
}

public enum ReportValue: Sendable, Equatable {
    case empty
    case text(String)
    case number(Double)
    case flag(Bool)
    /// A name from a fixed set (a unit, a status): people read `label`, in their language;
    /// machines read `code`, the same in every language.
    case code(String, label: String)
}

public struct ReportColumn: Sendable, Equatable {
    /// The heading people read, in the document's language.
    public var name: String
    public var kind: ValueKind
    /// The name machines read (CSV headers, JSON): the same in every language; the heading when nil.
    public var key: String?
    /// What a set flag shows as (`✓`, `Σ`).
    public var mark: String

    public init(name: String, kind: ValueKind, key: String? = nil, mark: String = "✓") {
        self.name = name
        self.kind = kind
        self.key = key
        self.mark = mark
    }

    /// The name machines read.
    public var machineName: String { key ?? name }
}

public struct ReportTable: Sendable, Equatable {
    public var title: String?
    public var columns: [ReportColumn]
    public var rows: [[ReportValue]]
    /// The cells that are sums of records, and where those records are (drill-down).
    public var links: [TableCell: ReportLink]

    public init(title: String? = nil, columns: [ReportColumn], rows: [[ReportValue]], links: [TableCell: ReportLink] = [:]) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.links = links
    }
}

public struct ReportChart: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case bar, stackedBar = "stacked_bar", line, funnel
    }

    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Double]
        /// The name machines read (the CSV column), the same in every language.
        public var key: String?

        public var machineName: String { key ?? name }

        public init(name: String, values: [Double], key: String? = nil) {
            self.name = name
            self.values = values
            self.key = key
        }
    }

    public var kind: Kind
    public var title: String
    public var categories: [String]
    public var series: [Series]
    /// How the values read (money, integer...).
    public var valueKind: ValueKind
    public var xLabel: String?
    public var yLabel: String?
    /// For machines: the name of the categories' column and each category's code (a stage's `lead`
    /// where people read 线索), the same in every language.
    public var xKey: String?
    public var categoryKeys: [String]?

    public init(kind: Kind, title: String, categories: [String], series: [Series], valueKind: ValueKind = .number,
                xLabel: String? = nil, yLabel: String? = nil) {
        self.kind = kind
        self.title = title
        self.categories = categories
        self.series = series
        self.valueKind = valueKind
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// The chart's data as a table: a column of categories, one per series.
    public var table: ReportTable {
        let first = ReportColumn(name: xLabel ?? "", kind: .text, key: xKey ?? xLabel ?? "")
        return ReportTable(title: title, columns: [first] + series.map { ReportColumn(name: $0.name, kind: valueKind, key: $0.machineName) },
                           rows: categories.indices.map { i in
            let category: ReportValue = categoryKeys.flatMap { i < $0.count ? .code($0[i], label: categories[i]) : nil } ?? .text(categories[i])
            return [category] + series.map { i < $0.values.count ? .number($0.values[i]) : .empty }
        })
    }
}
