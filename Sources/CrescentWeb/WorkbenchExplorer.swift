import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore
import Foundation

/// The KPI explorer (`/kpis/NAME?period=&by=&compare=&scope=&rank=`) and the funnel (`/funnel?period=&scope=`).
extension Workbench {
    func kpi(_ name: String, _ visit: Visit, format: String? = nil) throws -> WebReply {
        let catalog = try KpiCatalog(store: visit.store, environment: environment(visit))
        let period = try Self.period(visit, default: "this-quarter")
        let grouping = try Self.grouping(visit)
        let comparisons = try Self.list(visit, "compare").map { text in
            guard let comparison = KpiComparison(rawValue: text) else {
                throw Self.badParameter("compare", text, KpiComparison.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return comparison
        }
        let report = try visit.store.consistentRead {
            try catalog.report(name, period: period, by: grouping, comparisons: comparisons, ranked: visit.query["rank"] == "1",
                               scope: try Self.scope(visit), options: KpiOptions(kind: Self.given(visit, "kind"), stage: Self.given(visit, "stage")))
        }
        let chosen = format ?? visit.query["format"]
        if chosen == "json" { return .json(report.rendered(.json, language: visit.language)) }
        return try deliver(report.document(visit.language), chosen, visit, before: kpiForm(name, catalog, grouping, comparisons, visit))
    }

    func funnel(_ visit: Visit, format: String? = nil) throws -> WebReply {
        let period = try Self.period(visit, default: "this-quarter")
        let report = try visit.store.consistentRead {
            try FunnelRun(environment: environment(visit), store: visit.store).report(period: period, scope: try Self.scope(visit) ?? .company)
        }
        let chosen = format ?? visit.query["format"]
        if chosen == "json" { return .json(report.rendered(.json, language: visit.language)) }
        let form = "<form method=\"get\" class=\"params\">\(periodField(visit))\(scopeField(visit))"
            + "<button type=\"submit\">\(HTMLRenderer.escaped(visit.words.t("web.show")))</button></form>\n"
        return try deliver(report.document(visit.language), chosen, visit, before: form)
    }

    /// The open deals of a stage of the pipeline (`?stage=&scope=&page=`), 50 a page, largest first.
    func stageDeals(_ visit: Visit, format: String? = nil) throws -> WebReply {
        guard let stage = Self.given(visit, "stage") else { throw Self.badParameter("stage", "", visit.words.t("web.a_stage")) }
        let scope = try Self.scope(visit) ?? .company
        return try recordPage(visit, format) { kpis, offset, limit in
            try StageDeals(stage: stage, scope: scope, kpis: kpis, offset: offset, limit: limit)
        }
    }

    /// The explorer's form: any KPI, period, grouping, comparisons, scope and ranking.
    private func kpiForm(_ name: String, _ catalog: KpiCatalog, _ grouping: Grouping, _ comparisons: [KpiComparison], _ visit: Visit) -> String {
        let words = visit.words, e = HTMLRenderer.escaped
        // Another KPI keeps the period, grouping and comparisons chosen.
        let kept = visit.query.filter { !$0.value.isEmpty && !Self.pageParameters.contains($0.key) && $0.key != "compare" }
            .sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + comparisons.map { ("compare", $0.rawValue) }
        let others = catalog.all.map { kpi in
            let label = e(kpi.label ?? words.kpiName(kpi.name))
            return kpi.name == name ? "<strong>\(label)</strong>" : "<a href=\"\(e(ReportLink(path: "/kpis/\(kpi.name)", query: kept).href))\">\(label)</a>"
        }
        let groupings = Grouping.allCases.map { g in
            "<option value=\"\(g.rawValue)\"\(g == grouping ? " selected" : "")>\(e(words.t("by.\(g.rawValue)")))</option>"
        }
        let compare = [KpiComparison.target, .previous, .yoy].map { c in
            "<label><span><input type=\"checkbox\" name=\"compare\" value=\"\(c.rawValue)\"\(comparisons.contains(c) ? " checked" : "")> "
                + "\(e(words.t("web.compare.\(c.rawValue)")))</span></label>"
        }
        return """
            <form method="get" class="params" action="/kpis/\(e(name))">\
            \(periodField(visit))<label>\(e(words.t("web.by"))) <select name="by">\(groupings.joined())</select></label>\
            \(compare.joined())\(scopeField(visit))\
            <label><span><input type="checkbox" name="rank" value="1"\(visit.query["rank"] == "1" ? " checked" : "")> \(e(words.t("web.rank")))</span></label>\
            <button type="submit">\(e(words.t("web.show")))</button></form>
            <p class="downloads">\(e(words.t("web.kpis"))) \(others.joined(separator: " · "))</p>\n
            """
    }

    /// The period and scope fields the explorer's and the funnel's forms share, holding the address's values.
    private func periodField(_ visit: Visit) -> String { textField(visit, "period", label: "param.period", placeholder: "this-quarter") }
    private func scopeField(_ visit: Visit) -> String { textField(visit, "scope", label: "web.scope", placeholder: "team:T1") }

    private func textField(_ visit: Visit, _ name: String, label: String, placeholder: String) -> String {
        let e = HTMLRenderer.escaped
        return "<label>\(e(visit.words.t(label))) <input name=\"\(name)\" value=\"\(e(visit.query[name] ?? ""))\" "
            + "placeholder=\"\(placeholder)\"></label>"
    }

    func environment(_ visit: Visit) -> ScriptEnvironment {
        ScriptEnvironment(limits: .init(seconds: 30), asOf: .today(), language: visit.language)
    }

    static func given(_ visit: Visit, _ name: String) -> String? { visit.query[name].flatMap { $0.isEmpty ? nil : $0 } }

    /// A parameter given several times (`compare=target&compare=yoy`) or with commas.
    static func list(_ visit: Visit, _ name: String) -> [String] {
        visit.request.uri.queryParameters.getAll(name).flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
    }

    /// The address's period; without a default, a missing period is an error.
    static func period(_ visit: Visit, default fallback: String = "") throws -> Period {
        let text = given(visit, "period") ?? fallback
        guard let period = PeriodSpec(parsing: text)?.period(asOf: .today()) else { throw badParameter("period", text, PeriodSpec.forms) }
        return period
    }

    static func grouping(_ visit: Visit) throws -> Grouping {
        let by = given(visit, "by") ?? "company"
        guard let grouping = Grouping(rawValue: by) else {
            throw badParameter("by", by, Grouping.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return grouping
    }

    static func scope(_ visit: Visit) throws -> TargetScope? {
        guard let text = given(visit, "scope") else { return nil }
        do { return try TargetScope(parsing: text) } catch { throw badParameter("scope", text, "company, team:ID or rep:ID") }
    }

    static func badParameter(_ name: String, _ value: String, _ expected: String) -> StoreError {
        .failure(Message("web.bad_parameter", ["name": name, "value": value, "expected": expected]))
    }
}
