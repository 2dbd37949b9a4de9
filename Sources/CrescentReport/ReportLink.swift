import CrescentStore
import Foundation

/// Where the records behind a number are, as a workbench address: a rep's revenue links to
/// `/kpis/revenue/records?period=2026-W47&by=rep&key=R1`, the orders it is the sum of. Pages the
/// workbench serves make it a link; files (HTML, workbooks) have no server to follow it to.
public struct ReportLink: Sendable, Hashable {
    /// The address, its parameters percent-encoded, starting with `/`.
    public let href: String

    public init(path: String, query: [(String, String)] = []) {
        var parts = URLComponents()
        parts.path = path
        if !query.isEmpty { parts.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        // `+` would read as a space in a query: encode it too.
        href = (parts.string ?? path).replacingOccurrences(of: "+", with: "%2B")
    }

    /// The records behind a KPI's value for group `key` of `grouping` in `period`: the orders of an
    /// order KPI, the activities (of `kind`, when given) of an activity KPI.
    public static func records(kpi: String, period: String, by grouping: Grouping, key: String, kind: String? = nil) -> ReportLink {
        ReportLink(path: "/kpis/\(kpi)/records",
                   query: [("period", period), ("by", grouping.rawValue), ("key", key)] + (kind.map { [("kind", $0)] } ?? []))
    }

    /// The open deals in a stage of the pipeline of `scope`.
    public static func stageDeals(_ stage: String, scope: TargetScope) -> ReportLink {
        ReportLink(path: "/funnel/deals", query: [("stage", stage)] + (scope == .company ? [] : [("scope", scope.description)]))
    }

    /// The customers of a segmentation that moved from `fromTier` to `toTier` between two runs.
    public static func moves(segment: String, from: Int64, to: Int64, fromTier: String, toTier: String) -> ReportLink {
        ReportLink(path: "/segments/\(segment)/moves", query: [("from", "\(from)"), ("to", "\(to)"), ("from_tier", fromTier), ("to_tier", toTier)])
    }

    /// A customer's page.
    public static func customer(_ id: String) -> ReportLink { ReportLink(path: "/customers/\(id)") }

    /// The customers now in `tier` ("" for every tier) of a saved segmentation.
    public static func members(segment: String, tier: String) -> ReportLink {
        ReportLink(path: "/segments/\(segment)/members", query: tier.isEmpty ? [] : [("tier", tier)])
    }
}

/// A cell of a table: its row and column, from 0.
public struct TableCell: Sendable, Hashable {
    public let row: Int
    public let column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}
