import CrescentReport
import CrescentStore
import Foundation

/// A saved segmentation (`/segments/NAME`: its tiers, whose counts link to their members, and the
/// moves of its latest run) and the members of a tier (`/segments/NAME/members?tier=T`, 100 a page).
extension Workbench {
    static let tierPlugin = "tier-distribution"

    func segment(_ name: String, _ visit: Visit, format: String? = nil) throws -> WebReply {
        let plugin = try catalog(visit).plugin(named: Self.tierPlugin)
        _ = try SegmentListings.savedRuns(name, visit.store)  // an unknown segmentation is a 404 naming the saved ones
        let document = try visit.store.consistentRead { try plugin.run(["segment": name]) }
        let members = "<p><a href=\"\(HTMLRenderer.escaped(ReportLink.members(segment: name, tier: "").href))\">"
            + "\(HTMLRenderer.escaped(visit.words.t("web.all_members")))</a></p>\n"
        return try deliver(document, format ?? visit.query["format"], visit, after: members)
    }

    func members(_ name: String, _ visit: Visit, format: String? = nil) throws -> WebReply {
        let list = try visit.store.consistentRead {
            try SegmentListings.members(name, tier: Self.given(visit, "tier"), store: visit.store, language: visit.language)
        }
        let chosen = format ?? visit.query["format"]
        if chosen == "json" { return .json(list.rendered(.json, language: visit.language)) }
        // Downloads hold every member; the page shows 100 at a time.
        var document = list.document(visit.language)
        guard chosen == nil || chosen == "html", case .table(var table)? = document.blocks.first else { return try deliver(document, chosen, visit) }
        let page = Self.page(visit), size = 100, count = table.rows.count
        let first = (page - 1) * size
        table.rows = Array(table.rows.dropFirst(first).prefix(size))
        table.links = Dictionary(uniqueKeysWithValues: table.links.compactMap { cell, link in
            (first..<first + size).contains(cell.row) ? (TableCell(row: cell.row - first, column: cell.column), link) : nil
        })
        document.blocks = [.table(table)]
        let shown = [("first", "\(first + 1)"), ("last", "\(first + table.rows.count)"), ("count", "\(count)")]
        return try deliver(document, chosen, visit, after: pager(visit, page: page, more: first + size < count,
                                                                 said: table.rows.isEmpty ? "" : visit.words.t("web.members_shown", shown)))
    }
}
