import Foundation
import GRDB

/// What changing a store's time zone does to one timestamp column: its rows, and how many of them
/// show another wall-clock time (the same instant) afterwards.
public struct TimestampColumnChange: Sendable, Equatable {
    /// `table.column`, such as `activities.occurred_at`.
    public let column: String
    public let rows: Int
    public let moved: Int
}

extension StoreTimeZone {
    /// Every timestamp column of the store's entities, as (table, column).
    public static let timestampColumns: [(table: String, column: String)] = Entity.allCases.flatMap { entity in
        entity.fields.filter { $0.kind == .timestamp }.map { (entity.rawValue, $0.column) }
    }

    /// Marks a moved value while a column is rewritten: no stored timestamp starts with it, so a
    /// moved value is never taken for one still to move.
    public static let movingMark = "~"

    /// The stored timestamp `text` (a wall-clock time in `from`) as the wall clock of `to` shows the
    /// same instant; nil when `text` is not a stored timestamp. (A time a DST change skips or repeats
    /// in `from` is read at the offset in force just before it.)
    public static func move(_ text: String, from: TimeZone, to: TimeZone) -> String? {
        let u = Array(text.utf8)
        guard u.count == 19, let day = CalendarDate(isoPrefix: u), u[10] == UInt8(ascii: "T") else { return nil }
        func number(_ at: Int) -> Int? {
            guard u[at] >= 48, u[at] <= 57, u[at + 1] >= 48, u[at + 1] <= 57 else { return nil }
            return Int(u[at] - 48) * 10 + Int(u[at + 1] - 48)
        }
        guard let hour = number(11), let minute = number(14), let second = number(17) else { return nil }
        let wall = Double(day.dayNumber * 86_400 + hour * 3_600 + minute * 60 + second)
        let guess = wall - Double(from.secondsFromGMT(for: Date(timeIntervalSince1970: wall)))
        let instant = wall - Double(from.secondsFromGMT(for: Date(timeIntervalSince1970: guess)))
        let shown = Int(instant) + to.secondsFromGMT(for: Date(timeIntervalSince1970: instant))
        let newDay = CalendarDate(dayNumber: Int((Double(shown) / 86_400).rounded(.down)))
        let clock = shown - newDay.dayNumber * 86_400
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(newDay)T\(pad(clock / 3_600)):\(pad(clock / 60 % 60)):\(pad(clock % 60))"
    }

    /// The changes of one column whose values and row counts are `counts`, and the pairs to rewrite.
    public static func plan(_ table: String, _ column: String, counts: [(value: String, rows: Int)], from: TimeZone,
                            to: TimeZone) -> (change: TimestampColumnChange, moves: [(old: String, new: String)]) {
        var moves: [(old: String, new: String)] = [], moved = 0
        for (value, rows) in counts {
            guard let new = move(value, from: from, to: to), new != value else { continue }
            moves.append((value, new))
            moved += rows
        }
        let change = TimestampColumnChange(column: "\(table).\(column)", rows: counts.reduce(0) { $0 + $1.rows }, moved: moved)
        return (change, moves)
    }
}

extension SQLiteStore {
    public func changeTimeZone(to zone: String, dryRun: Bool) throws(StoreError) -> [TimestampColumnChange] {
        let (from, to) = (try timeZone(), try StoreTimeZone.named(zone))
        return try writeTransaction { db in
            var changes: [TimestampColumnChange] = []
            for (table, column) in StoreTimeZone.timestampColumns {
                let counts = try Row.fetchAll(db, sql: "SELECT \(column), count(*) FROM \(table) WHERE \(column) IS NOT NULL GROUP BY 1")
                    .map { (value: $0[0] as String, rows: $0[1] as Int) }
                let (change, moves) = StoreTimeZone.plan(table, column, counts: counts, from: from, to: to)
                changes.append(change)
                if dryRun || moves.isEmpty { continue }
                let statement = try db.makeStatement(sql: "UPDATE \(table) SET \(column) = ? WHERE \(column) = ?")
                for move in moves { try statement.execute(arguments: [StoreTimeZone.movingMark + move.new, move.old]) }
                try db.execute(sql: "UPDATE \(table) SET \(column) = substr(\(column), 2) WHERE \(column) LIKE ?",
                               arguments: [StoreTimeZone.movingMark + "%"])
            }
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [StoreTimeZone.metaKey, zone])
            return (changes, commit: !dryRun)
        }
    }
}
