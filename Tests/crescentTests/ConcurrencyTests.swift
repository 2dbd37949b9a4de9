import CrescentTestSupport
import Foundation
import Testing

/// Several team members at once on one server: two imports of the same orders, a segmentation
/// run, a REPL, a report and a KPI, all started together. Every one succeeds, the imports do not
/// mix (each order has the amount of one file, all of the same file), the run is saved whole, and
/// the KPI read one consistent state. Skipped, and saying so, without a test server.
@Suite(.enabled(if: Backend.serverURL != nil, "CRESCENT_TEST_POSTGRES is not set: no PostgreSQL server for the concurrency tests"))
struct ConcurrencyTests {
    @Test func importsASegmentationAReplAReportAndAKpiAtOnce() throws {
        let cli = try CommandLineFixture(.postgres).withShippedScripts()
        let asOf = ["--as-of", "2026-09-30"]
        #expect(try cli.run(["demo", "--customers", "200", "--seed", "5"] + asOf).status == 0)
        let orders = try cli.run(["export", "orders"]).stdout.split(separator: "\n").map(String.init)
        let header = orders[0].split(separator: ",", omittingEmptySubsequences: false)
        let amount = try #require(header.firstIndex(of: "amount"))
        // File b lists the orders in reverse: two imports taking row locks in opposite orders would deadlock.
        func withAmounts(_ value: String, reversed: Bool = false) -> String {
            let rows = reversed ? Array(orders.dropFirst().reversed()) : Array(orders.dropFirst())
            return ([orders[0]] + rows.map { line in
                var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[amount] = value
                return fields.joined(separator: ",")
            }).joined(separator: "\n") + "\n"
        }
        try cli.write("orders-a.csv", withAmounts("100"))
        try cli.write("orders-b.csv", withAmounts("200", reversed: true))
        // Two periods: two queries, that must read the same state.
        let revenue = ["kpi", "revenue", "--period", "2026", "--compare", "yoy", "--format", "json"] + asOf
        let before = try cli.run(revenue).stdout

        let commands: [[String]] = [
            ["import", "orders", "orders-a.csv"], ["import", "orders", "orders-b.csv"],
            ["segment", "run", "scripts/segments/value-tier.lua"] + asOf,
            ["repl"] + asOf, ["report", "weekly-sales", "--format", "csv"] + asOf, revenue,
        ]
        let results = Results(commands.count)
        DispatchQueue.concurrentPerform(iterations: commands.count) { index in
            let input = commands[index][0] == "repl" ? "n = crm.count('orders')\nn\ncrm.count('customers')\n" : nil
            results.set(index, try? cli.run(commands[index], input: input))
        }
        for (index, command) in commands.enumerated() {
            let result = results[index]
            #expect(result?.status == 0, "\(command.joined(separator: " ")): \(String(describing: result?.stderr))")
        }
        let count = (orders.count - 1).formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        #expect(results[3]?.stdout == "\(count)\n200\n")  // the REPL groups thousands

        // The imports took turns: every order has the amount of the file imported last.
        let amounts = Set(try cli.run(["export", "orders"]).stdout.split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false)[amount] })
        #expect(amounts == ["100"] || amounts == ["200"], "orders mix the two files: \(amounts.sorted())")
        // The KPI saw the orders before both imports, after one, or after both: never half of one.
        let last = try cli.run(revenue).stdout
        try cli.run(["import", "orders", amounts == ["100"] ? "orders-b.csv" : "orders-a.csv"])
        let other = try cli.run(revenue).stdout
        #expect([before, last, other].contains(results[5]?.stdout ?? ""), "the KPI read a state no import left")
        // The run was saved whole.
        let members = try cli.run(["segment", "members", "value-tier", "--format", "csv"]).stdout
        #expect(members.split(separator: "\n").count == 201)
    }

    /// Two runs of one segmentation at once: both are saved, one after the other, the later one's
    /// moves taken from the earlier (a run that finds another saved meanwhile takes its moves again
    /// and saves); the saved membership is never a mixture.
    @Test func twoRunsOfOneSegmentationAtOnce() throws {
        let cli = try CommandLineFixture(.postgres).withShippedScripts()
        #expect(try cli.run(["demo", "--customers", "150", "--seed", "8", "--as-of", "2026-09-30"]).status == 0)
        let runs = Results(2)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            runs.set(index, try? cli.run(["segment", "run", "scripts/segments/rfm.lua", "--as-of", index == 0 ? "2026-10-31" : "2026-11-30"]))
        }
        let outputs = (0..<2).map { runs[$0]?.stdout ?? "" }
        #expect((0..<2).allSatisfy { runs[$0]?.status == 0 }, "\(runs[0].debugDescription) \(runs[1].debugDescription)")
        func savedAs(_ output: String) -> Int? {
            output.firstRange(of: "run ").flatMap { Int(output[$0.upperBound...].prefix { $0.isNumber }) }
        }
        let ids = try outputs.map { try #require(savedAs($0)) }
        let later = ids[0] > ids[1] ? outputs[0] : outputs[1]
        #expect(later.contains("moves since run \(ids.min()!) "), "\(outputs)")
        let list = try cli.run(["segment", "list", "--format", "csv"]).stdout
        #expect(list.contains(",150,3,"), "\(list)")  // the demo's run and both of these; every run counts every customer
        #expect(try cli.run(["segment", "members", "rfm", "--format", "csv"]).stdout.split(separator: "\n").count == 151)
    }
}

/// Results of commands run on several threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [CommandLineFixture.Result?]
    init(_ count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: CommandLineFixture.Result?) { lock.withLock { results[index] = result } }
    subscript(index: Int) -> CommandLineFixture.Result? { lock.withLock { results[index] } }
}
