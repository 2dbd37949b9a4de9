import CrescentCore
import CrescentReport
import CrescentStore
import Foundation

/// A saved segmentation (`/segments/NAME`: its tiers, whose counts link to their members), the
/// members of a tier (`/segments/NAME/members?tier=T`) and the moves between two of its runs
/// (`/segments/NAME/moves?from=RUN&to=RUN&from_tier=&to_tier=`), lists 100 a page.
extension Workbench {
    static let tierPlugin = "tier-distribution"

    func segment(_ name: String, _ visit: Visit, format: String? = nil) throws -> WebReply {
        let plugin = try catalog(visit).plugin(named: Self.tierPlugin)
        let runs = try SegmentListings.savedRuns(name, visit.store)  // an unknown segmentation is a 404 naming the saved ones
        let document = try visit.store.consistentRead { try plugin.run(["segment": name]) }
        func link(_ href: String, _ text: String) -> String {
            "<a href=\"\(HTMLRenderer.escaped(href))\">\(HTMLRenderer.escaped(visit.words.t(text)))</a>"
        }
        let more = [link(ReportLink.members(segment: name, tier: "").href, "web.all_members")]
            + (runs.count > 1 ? [link("/segments/\(name)/moves", "web.moves")] : [])
        return try deliver(document, format ?? visit.query["format"], visit, after: "<p>\(more.joined(separator: " · "))</p>\n")
    }

    func members(_ name: String, _ visit: Visit, format: String? = nil) throws -> WebReply {
        let list = try visit.store.consistentRead {
            try SegmentListings.members(name, tier: Self.given(visit, "tier"), store: visit.store, language: visit.language)
        }
        let chosen = format ?? visit.query["format"]
        if chosen == "json" { return .json(list.rendered(.json, language: visit.language)) }
        return try deliverPaged(list.document(visit.language), table: 0, chosen, visit)
    }

    func moves(_ name: String, _ visit: Visit, format: String? = nil) throws -> WebReply {
        func run(_ parameter: String) throws -> Int64? {
            guard let text = Self.given(visit, parameter) else { return nil }
            guard let id = Int64(text) else { throw Self.badParameter(parameter, text, visit.words.t("web.a_run")) }
            return id
        }
        // One move's customers: both tiers given, "-" for none yet.
        let only = Self.given(visit, "from_tier").flatMap { from in Self.given(visit, "to_tier").map { to in
            (from: from == SegmentMovesResult.noTier ? nil : from, to: to == SegmentMovesResult.noTier ? nil : to)
        } }
        let (result, runs) = try visit.store.consistentRead {
            let runs = try SegmentListings.savedRuns(name, visit.store)
            let moves = try SegmentMoves(segment: name, runs: runs, from: try run("from"), to: try run("to"), store: visit.store)
            return (try SegmentMovesResult(moves, only: only, store: visit.store), runs)
        }
        let chosen = format ?? visit.query["format"]
        if chosen == "json" { return .json(result.rendered(.json, language: visit.language)) }
        return try deliverPaged(result.document(visit.language), table: 1, chosen, visit,
                                before: runForm(name, runs, from: result.moves.from.id, to: result.moves.to.id, visit))
    }

    /// Two lists of the saved runs to compare.
    private func runForm(_ name: String, _ runs: [SegmentRunRecord], from: Int64, to: Int64, _ visit: Visit) -> String {
        let e = HTMLRenderer.escaped
        func select(_ parameter: String, _ chosen: Int64) -> String {
            let options = runs.map { run in
                "<option value=\"\(run.id)\"\(run.id == chosen ? " selected" : "")>"
                    + "\(e(visit.words.t("segment.moves.run", ["run": "\(run.id)", "as_of": run.asOf])))</option>"
            }
            return "<label>\(e(visit.words.t("segment.moves.\(parameter)"))) <select name=\"\(parameter)\">\(options.joined())</select></label>"
        }
        return "<form method=\"get\" class=\"params\" action=\"/segments/\(e(name))/moves\">\(select("from", from))\(select("to", to))"
            + "<button type=\"submit\">\(e(visit.words.t("web.show")))</button></form>\n"
    }

    /// `document` with its table at `index` shown 100 rows a page (downloads hold them all).
    private func deliverPaged(_ document: ReportDocument, table index: Int, _ chosen: String?, _ visit: Visit,
                              before: String = "") throws -> WebReply {
        var document = document
        guard chosen == nil || chosen == "html", index < document.blocks.count, case .table(var table) = document.blocks[index] else {
            return try deliver(document, chosen, visit, before: before)
        }
        let page = Self.page(visit), size = 100, count = table.rows.count
        let first = (page - 1) * size
        table.rows = Array(table.rows.dropFirst(first).prefix(size))
        table.links = Dictionary(uniqueKeysWithValues: table.links.compactMap { cell, link in
            (first..<first + size).contains(cell.row) ? (TableCell(row: cell.row - first, column: cell.column), link) : nil
        })
        document.blocks[index] = .table(table)
        let shown = [("first", "\(first + 1)"), ("last", "\(first + table.rows.count)"), ("count", "\(count)")]
        return try deliver(document, chosen, visit, before: before,
                           after: pager(visit, page: page, more: first + size < count,
                                        said: table.rows.isEmpty ? "" : visit.words.t("web.members_shown", shown)))
    }
}
