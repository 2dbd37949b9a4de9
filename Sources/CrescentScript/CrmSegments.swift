import Foundation
import CrescentCore
import CrescentReport
import CrescentStore
import LuaKit

/// `crm.segment(name)` and `crm.segments()`: saved segmentation runs, read back from the store.
extension CrmModule {
    /// crm.segments() -> list of {name, description, as_of, runs, customers}
    func segments(_ call: LuaCall) throws -> Int32 {
        state.push(.array(try store.savedSegmentations().map(Self.summary)))
        return 1
    }

    /// {name, description, as_of, runs, customers} of a saved segmentation.
    private static func summary(_ saved: (latest: SegmentRunRecord, runs: Int)) -> LuaValue {
        .map(["name": .string(saved.latest.segment), "description": .string(saved.latest.description), "as_of": .string(saved.latest.asOf),
              "runs": .integer(Int64(saved.runs)), "customers": .integer(Int64(saved.latest.customers))])
    }

    /// crm.segment(name) -> the saved segmentation (`SavedSegment`), with :members, :tier_of, :moves, :history
    func segment(_ call: LuaCall) throws -> Int32 {
        let name = try call.string(1)
        let saved = try store.savedSegmentations()
        guard let found = saved.first(where: { $0.latest.segment == name }) else {
            let known = saved.map(\.latest.segment)
            throw LuaArgumentError(index: 1, message: Message("segment.unknown", ["segment": name, "hint": didYouMean(name, among: known)]).text(language))
        }
        try push(try SavedSegment(latest: found.latest, runs: found.runs, currency: try store.baseCurrency()), methods: segmentMethods())
        return 1
    }

    /// The methods every `crm.segment` table shares (made once per state): they read the segment's `name`.
    private func segmentMethods() -> LuaReference {
        if let made = segmentMethodsRef { return made }
        let made = state.methodTable([
            "members": { call in try self.members(try self.segmentName(call), call) },
            "tier_of": { call in
                let name = try self.segmentName(call), id = try self.idArgument(call, 2)
                let tier = try self.store.tierHistory(segment: name, customerID: id).last?.tier
                call.push(tier.map { .string($0) } ?? .nil)
                return 1
            },
            "history": { call in
                let name = try self.segmentName(call), id = try self.idArgument(call, 2)
                call.push(.array(try self.store.tierHistory(segment: name, customerID: id).map {
                    .map(["tier": .string($0.tier), "as_of": .string($0.asOf), "run": .integer($0.runID)])
                }))
                return 1
            },
            "moves": { call in
                let name = try self.segmentName(call)
                let since = call.isNil(2) ? nil : try call.stringField(2, "since")
                if let since, CalendarDate(parsing: since) == nil {
                    throw self.argumentError(2, "crm.arg.since", ["got": since])
                }
                call.push(.array(try self.store.tierMoves(segment: name, since: since).map {
                    .map(["customer_id": .string($0.customerID), "from": $0.from.map { .string($0) } ?? .nil,
                          "to": .string($0.to), "as_of": .string($0.asOf), "run": .integer($0.runID)])
                }))
                return 1
            },
        ])
        segmentMethodsRef = made
        return made
    }

    /// The segment a method is called on (`seg:members()`): argument 1's `name`.
    private func segmentName(_ call: LuaCall) throws -> String {
        guard let name = try call.stringField(1, "name") else {
            throw self.argumentError(1, "crm.arg.segment_self")
        }
        return name
    }

    /// seg:members([tier]) -> the customer records in the tier (or in any tier), by id
    private func members(_ segment: String, _ call: LuaCall) throws -> Int32 {
        let tier = call.isNil(2) ? nil : try call.string(2)
        let ids = try store.currentMembers(segment: segment).filter { tier == nil || $0.tier == tier }.map(\.customerID)
        try pushRecords(try store.records(.customers, ids: ids), of: .customers)
        return 1
    }
}
