import Foundation

/// One run of a schedule entry: the slot it ran for (`2026-12-07T08:00`, the store's wall clock)
/// and how it went.
public struct ScheduleRunRecord: Sendable, Equatable {
    public var name: String
    public var slot: String
    public var startedAt: String
    public var finishedAt: String?
    /// running, done or failed.
    public var status: String
    public var message: String?
}

/// The runs of schedule entries, the same in both backends.
extension SQLStore {
    /// Takes slot `slot` of entry `name` for this process: true once, false for every later claim
    /// (another process's, even at the same moment), so that a slot runs exactly once.
    public func claimScheduleSlot(name: String, slot: String) throws(StoreError) -> Bool {
        let now = ISO8601DateFormatter().string(from: Date())
        return try database.transaction { (sql: any SQLSession) throws(StoreError) -> Bool in
            try sql.execute("""
                INSERT INTO schedule_runs(name, slot, started_at, status) VALUES (?, ?, ?, 'running') ON CONFLICT (name, slot) DO NOTHING
                """, [.text(name), .text(slot), .text(now)]) == 1
        }
    }

    /// Records how the run of `name` for `slot` ended.
    public func finishScheduleRun(name: String, slot: String, failure: String?) throws(StoreError) {
        let now = ISO8601DateFormatter().string(from: Date())
        try database.transaction { (sql: any SQLSession) throws(StoreError) in
            try sql.execute("UPDATE schedule_runs SET finished_at = ?, status = ?, message = ? WHERE name = ? AND slot = ?",
                            [.text(now), .text(failure == nil ? "done" : "failed"), SQLValue(failure), .text(name), .text(slot)])
        }
    }

    /// The latest run of each entry, by name.
    public func latestScheduleRuns() throws(StoreError) -> [String: ScheduleRunRecord] {
        try database.read { (sql: any SQLSession) throws(StoreError) in
            var latest: [String: ScheduleRunRecord] = [:]
            for row in try sql.rows("SELECT * FROM schedule_runs ORDER BY name, slot") {
                let run = ScheduleRunRecord(name: try row.text("name"), slot: try row.text("slot"), startedAt: try row.text("started_at"),
                                            finishedAt: try row.optionalText("finished_at"), status: try row.text("status"),
                                            message: try row.optionalText("message"))
                latest[run.name] = run
            }
            return latest
        }
    }
}
