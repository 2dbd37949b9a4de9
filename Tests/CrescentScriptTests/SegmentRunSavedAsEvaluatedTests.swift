import CrescentCore
import CrescentStore
import CrescentTestSupport
import Foundation
import LuaKit
import Testing
@testable import CrescentScript

/// A segment run saves each block of customers as soon as it is evaluated, while workers evaluate
/// the blocks after it (on SQLite; a server store is sent the blocks once all are evaluated). Small
/// blocks and several workers put many seams in a store of 200 customers.
@Suite struct SegmentRunSavedAsEvaluatedTests {
    static let tiers = """
        return crm.segmentation {
          name = "value-tier",
          tiers = {
            { name = "A", when = function(c) return c.revenue_12m >= 20000 end },
            { name = "B", when = function(c) return c.revenue_12m >= 5000 end },
          },
          default = "C",
        }
        """

    /// A store of 200 customers with an order each, and a folder for scripts, removed with it.
    final class Fixture: Sendable {
        let folder: URL
        let testStore: TestStore
        var store: any RecordStore { testStore.store }

        init(_ backend: Backend) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("seg-saved-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            testStore = try TestStore(backend, in: folder, baseCurrency: "CNY")
            let customers = (1...200).map { String(format: "C%04d,客户%d,2024-01-01", $0, $0) }
            _ = try store.importCSV(.customers, bytes: Array(("id,name,created_on\n" + customers.joined(separator: "\n") + "\n").utf8),
                                    fileName: "customers.csv")
            // Revenue in the 12 months to 2026-06-30 from 0 to 39,800, by customer; the 2026-09-30 run
            // also sees a second order of the customers whose number ends in 3.
            var orders = (1...200).map { String(format: "O%04d,C%04d,2026-03-01,%d", $0, $0, ($0 * 7919 % 200) * 200) }
            orders += stride(from: 3, through: 200, by: 10).map { String(format: "P%04d,C%04d,2026-08-01,30000", $0, $0) }
            let csv = "id,customer_id,ordered_on,amount\n" + orders.joined(separator: "\n") + "\n"
            _ = try store.importCSV(.orders, bytes: Array(csv.utf8), fileName: "orders.csv")
        }

        func script(_ source: String) throws -> String {
            let path = folder.appendingPathComponent("seg-\(UUID().uuidString).lua").path
            try source.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        func environment(_ asOf: String) -> ScriptEnvironment {
            ScriptEnvironment(moduleFolders: [], asOf: CalendarDate(parsing: asOf)!)
        }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    /// A first run and a re-run, each saved block by block, save what one evaluation of every
    /// customer says: the same summary (as a dry run computes it), members and moves.
    @Test(arguments: Backend.available) func savedBlockByBlockAsWhenEvaluatedWhole(_ backend: Backend) throws {
        let f = try Fixture(backend)
        let path = try f.script(SegmentRunSavedAsEvaluatedTests.tiers)
        var first: [String] = []
        for asOf in ["2026-06-30", "2026-09-30"] {
            let whole = try SegmentEvaluation(scriptPath: path, environment: f.environment(asOf), store: f.store, workers: 1)
            let dry = try SegmentEvaluation.run(scriptPath: path, environment: f.environment(asOf), store: f.store, dryRun: true,
                                                workers: 1)
            let saved = try SegmentEvaluation.run(scriptPath: path, environment: f.environment(asOf), store: f.store, dryRun: false,
                                                  workers: 3, block: 7)
            #expect(saved.tiers == dry.tiers && saved.moves == dry.moves, "\(asOf)")
            #expect(saved.tiers.map(\.count).reduce(0, +) == 200)
            let names = whole.segmentation.tierNames
            let members = try f.store.currentMembers(segment: "value-tier")
            #expect(members.map(\.customerID) == (0..<200).map { whole.facts.ids.id($0) })
            #expect(members.map(\.tier) == whole.assignment.map { names[Int($0)] }, "\(asOf)")
            if first.isEmpty { first = members.map(\.tier) }
            // The summary saved with the run is the one its evaluation came to.
            var expected = dry
            expected.followUps = nil
            #expect(try f.store.segmentRuns(segment: "value-tier").last?.summary == JSONText.encode(expected))
        }
        let moves = try f.store.tierMoves(segment: "value-tier")
        let moved = (3...200).filter { $0 % 10 == 3 && first[$0 - 1] != "A" }.map { String(format: "C%04d", $0) }
        #expect(!moved.isEmpty && moves.map(\.customerID) == moved && moves.allSatisfy { $0.to == "A" })
    }

    /// A script failing in a late block, while the blocks before are being saved, fails with its
    /// own error for the first customer it failed on (whichever worker got there first), and
    /// leaves nothing saved.
    @Test(arguments: Backend.available) func aScriptFailingMidRunSavesNothing(_ backend: Backend) throws {
        let f = try Fixture(backend)
        let path = try f.script("""
            return crm.segmentation { name = "value-tier", tiers = {
              { name = "A", when = function(c)
                  if c.id == "C0190" or c.id == "C0150" then error("no tier for " .. c.id) end
                  return c.revenue_12m > 0 end } } }
            """)
        for _ in 1...3 {
            let error = #expect(throws: LuaError.self) {
                try SegmentEvaluation.run(scriptPath: path, environment: f.environment("2026-06-30"), store: f.store, dryRun: false,
                                          workers: 2, block: 7)
            }
            #expect(error?.message.contains("no tier for C0150 (tier 'A', customer C0150)") == true, "\(error?.message ?? "")")
        }
        #expect(try f.store.segmentRuns(segment: "value-tier").isEmpty)
        #expect(try f.store.currentMembers(segment: "value-tier").isEmpty)
    }

    /// A worker reading another segmentation's tiers derives them from its memberships, which
    /// would be kept: it must not wait for the run's own save, which waits for it. (The run is
    /// made on a thread of its own so that a deadlock fails the test instead of hanging the suite.)
    @Test func aWorkerDerivingColumnsDoesNotWaitForTheSave() throws {
        let f = try Fixture(.sqlite)
        let other = (1...200).map { (customerID: String(format: "C%04d", $0), tier: $0 % 2 == 0 ? "even" : "odd") }
        let record = SegmentRunRecord(segment: "parity", description: "", asOf: "2026-06-30", runAt: "2026-06-30T00:00:00Z",
                                      customers: 200, summary: "{}")
        _ = try f.store.saveSegmentRun(record, previousRun: nil, changes: other)
        let path = try f.script("""
            return crm.segmentation { name = "by-parity", tiers = {
              { name = "even", when = function(c) return c.tiers.parity == "even" end } }, default = "odd" }
            """)
        let outcome = Outcome()
        let thread = Thread {
            outcome.set(Result {
                try SegmentEvaluation.run(scriptPath: path, environment: f.environment("2026-06-30"), store: f.store, dryRun: false,
                                          workers: 2, block: 7)
            })
        }
        thread.start()
        guard outcome.wait(seconds: 60) else {
            Issue.record("the run did not end within a minute")
            return
        }
        #expect(try outcome.result?.get().tiers.map(\.count) == [100, 100])
        #expect(try f.store.currentMembers(segment: "by-parity").map(\.tier) == other.map(\.tier))
    }

    /// What another thread came to, waited for with a deadline.
    final class Outcome: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private(set) var result: Result<SegmentSummary, any Error>?
        func set(_ result: Result<SegmentSummary, any Error>) { self.result = result; done.signal() }
        func wait(seconds: Double) -> Bool { done.wait(timeout: .now() + seconds) == .success }
    }
}
