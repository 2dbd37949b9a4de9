import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentStore
import Foundation

struct SegmentListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List saved segmentations with their latest run.")

    @OptionGroup var output: OutputOptions

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let rows = try storeOptions.open().savedSegmentations().map { run, count -> [ReportValue] in
                [.text(run.segment), .text(run.asOf), .number(Double(run.customers)), .number(Double(count)), .number(Double(run.id)),
                 .text(run.description)]
            }
            try output.emitList("segment-list", title: "list.segments", columns: [("segment", .text), ("as_of", .text), ("customers", .integer),
                                                                              ("runs", .integer), ("last_run", .integer), ("description", .text)],
                                rows: rows)
        }
    }
}

struct SegmentMembersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members", abstract: "List the customers in each tier of a saved segmentation, as of its latest run.")

    @Argument(help: ArgumentHelp("The segmentation's name.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("Only customers in this tier.", valueName: "tier"))
    var tier: String?

    @OptionGroup var output: OutputOptions

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let runs = try savedRuns(name, store)
            let asOf = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0.asOf) })
            let members = try store.currentMembers(segment: name)
            if let tier, !members.contains(where: { $0.tier == tier }) {
                let tiers = Set(members.map(\.tier)).sorted()
                throw StoreError.usage(Message("segment.not_a_tier", ["tier": tier, "segment": name, "tiers": tiers.joined(separator: ", ")]))
            }
            let chosen = members.filter { tier == nil || $0.tier == tier }
            let customers = try CustomerOwners(store, ids: chosen.map(\.customerID))
            try output.emitList("segment-members", title: "list.members", columns: [("customer_id", .text), ("name", .text), ("tier", .text),
                                                                                    ("since", .text), ("owner_id", .text), ("owner", .text)],
                                rows: chosen.map { member in
                                    ([member.customerID, customers.name(member.customerID), member.tier, asOf[member.runID] ?? ""]
                                        + customers.owner(member.customerID)).map { .text($0) }
                                })
        }
    }
}

struct SegmentMovesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moves", abstract: "List the customers that moved between tiers at saved runs after the first.")

    @Argument(help: ArgumentHelp("The segmentation's name.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("Only runs as of this day or later.", valueName: "YYYY-MM-DD"))
    var since: String?

    @OptionGroup var output: OutputOptions

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let since, CalendarDate(parsing: since) == nil { throw usageError("usage.not_a_date", ["option": "--since", "value": since]) }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            _ = try savedRuns(name, store)
            let moves = try store.tierMoves(segment: name, since: since)
            let customers = try CustomerOwners(store, ids: Array(Set(moves.map(\.customerID))))
            try output.emitList("segment-moves", title: "list.moves", columns: [("as_of", .text), ("run", .integer), ("customer_id", .text),
                                                                                ("from", .text), ("to", .text), ("owner_id", .text), ("owner", .text)],
                                rows: moves.map { move in
                                    [.text(move.asOf), .number(Double(move.runID)), .text(move.customerID), .text(move.from ?? ""), .text(move.to)]
                                        + customers.owner(move.customerID).map { .text($0) }
                                })
        }
    }
}

/// The names and owners (id and name) of some customers, for listings a rep can act on.
struct CustomerOwners {
    private var names: [String: String] = [:], owners: [String: String] = [:]
    private let repNames: [String: String]

    init(_ store: any RecordStore, ids: [String]) throws {
        repNames = try store.names(of: .reps)
        for record in try store.records(.customers, ids: ids) {
            guard let id = record["id"]?.text else { continue }
            names[id] = record["name"]?.text ?? ""
            owners[id] = record["owner_id"]?.text ?? ""
        }
    }

    func name(_ customer: String) -> String { names[customer] ?? "" }

    /// The owner's id and name.
    func owner(_ customer: String) -> [String] {
        let id = owners[customer] ?? ""
        return [id, repNames[id] ?? ""]
    }
}

/// The saved runs of a segmentation, or a usage error naming the saved ones.
func savedRuns(_ name: String, _ store: any RecordStore) throws -> [SegmentRunRecord] {
    let runs = try store.segmentRuns(segment: name)
    guard runs.isEmpty else { return runs }
    let known = try store.savedSegmentations().map(\.latest.segment)
    let saved: any MessageValue = known.isEmpty ? Message("list.none") : known.joined(separator: ", ")
    throw StoreError.usage(Message("segment.not_saved_yet", ["segment": name, "hint": didYouMean(name, among: known), "saved": saved]))
}
