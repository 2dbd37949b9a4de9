import CrescentCore
import CrescentStore

/// A segmentation run for people: per tier its customers and revenue with its service rhythm and
/// strategy, then the moves since the previous saved run.
extension SegmentSummary: ReportResult {
    public static let resultName = "segment_run"

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        var blocks: [ReportBlock] = []
        if !description.isEmpty { blocks.append(.text(description)) }
        blocks.append(.table(tierTable(words)))
        blocks += moveBlocks(words)
        if let followUps {
            let labels = Dictionary(tiers.map { ($0.name, $0.label ?? $0.name) }, uniquingKeysWith: { first, _ in first })
            blocks += followUps.blocks(words, dryRun: run == nil, tierLabels: labels)
        }
        let saved = run.map { words.t("segment.saved_as", ["run": String($0)]) } ?? words.t("segment.dry_run")
        return ReportDocument(name: "segment-run", title: segment,
                              parameters: [(words.t("segment.customers"), ValueText(language: language).format(Double(customers), .integer)),
                                           (words.t("segment.run"), saved)],
                              currency: currency, asOf: asOf, language: language, blocks: blocks)
    }

    func tierTable(_ words: Words) -> ReportTable {
        ReportTable(columns: [ReportColumn(name: words.t("segment.tier"), kind: .text, key: "tier"),
                              ReportColumn(name: words.t("segment.customers"), kind: .integer, key: "customers"),
                              ReportColumn(name: words.t("segment.share"), kind: .percent, key: "share"),
                              ReportColumn(name: words.t("segment.revenue_12m"), kind: .money, key: "revenue_12m"),
                              ReportColumn(name: words.t("segment.revenue_share"), kind: .percent, key: "revenue_share"),
                              ReportColumn(name: words.t("segment.follow_up"), kind: .text, key: "follow_up_days"),
                              ReportColumn(name: words.t("segment.strategy"), kind: .text, key: "strategy")],
                    rows: tiers.map { tier in
                        [.code(tier.name, label: tier.label ?? tier.name), .number(Double(tier.count)), .number(tier.share), .number(tier.revenue12m),
                         tier.revenueShare.map { .number($0) } ?? .empty,
                         tier.followUpDays.map { .code(String($0), label: words.t("segment.every_days", ["n": String($0)])) } ?? .empty,
                         .text(tier.strategy ?? "")]
                    })
    }

    func moveBlocks(_ words: Words) -> [ReportBlock] {
        guard let previousRun else { return [.text(words.t("segment.first_run", ["segment": segment]))] }
        let heading = words.t("segment.moves_since", ["run": String(previousRun.id), "as_of": previousRun.asOf])
        guard !moves.isEmpty else { return [.text(heading + words.t("segment.no_moves"))] }
        let labels = Dictionary(tiers.map { ($0.name, $0.label ?? $0.name) }, uniquingKeysWith: { first, _ in first })
        func tier(_ name: String) -> ReportValue { .code(name, label: labels[name] ?? name) }
        return [.table(ReportTable(title: heading,
                                   columns: [ReportColumn(name: words.t("segment.from"), kind: .text, key: "from"),
                                             ReportColumn(name: words.t("segment.to"), kind: .text, key: "to"),
                                             ReportColumn(name: words.t("segment.customers"), kind: .integer, key: "customers")],
                                   rows: moves.map { move in
                                       [move.from.map(tier) ?? .code("", label: words.t("segment.new")), tier(move.to),
                                        .number(Double(move.count))]
                                   }))]
    }
}

/// A saved segmentation for people: its latest run as `segment run` showed it, and how many runs are saved.
extension SavedSegment: ReportResult {
    public static let resultName = "segment"

    public func document(_ language: Language) -> ReportDocument {
        var document = latest.document(language)
        document.parameters.append((Words(language).t("segment.runs"), String(runs)))
        return document
    }
}
