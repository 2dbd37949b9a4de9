import Foundation

/// A calendar day, without time zone.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Self.days(inMonth: month, year: year)).contains(day) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(parsing text: some StringProtocol) {
        guard text.utf8.count == 10 else { return nil }
        self.init(isoPrefix: Array(text.utf8))
    }

    /// Parses the `YYYY-MM-DD` that `bytes` start with (a date, or the date part of a timestamp).
    public init?<Bytes: RandomAccessCollection>(isoPrefix u: Bytes) where Bytes.Element == UInt8, Bytes.Index == Int {
        let s = u.startIndex
        guard u.count >= 10, u[s + 4] == UInt8(ascii: "-"), u[s + 7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                let byte = u[s + i]
                guard byte >= 48, byte <= 57 else { return nil }
                n = n * 10 + Int(byte - 48)
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// The day of the week, 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber + 3) % 7 + 7) % 7 }

    /// The Monday of the day's week.
    public var monday: CalendarDate { adding(days: -weekday) }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.dayNumber < b.dayNumber }
}

/// Timestamps are kept as `YYYY-MM-DDTHH:MM:SS` text, the wall-clock time in the store's zone: one
/// given with an offset (or Z) is moved to that zone, keeping its instant (docs/data.md#time).
enum Timestamp {
    static func normalize(_ text: String, in zone: TimeZone? = nil) -> String? {
        if let date = CalendarDate(parsing: text) { return date.description + "T00:00:00" }
        let u = Array(text.utf8)
        guard u.count >= 16, let date = CalendarDate(parsing: text.prefix(10)),
              u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " ") else { return nil }
        var rest = Substring(text.dropFirst(11))
        var offsetMinutes = 0, hasOffset = false
        if rest.hasSuffix("Z") {
            rest = rest.dropLast()
            hasOffset = true
        } else if rest.count > 8 || (rest.count > 5 && rest.dropFirst(5).first != ":"),
                  let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = rest[rest.index(after: sign)...].split(separator: ":")
            guard offset.count <= 2, let h = Int(offset[0].prefix(2)), h <= 14 else { return nil }
            let m = offset.count == 2 ? Int(offset[1]) : (offset[0].count == 4 ? Int(offset[0].suffix(2)) : 0)
            guard let m, m < 60 else { return nil }
            offsetMinutes = (h * 60 + m) * (rest[sign] == "-" ? -1 : 1)
            rest = rest[..<sign]
            hasOffset = true
        }
        let clock = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock[0].count == 2, clock[1].count == 2,
              let hour = Int(clock[0]), let minute = Int(clock[1]), hour < 24, minute < 60 else { return nil }
        var second = 0
        if clock.count == 3 {
            let whole = clock[2].split(separator: ".", maxSplits: 1)[0]
            guard whole.count == 2, let s = Int(whole), s < 61 else { return nil }
            second = min(s, 59)
        }
        var total = date.dayNumber * 1440 + hour * 60 + minute - offsetMinutes
        if hasOffset, let zone {  // the instant, as the zone's wall clock shows it
            let instant = Date(timeIntervalSince1970: Double(total * 60 + second))
            total += zone.secondsFromGMT(for: instant) / 60
        }
        let day = CalendarDate(dayNumber: Int((Double(total) / 1440).rounded(.down)))
        total -= day.dayNumber * 1440
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day)T\(pad(total / 60)):\(pad(total % 60)):\(pad(second))"
    }
}

extension CalendarDate {
    /// Today in the local time zone.
    public static func today() -> CalendarDate {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return CalendarDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
    }
}
