import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore
import Foundation
import LuaKit

/// The pages: the dashboard, the reports and their records, the alerts.
extension Workbench {
    func catalog(_ visit: Visit) -> ReportCatalog {
        ReportCatalog(folders: pluginFolders, environment: environment(visit), store: visit.store)
    }

    /// The dashboard plugin's page when there is one, else the list of reports.
    func dashboard(_ visit: Visit) throws -> WebReply {
        let catalog = catalog(visit)
        guard catalog.plugins.contains(where: { $0.name == Self.dashboardPlugin }) else { return try index(visit) }
        return try report(Self.dashboardPlugin, visit, catalog: catalog)
    }

    static let dashboardPlugin = "dashboard"

    func index(_ visit: Visit) throws -> WebReply {
        let words = visit.words
        let items = catalog(visit).plugins.map { plugin in
            "<li><a href=\"/reports/\(HTMLRenderer.escaped(plugin.name))\">\(HTMLRenderer.escaped(plugin.title))</a>"
                + (plugin.description.isEmpty ? "" : " — " + HTMLRenderer.escaped(plugin.description)) + "</li>"
        }
        let body = """
            \(chrome(visit))<h1>\(HTMLRenderer.escaped(words.t("web.reports")))</h1>
            <ul>\(items.joined())</ul>
            """
        return .html(Self.page(title: words.t("web.reports"), language: visit.language, body: body))
    }

    /// A report plugin run with the address's parameters (empty fields of its form left out).
    /// `given` fixes parameters from the address's path (a customer page's customer): no form for them.
    func report(_ name: String, _ visit: Visit, format: String? = nil, catalog: ReportCatalog? = nil,
                given fixed: [String: String] = [:]) throws -> WebReply {
        let plugin = try (catalog ?? self.catalog(visit)).plugin(named: name)
        let given = visit.query.filter { !$0.value.isEmpty && !Self.pageParameters.contains($0.key) }.merging(fixed) { _, path in path }
        let document = try visit.store.consistentRead { try plugin.run(given) }
        return try deliver(document, format ?? visit.query["format"], visit, before: fixed.isEmpty ? parameterForm(plugin, given, visit) : "")
    }

    static let customerPlugin = "customer"

    /// The address's parameters that are the page's, not a report's.
    static let pageParameters: Set<String> = ["lang", "format", "page"]

    /// The records behind a KPI's value (`?period=&by=&key=&page=`, and `kind=` for activities), 50 a
    /// page: the orders of an order KPI, the customers of a customer count, the activities of an activity KPI.
    func records(_ kpi: String, _ visit: Visit, format: String? = nil) throws -> WebReply {
        let period = try Self.period(visit), grouping = try Self.grouping(visit), key = visit.query["key"] ?? ""
        if ActivityRecords.kpis.contains(kpi) {
            return try recordPage(visit, format) { kpis, offset, limit in
                try ActivityRecords(kpi: kpi, period: period, grouping: grouping, key: key, kind: Self.given(visit, "kind"),
                                    kpis: kpis, offset: offset, limit: limit)
            }
        }
        if CustomerRecords.kpis.contains(kpi) {
            return try recordPage(visit, format) { kpis, offset, limit in
                try CustomerRecords(kpi: kpi, period: period, grouping: grouping, key: key, kpis: kpis, offset: offset, limit: limit)
            }
        }
        return try recordPage(visit, format) { kpis, offset, limit in
            try OrderRecords(kpi: kpi, period: period, grouping: grouping, key: key, kpis: kpis, offset: offset, limit: limit)
        }
    }

    func alerts(_ visit: Visit, format: String? = nil) throws -> WebReply {
        let list = AlertList(try visit.store.alerts(.notClosed), ownerNames: try visit.store.names(of: .reps))
        if (format ?? visit.query["format"]) == "json" { return .json(list.rendered(.json, language: visit.language)) }
        let words = visit.words
        let forms = list.alerts.filter { $0.status == "open" }.map { alert in
            """
            <li><form method="post" action="/alerts/ack"><input type="hidden" name="csrf" value="\(visit.csrf)">\
            <input type="hidden" name="rule" value="\(HTMLRenderer.escaped(alert.rule))"><input type="hidden" name="key" value="\(HTMLRenderer.escaped(alert.key))">\
            <button type="submit">\(HTMLRenderer.escaped(words.t("web.acknowledge")))</button> \(HTMLRenderer.escaped(alert.subject))</form></li>
            """
        }
        let section = forms.isEmpty ? "" : "<h2>\(HTMLRenderer.escaped(words.t("web.acknowledge_heading")))</h2>\n<ul class=\"ack\">\(forms.joined())</ul>\n"
        return try deliver(list.document(visit.language), format ?? visit.query["format"], visit, after: section)
    }

    /// Acknowledges the open alert of the form's rule and key, then shows the alerts again.
    func acknowledge(_ visit: Visit, _ form: [String: String]) throws -> WebReply {
        let key = form["key"] ?? "", rule = form["rule"].flatMap { $0.isEmpty ? nil : $0 }
        let acknowledged = try visit.store.acknowledgeAlerts(key: key, rule: rule)
        if acknowledged.isEmpty { throw StoreError.failure(Message("web.no_open_alert", ["key": key])) }
        return .redirect("/alerts")
    }
}
