/// Every stage entry of every deal that has one, as columns, deal by deal in the order
/// `scanStageEntries` visits them (deal id order, each deal's entries as stored): what a funnel
/// reads whole. Texts are kept once each (`groups`, `statuses`, `stages`) and indexed per row.
public struct StageEntries: Sendable, Equatable {
    /// Per deal: its id, its group (index into `groups`; -1: none), its status (index into
    /// `statuses`; -1: none), the day it closed (`Int32.min`: none), and where its entries start
    /// (one more than there are deals: the last is where they end).
    public var dealIDs: [String] = [], group: [Int32] = [], status: [Int32] = [], closedOn: [Int32] = []
    public var firstEntry: [Int32] = [0]
    public var groups: [String] = [], statuses: [String] = []
    /// Per entry: its stage as stored (index into `stages`) and when, in minutes since 1970
    /// (`Int64.min`: not a timestamp).
    public var stage: [UInt16] = [], minutes: [Int64] = []
    public var stages: [String] = []

    public var dealCount: Int { dealIDs.count }

    init() {}

    /// The entries `scan` visits, as `scanStageEntries` does.
    init(scan: ((ScanRow, ScanRow) throws -> Void) throws(StoreError) -> Void) throws(StoreError) {
        var last: [UInt8] = [], groupIndex: [String: Int32] = [:], statusIndex: [String: Int32] = [:]
        func index(_ text: String?, in list: inout [String], _ known: inout [String: Int32]) -> Int32 {
            guard let text else { return -1 }
            if let i = known[text] { return i }
            list.append(text)
            known[text] = Int32(list.count - 1)
            return Int32(list.count - 1)
        }
        try scan { deal, entry in
            let id = deal.bytes(0)
            guard !id.isEmpty else { return }  // no deal has an empty id
            if dealIDs.isEmpty || !id.elementsEqual(last) {
                if !dealIDs.isEmpty { firstEntry.append(Int32(stage.count)) }
                last = Array(id)
                dealIDs.append(String(decoding: id, as: UTF8.self))
                group.append(index(deal.string(1), in: &groups, &groupIndex))
                status.append(index(deal.string(2), in: &statuses, &statusIndex))
                closedOn.append(deal.day(3).map(Int32.init) ?? .min)
            }
            let name = entry.bytes(1)
            if let known = stages.firstIndex(where: { name.elementsEqual($0.utf8) }) {
                stage.append(UInt16(known))
            } else {
                guard stages.count < Int(UInt16.max) else { throw StoreError.failure(Message("store.too_many_stages")) }
                stages.append(String(decoding: name, as: UTF8.self))
                stage.append(UInt16(stages.count - 1))
            }
            minutes.append(Self.minutes(entry.bytes(2)).map(Int64.init) ?? .min)
        }
        if !dealIDs.isEmpty { firstEntry.append(Int32(stage.count)) }
    }

    /// The entries of deal `d`.
    public func entries(of d: Int) -> Range<Int> { Int(firstEntry[d])..<Int(firstEntry[d + 1]) }

    /// The same entries with no groups (the company's funnel).
    public var ungrouped: StageEntries {
        var copy = self
        copy.groups = []
        copy.group = Array(repeating: -1, count: dealCount)
        return copy
    }

    /// Minutes since 1970 of a stored timestamp `YYYY-MM-DDTHH:MM:SS` (or a bare date). Read by
    /// hand from fixed positions: this runs once per stage entry of every deal.
    public static func minutes(_ u: UnsafeRawBufferPointer) -> Int? {
        guard u.count >= 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                let digit = Int(u[i]) - 48
                guard (0...9).contains(digit) else { return nil }
                n = n * 10 + digit
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), let day = CalendarDate(year: y, month: m, day: d) else { return nil }
        guard u.count >= 16, let hour = number(11..<13), let minute = number(14..<16) else { return day.dayNumber * 1440 }
        return day.dayNumber * 1440 + hour * 60 + minute
    }

    /// The columns as an entry of `KeptColumns` keeps them.
    var kept: [any KeptColumn] {
        KeptStrings.columns(dealIDs) + [group, status, closedOn, firstEntry] + KeptStrings.columns(groups)
            + KeptStrings.columns(statuses) + [stage, minutes] + KeptStrings.columns(stages)
    }

    init(kept reader: inout KeptReader) throws {
        dealIDs = try reader.nextStrings()
        group = try reader.next(Int32.self)
        status = try reader.next(Int32.self)
        closedOn = try reader.next(Int32.self)
        firstEntry = try reader.next(Int32.self)
        groups = try reader.nextStrings()
        statuses = try reader.nextStrings()
        stage = try reader.next(UInt16.self)
        minutes = try reader.next(Int64.self)
        stages = try reader.nextStrings()
        let n = dealIDs.count
        guard group.count == n, status.count == n, closedOn.count == n, firstEntry.count == n + 1, firstEntry.first == 0,
              firstEntry.last.map(Int.init) == stage.count, minutes.count == stage.count,
              zip(firstEntry, firstEntry.dropFirst()).allSatisfy({ $0 <= $1 }),
              !group.contains(where: { $0 < -1 || Int($0) >= groups.count }),
              !status.contains(where: { $0 < -1 || Int($0) >= statuses.count }),
              !stage.contains(where: { Int($0) >= stages.count }) else { throw KeptReader.Malformed() }
    }
}

extension RecordStore {
    /// The stage entries grouped as asked, read from the records (what a store that keeps no columns does).
    public func scannedStageEntries(by grouping: Grouping) throws(StoreError) -> StageEntries {
        try StageEntries { (visit: (ScanRow, ScanRow) throws -> Void) throws(StoreError) in
            try scanStageEntries(by: grouping, visit)
        }
    }
}
