import CrescentTestSupport
import Foundation
import Testing

/// A store's time zone: timestamps keep their instant, and days, months and years of activities
/// and stage entries are those of the store's calendar, across midnight, month and year ends.
@Suite struct TimeZoneCommandTests {
    /// 07:30 in Beijing (23:30 UTC the day before), 20:00 UTC on New Year's Eve (04:00 on 1 January
    /// in Beijing), 16:30 UTC on 31 July (00:30 on 1 August) and a wall-clock time without offset.
    static let activities = """
        id,rep_id,customer_id,kind,occurred_at
        A1,R1,C1,visit,2026-07-01 07:30+08:00
        A2,R1,C1,call,2026-12-31T20:00:00Z
        A3,R2,C2,call,2026-07-31T16:30:00+00:00
        A4,R2,C2,visit,2026-08-01 07:59

        """

    func store(_ backend: Backend, zone: String?) throws -> CommandLineFixture {
        let cli = try CommandLineFixture(backend)
        let made = try cli.run(["init", "--currency", "CNY"] + (zone.map { ["--timezone", $0] } ?? []))
        #expect(made.status == 0 && made.stdout.contains("time zone \(zone ?? TimeZone.current.identifier))"), "\(made)")
        _ = try cli.seeded()
        try cli.write("activities.csv", Self.activities)
        let imported = try cli.run(["import", "activities", "activities.csv"])
        #expect(imported.status == 0, "\(imported)")
        return cli
    }

    func counts(_ cli: CommandLineFixture) throws -> [String] {
        try ["2026-06", "2026-07", "2026-08", "2026", "2027"].map { period in
            let result = try cli.run(["kpi", "activities", "--period", period, "--as-of", "2027-01-31", "--format", "csv"])
            return String(result.stdout.split(separator: "\n").last?.split(separator: ",").last ?? "?")
        }
    }

    @Test(arguments: Backend.available) func daysAreThoseOfTheStoresZone(_ backend: Backend) throws {
        let shanghai = try store(backend, zone: "Asia/Shanghai")
        #expect(try counts(shanghai) == ["0", "1", "2", "3", "1"])
        let exported = try shanghai.run(["export", "activities", "--format", "csv"]).stdout
        for stored in ["A1,R1,C1,,visit,2026-07-01T07:30:00", "A2,R1,C1,,call,2027-01-01T04:00:00", "A3,R2,C2,,call,2026-08-01T00:30:00",
                       "A4,R2,C2,,visit,2026-08-01T07:59:00"] {
            #expect(exported.contains(stored), "\(stored) in \(exported)")
        }
        let utc = try store(backend, zone: "UTC")
        #expect(try counts(utc) == ["1", "1", "1", "4", "0"])
        // Stage entries too: a deal entering a stage at 01:00 Beijing time on 1 October is in Q4.
        try shanghai.write("deals.csv", "id,customer_id,owner_id,stage,status,created_on\nD1,C1,R1,qualified,open,2026-09-01\n")
        try shanghai.write("history.csv", "deal_id,stage,entered_at\nD1,lead,2026-09-01T09:00:00+08:00\nD1,qualified,2026-09-30T17:00:00Z\n")
        #expect(try shanghai.run(["import", "deals", "deals.csv"]).status == 0)
        #expect(try shanghai.run(["import", "deal_stage_history", "history.csv"]).status == 0)
        let history = try shanghai.run(["export", "deal_stage_history", "--format", "csv"]).stdout
        #expect(history.contains("D1,qualified,2026-10-01T01:00:00"), "\(history)")
    }

    /// Changing the zone moves every timestamp to the new clock (the same instants), says what it
    /// moved, and changes nothing with --dry-run. The lead entry moves onto the contacted entry's old
    /// time (09:00): each must move once.
    @Test(arguments: Backend.available) func changingTheZoneMovesTheTimestampsOnce(_ backend: Backend) throws {
        let cli = try store(backend, zone: "UTC")
        try cli.write("deals.csv", "id,customer_id,owner_id,stage,status,created_on\nD1,C1,R1,qualified,open,2026-09-01\n")
        try cli.write("history.csv", "deal_id,stage,entered_at\nD1,lead,2026-09-01T01:00:00\nD1,contacted,2026-09-01T09:00:00\n"
                      + "D1,qualified,2026-09-30T17:00:00\n")
        #expect(try cli.run(["import", "deals", "deals.csv"]).status == 0)
        #expect(try cli.run(["import", "deal_stage_history", "history.csv"]).status == 0)
        let before = try cli.run(["export", "activities", "--format", "csv"]).stdout
        let dry = try cli.run(["timezone", "Asia/Shanghai", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("activities.occurred_at            4      4"), "\(dry)")
        #expect(try cli.run(["export", "activities", "--format", "csv"]).stdout == before)
        #expect(try cli.run(["timezone"]).stdout == "time zone UTC\n")
        let changed = try cli.run(["timezone", "Asia/Shanghai"])
        #expect(changed.status == 0 && changed.stdout == """
            column                         rows  moved
            deal_stage_history.entered_at     3      3
            activities.occurred_at            4      4
            tasks.created_at                  0      0
            the time zone changed from UTC to Asia/Shanghai; the timestamps above show its clock (the same instants)

            """, "\(changed)")
        // The same rows as a store made in Shanghai holds, and the same days.
        let exported = try cli.run(["export", "activities", "--format", "csv"]).stdout
        for stored in ["A1,R1,C1,,visit,2026-07-01T07:30:00", "A2,R1,C1,,call,2027-01-01T04:00:00", "A3,R2,C2,,call,2026-08-01T00:30:00",
                       "A4,R2,C2,,visit,2026-08-01T15:59:00"] {
            #expect(exported.contains(stored), "\(stored) in \(exported)")
        }
        let history = try cli.run(["export", "deal_stage_history", "--format", "csv"]).stdout
        for stored in ["D1,lead,2026-09-01T09:00:00", "D1,contacted,2026-09-01T17:00:00", "D1,qualified,2026-10-01T01:00:00"] {
            #expect(history.contains(stored), "\(stored) in \(history)")
        }
        #expect(try cli.run(["timezone"]).stdout == "time zone Asia/Shanghai\n")
        let bad = try cli.run(["timezone", "Mars/Base"])
        #expect(bad.status == 64 && bad.stderr.contains("zone: 'Mars/Base' is not a time zone"), "\(bad)")
    }

    @Test func aBadZoneAndAChangedZoneAreRefused() throws {
        let cli = try CommandLineFixture()
        let bad = try cli.run(["init", "--timezone", "Asia/Beijing"])
        #expect(bad.status == 64 && bad.stderr.contains("'Asia/Beijing' is not a time zone"), "\(bad)")
        #expect(try cli.run(["init", "--timezone", "Asia/Shanghai"]).status == 0)
        let again = try cli.run(["init", "--timezone", "Europe/Berlin"])
        #expect(again.status == 64 && again.stderr.contains("exists and keeps its time zone, Asia/Shanghai (`crescent timezone Europe/Berlin` changes it"),
                "\(again)")
    }
}
