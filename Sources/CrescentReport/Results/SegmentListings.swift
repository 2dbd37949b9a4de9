import CrescentCore
import CrescentStore

/// The members and moves of a saved segmentation as lists, for `crescent segment members|moves`
/// and the workbench's segment pages alike.
public enum SegmentListings {
    /// The customers now in each tier of `segment` (or in `tier` only): id, name, tier, since, owner.
    public static func members(_ segment: String, tier: String?, store: any RecordStore, language: Language) throws -> ListResult {
        let runs = try savedRuns(segment, store)
        let asOf = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0.asOf) })
        let members = try store.currentMembers(segment: segment)
        if let tier, !members.contains(where: { $0.tier == tier }) {
            let tiers = Set(members.map(\.tier)).sorted()
            throw StoreError.usage(Message("segment.not_a_tier", ["tier": tier, "segment": segment, "tiers": tiers.joined(separator: ", ")]))
        }
        let chosen = members.filter { tier == nil || $0.tier == tier }
        let customers = try CustomerOwners(store, ids: chosen.map(\.customerID))
        // Each customer links to its page.
        let links = Dictionary(uniqueKeysWithValues: chosen.enumerated().map { (TableCell(row: $0.offset, column: 0), ReportLink.customer($0.element.customerID)) })
        return list("segment-members", "list.members", ["customer_id", "name", "tier", "since", "owner_id", "owner"], language, chosen.map { member in
            ([member.customerID, customers.name(member.customerID), member.tier, asOf[member.runID] ?? ""] + customers.owner(member.customerID))
                .map { .text($0) }
        }, kinds: [:], links: links)
    }

    /// The customers that moved between tiers at saved runs after the first (since `since`, when given).
    public static func moves(_ segment: String, since: String?, store: any RecordStore, language: Language) throws -> ListResult {
        _ = try savedRuns(segment, store)
        let moves = try store.tierMoves(segment: segment, since: since)
        let customers = try CustomerOwners(store, ids: Array(Set(moves.map(\.customerID))))
        return list("segment-moves", "list.moves", ["as_of", "run", "customer_id", "from", "to", "owner_id", "owner"], language, moves.map { move in
            [.text(move.asOf), .number(Double(move.runID)), .text(move.customerID), .text(move.from ?? ""), .text(move.to)]
                + customers.owner(move.customerID).map { .text($0) }
        }, kinds: ["run": .integer])
    }

    private static func list(_ name: String, _ title: String, _ keys: [String], _ language: Language, _ rows: [[ReportValue]],
                             kinds: [String: ValueKind], links: [TableCell: ReportLink] = [:]) -> ListResult {
        let words = Words(language)
        let columns = keys.map { ReportColumn(name: words.t("column.\($0)"), kind: kinds[$0] ?? .text, key: $0) }
        return ListResult(name: name, title: words.t(title), table: ReportTable(columns: columns, rows: rows, links: links), asOf: "", language: language)
    }

    /// The saved runs of a segmentation, or a usage error naming the saved ones.
    public static func savedRuns(_ name: String, _ store: any RecordStore) throws -> [SegmentRunRecord] {
        let runs = try store.segmentRuns(segment: name)
        guard runs.isEmpty else { return runs }
        let known = try store.savedSegmentations().map(\.latest.segment)
        let saved: any MessageValue = known.isEmpty ? Message("list.none") : known.joined(separator: ", ")
        throw StoreError.usage(Message("segment.not_saved_yet", ["segment": name, "hint": didYouMean(name, among: known), "saved": saved]))
    }
}
