import Foundation

/// Excel's serial dates: days since 1899-12-30 (with 1900's phantom 29 February), or since
/// 1904-01-01 in workbooks made on old Macs; the fraction is the time of day.
public enum ExcelDate {
    /// Serial `serial` of the 1900 system as `2026-07-01`, or `2026-07-01 09:30:00` `withTime`.
    public static func text(serial: Double, withTime: Bool) -> String? {
        text(serial: serial, shown: withTime ? .dateTime : .date, date1904: false)
    }

    /// `2026-07-01`, `2026-07-01 09:30:00` or `09:30:00` as the cell's style shows it; nil when
    /// the number is no date Excel shows (negative, or past 9999).
    static func text(serial: Double, shown: CellStyles.Shown, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var seconds = Int((serial * 86_400).rounded())
        var days = seconds / 86_400
        seconds -= days * 86_400
        if date1904 {
            days += 1462  // 1904-01-01 is serial 1462 of the 1900 system
        }
        // Serial 60 is 1900-02-29, which never was; before it, serials are a day ahead of the count from 1899-12-30.
        if !date1904, days < 61 { days += days == 60 ? 0 : 1 }
        let time = String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        if shown == .time { return time }
        let (year, month, day) = civil(fromDaysSince19700101: days - 25_569)
        let date = String(format: "%04d-%02d-%02d", year, month, day)
        return shown == .dateTime ? date + " " + time : date
    }

    /// The serial of a day (1900 system), for writing dates.
    static func serial(year: Int, month: Int, day: Int) -> Int {
        daysSince19700101(year: year, month: month, day: day) + 25_569
    }

    /// Howard Hinnant's civil-from-days.
    static func civil(fromDaysSince19700101 z: Int) -> (Int, Int, Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysSince19700101(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
