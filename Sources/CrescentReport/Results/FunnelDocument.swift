import CrescentCore
import CrescentStore

/// The funnel for people: stage conversion and dwell, the closed and open results as tiles, the
/// bottleneck, the open pipeline by stage and the longest-stalled deals.
extension FunnelReport: ReportResult {
    public static let resultName = "funnel"
    /// Stalled deals listed for people (the JSON form lists them all).
    public static let stalledShown = 20

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        var blocks: [ReportBlock] = [.table(stageTable(words))]
        var chart = ReportChart(kind: .funnel, title: words.t("funnel.chart"), categories: stages.map { words.stageName($0.stage) },
                                series: [.init(name: words.t("funnel.entered"), values: stages.map { Double($0.entered) }, key: "entered")],
                                valueKind: .integer)
        (chart.xKey, chart.categoryKeys) = ("stage", stages.map(\.stage))
        blocks.append(.chart(chart))
        blocks.append(.tiles(tiles(words)))
        blocks.append(.text(words.bottleneck(bottleneck)))
        if !pipeline.isEmpty { blocks.append(.table(openTable(words))) }
        if !stalled.isEmpty {
            blocks.append(.table(stalledTable(words)))
            if stalled.count > Self.stalledShown {
                blocks.append(.text(words.t("funnel.stalled.more", ["n": String(stalled.count - Self.stalledShown)])))
            }
        }
        return ReportDocument(name: "funnel", title: words.t("funnel.title"),
                              parameters: [(words.t("kpi.period"), words.spanName(period, asOf: asOf)), (words.t("funnel.scope"), words.scope(scope))],
                              currency: currency, asOf: asOf.description, language: language, blocks: blocks)
    }

    private func stageTable(_ words: Words) -> ReportTable {
        let ready = !readyToExit.isEmpty
        var columns = [("stage", ValueKind.text), ("entered", .integer), ("converted", .integer), ("conversion", .percent),
                       ("expected_conversion", .percent), ("mean_dwell_days", .number), ("median_dwell_days", .number),
                       ("max_dwell_days", .number), ("stalled", .integer)]
        if ready { columns.append(("ready_to_exit", .integer)) }
        func number(_ value: Double?) -> ReportValue { value.map { .number($0) } ?? .empty }
        let rows = stages.map { s -> [ReportValue] in
            var cells: [ReportValue] = [words.stage(s.stage), .number(Double(s.entered)),
                                        s.expectedConversion == nil ? .empty : .number(Double(s.converted)), number(s.conversion),
                                        number(s.expectedConversion), number(s.meanDwellDays), number(s.medianDwellDays),
                                        number(s.maxDwellDays), s.maxDwellDays == nil ? .empty : .number(Double(s.stalled))]
            if ready { cells.append(readyToExit[s.stage].map { .number(Double($0)) } ?? .empty) }
            return cells
        }
        return ReportTable(title: words.t("funnel.stages"),
                           columns: columns.map { ReportColumn(name: words.t("funnel.\($0.0)"), kind: $0.1, key: $0.0) }, rows: rows)
    }

    private func tiles(_ words: Words) -> [ReportTile] {
        let closed = words.t("funnel.closed_in", ["period": words.period(period)])
        return [ReportTile(label: words.t("funnel.won"), value: Double(won), kind: .integer, note: closed, key: "won"),
                ReportTile(label: words.t("funnel.lost"), value: Double(lost), kind: .integer, note: closed, key: "lost"),
                ReportTile(label: words.kpiName("win_rate"), value: winRate, kind: .percent, key: "win_rate"),
                ReportTile(label: words.kpiName("sales_cycle_days"), value: salesCycleDays, kind: .number, key: "sales_cycle_days"),
                ReportTile(label: words.t("funnel.avg_won_deal_size"), value: avgWonDealSize, kind: .money, key: "avg_won_deal_size"),
                ReportTile(label: words.t("funnel.open_deals"), value: Double(openDealCount), kind: .integer, key: "open_deals"),
                ReportTile(label: words.kpiName("pipeline_value"), value: pipelineValue, kind: .money, key: "pipeline_value"),
                ReportTile(label: words.kpiName("weighted_pipeline"), value: weightedPipeline, kind: .money, key: "weighted_pipeline"),
                ReportTile(label: words.t("funnel.velocity_per_day"), value: velocityPerDay, kind: .money, key: "velocity_per_day")]
    }

    private func openTable(_ words: Words) -> ReportTable {
        ReportTable(title: words.t("funnel.open"),
                    columns: [ReportColumn(name: words.t("funnel.stage"), kind: .text, key: "stage"),
                              ReportColumn(name: words.t("funnel.deals"), kind: .integer, key: "deals"),
                              ReportColumn(name: words.t("funnel.value"), kind: .money, key: "value"),
                              ReportColumn(name: words.t("funnel.weighted"), kind: .money, key: "weighted")],
                    rows: pipeline.map { [words.stage($0.stage), .number(Double($0.deals)), .number($0.value), .number($0.weighted)] },
                    links: Dictionary(uniqueKeysWithValues: pipeline.enumerated().map { index, open in
                        (TableCell(row: index, column: 1), ReportLink.stageDeals(open.stage, scope: scope))
                    }))
    }

    private func stalledTable(_ words: Words) -> ReportTable {
        func named(_ id: String, _ name: String) -> ReportValue { .text(name.isEmpty ? id : "\(id) \(name)") }
        let rows = stalled.prefix(Self.stalledShown).map { deal -> [ReportValue] in
            // The amount is in the deal's own currency, which need not be the base currency: it says which.
            let currency = deal.currency.isEmpty ? self.currency : deal.currency
            let money = ValueText(language: words.language, currency: currency)
            let amount = deal.amount.map { money.format($0, .money) + (money.unit(.money).isEmpty ? "" : " " + currency) } ?? ""
            return [.text(deal.deal), named(deal.customer, deal.customerName), .text(amount), named(deal.owner, deal.ownerName),
                    words.stage(deal.stage), .number(deal.days), .number(deal.maxDays)]
        }
        let customers = stalled.prefix(Self.stalledShown).enumerated().compactMap { index, deal in
            deal.customer.isEmpty ? nil : (TableCell(row: index, column: 1), ReportLink.customer(deal.customer))
        }
        return ReportTable(title: words.t("funnel.stalled.title", ["n": String(stalled.count)]),
                           columns: [ReportColumn(name: words.t("funnel.deal"), kind: .text, key: "deal"),
                                     ReportColumn(name: words.t("funnel.customer"), kind: .text, key: "customer"),
                                     ReportColumn(name: words.t("funnel.amount"), kind: .text, key: "amount"),
                                     ReportColumn(name: words.t("funnel.owner"), kind: .text, key: "owner"),
                                     ReportColumn(name: words.t("funnel.stage"), kind: .text, key: "stage"),
                                     ReportColumn(name: words.t("funnel.days_in_stage"), kind: .number, key: "days"),
                                     ReportColumn(name: words.t("funnel.max_days"), kind: .integer, key: "max_days")],
                           rows: Array(rows), links: Dictionary(uniqueKeysWithValues: customers))
    }
}

extension Words {
    /// A funnel stage as people read it: Crescent's default stages have names in each language;
    /// a team's own stages read as they are named.
    /// The funnel's bottleneck as a sentence: which stage, and its conversion or dwell against what is expected.
    public func bottleneck(_ bottleneck: FunnelReport.Bottleneck?) -> String {
        guard let bottleneck else { return t("funnel.bottleneck.none") }
        let values = ValueText(language: language)
        let kind: ValueKind = bottleneck.measure == .conversion ? .percent : .number
        return t(bottleneck.measure == .conversion ? "funnel.bottleneck.conversion" : "funnel.bottleneck.dwell",
                 ["stage": stageName(bottleneck.stage), "value": values.format(bottleneck.value, kind),
                  "expected": values.format(bottleneck.expected, kind)])
    }

    public func stageName(_ stage: String) -> String { has("stages.\(stage)") ? t("stages.\(stage)") : stage }

    /// A stage in a table: people read its name, machines its code.
    func stage(_ stage: String) -> ReportValue { .code(stage, label: stageName(stage)) }

    /// Whose figures: "company", "team:T1" (as the command line writes it) / "公司", "团队 T1".
    public func scope(_ scope: TargetScope) -> String {
        guard language == .zh else { return scope.description }
        switch scope {
        case .company: return t("by.company")
        case .team(let id): return t("by.team") + " " + id
        case .rep(let id): return t("by.rep") + " " + id
        }
    }
}
