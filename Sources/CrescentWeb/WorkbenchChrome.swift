import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore
import Foundation

/// What every page has around its document: the navigation (with the language switch and who is
/// signed in), a report's parameter form, the downloads; and a document in the format asked.
extension Workbench {
    func chrome(_ visit: Visit) -> String {
        let words = visit.words
        func e(_ text: String) -> String { HTMLRenderer.escaped(text) }
        var nav = "<nav class=\"workbench\"><a href=\"/\">\(e(words.t("web.dashboard")))</a><a href=\"/reports\">\(e(words.t("web.reports")))</a>"
            + "<a href=\"/kpis/revenue\">\(e(words.t("web.kpis")))</a><a href=\"/funnel\">\(e(words.t("web.funnel")))</a>"
            + "<a href=\"/alerts\">\(e(words.t("alert.title")))</a>"
            + "<a hreflang=\"zh\" href=\"\(e(address(visit, ["lang": "zh"])))\">中文</a><a hreflang=\"en\" href=\"\(e(address(visit, ["lang": "en"])))\">English</a>"
        if let session = visit.session {
            nav += "<span class=\"who\">\(e(session.login))</span><form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\"csrf\" "
                + "value=\"\(visit.csrf)\"><button type=\"submit\">\(e(words.t("web.sign_out")))</button></form>"
        }
        return nav + "</nav>\n"
    }

    /// This page's address with `changes` to its parameters (an empty value removes one).
    func address(_ visit: Visit, _ changes: [String: String]) -> String {
        var query = visit.query.merging(changes) { _, new in new }.filter { !$0.value.isEmpty }
        if changes["lang"] == nil { query["lang"] = nil }  // the cookie keeps the language
        return ReportLink(path: visit.request.uri.path, query: query.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }).href
    }

    /// A workbench page around `body` (HTML already escaped) that is not a document: the report's style and the workbench's.
    static func page(title: String, language: Language, body: String) -> String {
        HTMLRenderer.page(title: title, language: language, body: body, extraStyle: HTMLRenderer.workbenchStyle)
    }

    /// The page asked for (`?page=`, from 1).
    static func page(_ visit: Visit) -> Int { max(1, Int(visit.query["page"] ?? "") ?? 1) }

    /// Links to the previous and next pages of a list, after `said` (what this page shows).
    func pager(_ visit: Visit, page: Int, more: Bool, said: String = "") -> String {
        func link(_ rel: String, _ to: Int, _ text: String) -> String {
            "<a rel=\"\(rel)\" href=\"\(HTMLRenderer.escaped(address(visit, ["page": "\(to)"])))\">\(HTMLRenderer.escaped(text))</a>"
        }
        let parts = [said.isEmpty ? nil : HTMLRenderer.escaped(said), page > 1 ? link("prev", page - 1, "← " + visit.words.t("web.previous")) : nil,
                     more ? link("next", page + 1, visit.words.t("web.next") + " →") : nil].compactMap { $0 }
        return parts.isEmpty ? "" : "<p class=\"pager\">\(parts.joined())</p>"
    }

    /// The page of records the address asks for (`?page=`, 50 a page), made by `make` from the KPIs
    /// as of today, the page's offset and its size in one read of the store: its JSON, or its document
    /// with links to the pages before and after.
    func recordPage<Records: CountedResult>(_ visit: Visit, _ format: String?,
                                            _ make: (SalesKpis, _ offset: Int, _ limit: Int) throws -> Records) throws -> WebReply {
        let page = Self.page(visit), size = 50, chosen = format ?? visit.query["format"]
        let result = try visit.store.consistentRead {
            try make(try SalesKpis(store: visit.store, asOf: .today()), (page - 1) * size, size)
        }
        if chosen == "json" { return .json(result.rendered(.json, language: visit.language)) }
        return try deliver(result.document(visit.language), chosen, visit, after: pager(visit, page: page, more: page * size < result.count))
    }

    /// A form of the plugin's declared parameters, filled with the ones given.
    func parameterForm(_ plugin: ReportPlugin, _ given: [String: String], _ visit: Visit) -> String {
        guard !plugin.parameters.isEmpty else { return "" }
        func e(_ text: String) -> String { HTMLRenderer.escaped(text) }
        let labels = plugin.parameterLabels
        let fields = plugin.parameters.map { p in
            let label = labels[p.name] ?? p.name
            return "<label>\(e(label)) <input name=\"\(e(p.name))\" value=\"\(e(given[p.name] ?? ""))\" placeholder=\"\(e(p.defaultValue ?? ""))\""
                + " title=\"\(e(p.help))\"\(p.required ? " required" : "")></label>"
        }
        return "<form method=\"get\" class=\"params\">\(fields.joined())<button type=\"submit\">\(e(visit.words.t("web.show")))</button></form>\n"
    }

    /// Links to this page as CSV, JSON, a workbook and a page to print.
    func downloads(_ visit: Visit) -> String {
        let links = [("csv", "CSV"), ("json", "JSON"), ("xlsx", "Excel (xlsx)"), ("print", visit.words.t("web.print"))].map { format, name in
            "<a href=\"\(HTMLRenderer.escaped(address(visit, ["format": format, "page": format == "print" ? "" : visit.query["page"] ?? ""])))\">\(HTMLRenderer.escaped(name))</a>"
        }
        return "<p class=\"downloads\">\(HTMLRenderer.escaped(visit.words.t("web.download"))) \(links.joined(separator: " · "))</p>\n"
    }

    /// `document` as the page (`format` nil or html), a page to print, JSON, CSV or a workbook to download.
    func deliver(_ document: ReportDocument, _ format: String?, _ visit: Visit, before: String = "", after: String = "") throws -> WebReply {
        let name = document.name.isEmpty ? "report" : document.name
        switch format ?? "html" {
        case "html":
            var page = HTMLRenderer.render(document, chrome: chrome(visit) + before + downloads(visit))
            if !after.isEmpty, let end = page.range(of: "</body>", options: .backwards) { page.insert(contentsOf: after, at: end.lowerBound) }
            return .html(page)
        case "print": return .html(HTMLRenderer.render(document))
        case "json": return .json(document.rendered(.json))
        case "csv": return .file(Data(document.rendered(.csv).utf8), type: "text/csv; charset=utf-8", name: name + ".csv")
        case "xlsx":
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("crescent-\(randomToken().prefix(16)).xlsx").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try document.writeWorkbook(to: path)
            return .file(try Data(contentsOf: URL(fileURLWithPath: path)),
                         type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: name + ".xlsx")
        case let other:
            throw StoreError.failure(Message("web.bad_parameter", ["name": "format", "value": other, "expected": "html, print, json, csv, xlsx"]))
        }
    }
}

/// A result listing a page of records, and how many there are in all.
protocol CountedResult: ReportResult {
    var count: Int { get }
}

extension OrderRecords: CountedResult {}
extension ActivityRecords: CountedResult {}
extension CustomerRecords: CountedResult {}
extension StageDeals: CountedResult {}
