import Foundation
import Testing

/// The demo company holds up to a sceptical look: no record of a rep before their hiring day,
/// visits that keep pace with orders year on year, and a first alert run a manager can act on.
@Suite(.serialized) struct DemoPropertiesTests {
    static let asOf = ["--as-of", "2026-11-20"]

    /// The default demo (2,000 customers), made once for the suite.
    static let demo: CommandLineFixture = {
        let cli = try! CommandLineFixture().withShippedScripts()
        let made = try! cli.run(["demo"] + asOf)
        precondition(made.status == 0, made.stderr)
        return cli
    }()

    /// The rows of an export as dictionaries (the demo's values hold no commas or quotes in these columns).
    func rows(_ entity: String) throws -> [[String: String]] {
        let lines = try Self.demo.run(["export", entity, "--format", "csv"]).stdout.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init))) { a, _ in a }
        }
    }

    @Test func nothingOfARepComesBeforeTheirHiringDay() throws {
        let hired = Dictionary(uniqueKeysWithValues: try rows("reps").map { ($0["id"]!, $0["hired_on"]!) })
        for (entity, rep, day) in [("orders", "rep_id", "ordered_on"), ("activities", "rep_id", "occurred_at"), ("deals", "owner_id", "created_on"),
                                   ("surveys", "rep_id", "responded_on")] {
            let early = try rows(entity).filter { row in
                guard let id = row[rep], let on = hired[id], let when = row[day] else { return false }
                return String(when.prefix(10)) < on
            }
            #expect(early.isEmpty, "\(entity): \(early.count) before the rep's hiring day, such as \(early.first ?? [:])")
        }
        let targets = try rows("targets").filter { $0["scope"] == "rep" }
        let early = targets.filter { target in
            guard let on = hired[target["scope_id"]!], let period = target["period"] else { return false }
            let start = period.count == 4 ? "\(period)-01-01" : "\(period.prefix(4))-\(["01", "04", "07", "10"][Int(period.suffix(1))! - 1])-01"
            return start < on
        }
        #expect(early.isEmpty, "targets before hiring: \(early.prefix(3))")
    }

    @Test func visitsKeepPaceWithRevenueYearOnYear() throws {
        let perVisit = try ["2023", "2024", "2025"].map { year -> Double in
            let csv = try Self.demo.run(["kpi", "revenue_per_visit", "--period", year, "--format", "csv"] + Self.asOf).stdout
            return try #require(Double(csv.split(separator: "\n").last!.split(separator: ",").last!))
        }
        for (before, after) in zip(perVisit, perVisit.dropFirst()) {
            #expect(abs(after / before - 1) < 0.2, "revenue per visit \(perVisit)")
        }
    }

    @Test func aFirstAlertRunIsAHandfulMostUrgentFirst() throws {
        let run = try Self.demo.run(["alerts", "run", "--format", "jsonl"] + Self.asOf)
        #expect(run.status == 0, "\(run.stderr)")
        let alerts = try run.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect((1...25).contains(alerts.count), "\(alerts.count) alerts")
        let critical = alerts.filter { $0["severity"] as? String == "critical" }
        #expect(critical.count <= 10, "\(critical.count) critical")
        let rank = ["critical": 0, "warning": 1, "info": 2]
        let order = alerts.map { (rank[$0["severity"] as! String]!, -(($0["data"] as? [String: Any])?["size"] as? Double ?? -.infinity)) }
        #expect(order.elementsEqual(order.sorted { $0 < $1 }) { $0 == $1 }, "by severity, then the largest first")
        #expect(Set(alerts.map { $0["rule"] as! String }).count >= 3)
        let again = try Self.demo.run(["alerts", "run"] + Self.asOf)
        #expect(again.status == 0 && again.stderr.hasPrefix("0 new alerts; "), "\(again)")
    }
}
