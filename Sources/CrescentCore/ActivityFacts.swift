import CrescentStore

/// Deals, activities, surveys and sign-up days per customer, each from one pass over its table.
enum ActivityFacts {
    /// Open deal amount (deals open and created by the as-of day) and deals won in the last 12 months.
    static func deals(store: any RecordStore, ids: IdIndex, asOf: CalendarDate, fx: FxRates) throws -> (open: [Int64], won12m: [Int32]) {
        var open = Array(repeating: Int64(0), count: ids.count), won = Array(repeating: Int32(0), count: ids.count)
        let end = asOf.dayNumber, start = asOf.yearBefore.dayNumber
        var missing: MissingRate?
        try store.scan(.deals, fields: ["customer_id", "status", "amount", "currency", "created_on", "closed_on"]) { row in
            guard let c = ids.ordinal(of: row.bytes(0)) else { return }
            let status = row.bytes(1)
            if status.elementsEqual("open".utf8), (row.day(4) ?? end) <= end {
                guard let amount = fx.convert(row.int64(2) ?? 0, currency: row.bytes(3), day: row.day(4) ?? end) else {
                    missing = missing ?? MissingRate(currency: row.string(3) ?? "", day: row.day(4) ?? end, entity: "deals")
                    return
                }
                open[c] += amount
            } else if status.elementsEqual("won".utf8), let closed = row.day(5), closed >= start, closed <= end {
                won[c] += 1
            }
        }
        if let missing { throw missing }
        return (open, won)
    }

    /// Activities in the 90 days up to the as-of day (both included) and the day of the latest one.
    static func activities(store: any RecordStore, ids: IdIndex, asOf: CalendarDate) throws -> (recent: [Int32], lastDay: [Int32]) {
        var recent = Array(repeating: Int32(0), count: ids.count), last = Array(repeating: Int32.min, count: ids.count)
        let end = asOf.dayNumber
        try store.scan(.activities, fields: ["customer_id", "occurred_at"]) { row in
            guard let c = ids.ordinal(of: row.bytes(0)), let day = row.day(1), day <= end else { return }
            if day >= end - 90 { recent[c] += 1 }
            if Int32(day) > last[c] { last[c] = Int32(day) }
        }
        return (recent, last)
    }

    /// The day of each customer's latest activity of each of `kinds` up to the as-of day (Int32.min: none).
    static func lastDays(store: any RecordStore, ids: IdIndex, asOf: CalendarDate, kinds: Set<String>) throws -> [String: [Int32]] {
        let wanted = kinds.sorted().map { Array($0.utf8) }
        var last = wanted.map { _ in Array(repeating: Int32.min, count: ids.count) }
        let end = asOf.dayNumber
        if !wanted.isEmpty {
            try store.scan(.activities, fields: ["customer_id", "kind", "occurred_at"]) { row in
                guard let c = ids.ordinal(of: row.bytes(0)), let k = wanted.firstIndex(where: { row.bytes(1).elementsEqual($0) }),
                      let day = row.day(2), day <= end, Int32(day) > last[k][c] else { return }
                last[k][c] = Int32(day)
            }
        }
        return Dictionary(uniqueKeysWithValues: zip(kinds.sorted(), last))
    }

    /// Sum and count of survey scores answered by the as-of day.
    static func surveys(store: any RecordStore, ids: IdIndex, asOf: CalendarDate) throws -> (sum: [Double], count: [Int32]) {
        var sum = Array(repeating: 0.0, count: ids.count), count = Array(repeating: Int32(0), count: ids.count)
        let end = asOf.dayNumber
        try store.scan(.surveys, fields: ["customer_id", "score", "responded_on"]) { row in
            guard let c = ids.ordinal(of: row.bytes(0)), let score = row.double(1), let day = row.day(2), day <= end else { return }
            sum[c] += score
            count[c] += 1
        }
        return (sum, count)
    }

    /// Each customer's `created_on` day (Int32.min when not given).
    static func createdDays(store: any RecordStore, ids: IdIndex) throws -> [Int32] {
        var days = Array(repeating: Int32.min, count: ids.count)
        try store.scan(.customers, fields: ["id", "created_on"]) { row in
            guard let c = ids.ordinal(of: row.bytes(0)), let day = row.day(1) else { return }
            days[c] = Int32(day)
        }
        return days
    }
}
