import CrescentSchedule
import CrescentStore
import CrescentTestSupport
import Foundation
import Testing

/// Slots on the store's clock, and run-due's promise: each entry once for its latest slot, however
/// many were missed, and once however many run-due start together. Both backends.
@Suite struct ScheduleTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// `2026-12-07T08:00` on Shanghai's clock.
    func at(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = Self.shanghai
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.date(from: text)!
    }

    func entry(_ every: ScheduleEntry.Every, _ hour: Int, _ minute: Int, name: String = "e") -> ScheduleEntry {
        ScheduleEntry(name: name, job: .script("x.lua", arguments: []), every: every, hour: hour, minute: minute, to: [], language: nil)
    }

    func slot(_ entry: ScheduleEntry, _ now: String) -> String { ScheduleEntry.text(entry.latestSlot(atOrBefore: at(now), in: Self.shanghai), in: Self.shanghai) }
    func next(_ entry: ScheduleEntry, _ now: String) -> String { ScheduleEntry.text(entry.nextSlot(after: at(now), in: Self.shanghai), in: Self.shanghai) }

    @Test func slotsFollowTheStoresClock() {
        let monday = entry(.week(1), 8, 0)   // 2026-12-07 is a Monday
        #expect(slot(monday, "2026-12-07T08:00") == "2026-12-07T08:00" && slot(monday, "2026-12-07T07:59") == "2026-11-30T08:00")
        #expect(slot(monday, "2026-12-10T12:00") == "2026-12-07T08:00" && next(monday, "2026-12-07T08:00") == "2026-12-14T08:00")
        let hourly = entry(.hour, 0, 15)
        #expect(slot(hourly, "2026-12-07T10:14") == "2026-12-07T09:15" && next(hourly, "2026-12-07T10:14") == "2026-12-07T10:15")
        let daily = entry(.day, 6, 0)
        #expect(slot(daily, "2026-12-01T05:00") == "2026-11-30T06:00" && next(daily, "2026-12-31T07:00") == "2027-01-01T06:00")
        let monthly = entry(.month, 9, 30)
        #expect(slot(monthly, "2026-12-01T09:29") == "2026-11-01T09:30" && slot(monthly, "2027-03-15T00:00") == "2027-03-01T09:30")
        #expect(slot(entry(.week(7), 20, 0), "2026-12-07T08:00") == "2026-12-06T20:00")  // Sunday
    }

    @Test(arguments: Backend.available) func aMissedSlotRunsOnceAndAConcurrentStartRunsNothing(_ backend: Backend) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let test = try TestStore(backend, in: folder, baseCurrency: "CNY")
        _ = try test.store.changeTimeZone(to: "Asia/Shanghai", dryRun: false)
        let script = folder.appendingPathComponent("count.lua").path
        try "crm.create('teams', {name = 'ran at ' .. crm.as_of})\n".write(toFile: script, atomically: true, encoding: .utf8)
        let daily = ScheduleEntry(name: "count", job: .script(script, arguments: []), every: .day, hour: 6, minute: 0, to: [], language: nil)
        let runner = ScheduleRunner(entries: [daily], config: nil, language: .en)

        #expect(try runner.runDue(store: test.store, now: at("2026-12-01T06:30")).map(\.slot) == ["2026-12-01T06:00"])
        #expect(try runner.runDue(store: test.store, now: at("2026-12-01T23:00")).isEmpty)  // that slot ran
        // Down for three days: one run, for the latest slot.
        let caughtUp = try runner.runDue(store: test.store, now: at("2026-12-04T09:00"))
        #expect(caughtUp.map(\.slot) == ["2026-12-04T06:00"] && caughtUp.allSatisfy { $0.failure == nil }, "\(caughtUp)")

        // Two run-due at the same moment, each with its own connection: the slot runs once.
        let other = try test.openedAgain()
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let outcomes = try? runner.runDue(store: i == 0 ? test.store : other, now: at("2026-12-05T06:01"))
            results.add(outcomes?.count ?? -1)
        }
        #expect(results.sorted == [0, 1])
        #expect(try test.store.find(.teams).compactMap { $0.text("name") }.sorted()
                == ["ran at 2026-12-01", "ran at 2026-12-04", "ran at 2026-12-05"])
        #expect(try test.store.latestScheduleRuns()["count"]?.status == "done")
    }
}

private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int] = []
    func add(_ value: Int) { lock.withLock { values.append(value) } }
    var sorted: [Int] { lock.withLock { values.sorted() } }
}
