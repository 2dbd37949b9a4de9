import Testing
@testable import CrescentStore

@Suite struct ValueTests {
    @Test(arguments: [("12.5", "12.5"), ("-0.0025", "-0.0025"), ("100", "100"), ("+7.10", "7.1"), ("0", "0")])
    func decimalsParseAndPrintExactly(_ input: String, _ printed: String) throws {
        #expect(try #require(Decimal4(parsing: input)).description == printed)
    }

    @Test(arguments: ["12,5", "1e3", "", "-", "1.23456", "1.2.3", "abc"])
    func badDecimalsAreRefused(_ input: String) {
        #expect(Decimal4(parsing: input) == nil)
    }

    @Test func dates() {
        #expect(CalendarDate(parsing: "2024-02-29") != nil)
        #expect(CalendarDate(parsing: "2023-02-29") == nil)
        #expect(CalendarDate(parsing: "2026-1-01") == nil)
        let d = CalendarDate(parsing: "2026-03-01")!
        #expect(d.adding(days: -1).description == "2026-02-28")
        #expect(CalendarDate(dayNumber: 0).description == "1970-01-01")
    }

    @Test func timestampsNormalizeToUTC() {
        #expect(Timestamp.normalize("2026-07-01") == "2026-07-01T00:00:00")
        #expect(Timestamp.normalize("2026-07-01 09:30") == "2026-07-01T09:30:00")
        #expect(Timestamp.normalize("2026-07-01T01:30:15+08:00") == "2026-06-30T17:30:15")
        #expect(Timestamp.normalize("2026-07-01T23:30:00Z") == "2026-07-01T23:30:00")
        #expect(Timestamp.normalize("2026-07-01T25:00") == nil)
    }
}
