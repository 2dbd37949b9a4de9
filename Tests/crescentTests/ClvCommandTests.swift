import CrescentTestSupport
import Foundation
import Testing

/// `crescent clv fit` and `clv show` on the CDNOW sample (Tests/Data/cdnow) imported as a store's
/// customers and orders, and the fields the fit gives customers, end to end.
@Suite struct ClvCommandTests {
    static let data = CommandLineFixture.repository.appendingPathComponent("Tests/Data/cdnow")

    func fixture(_ backend: Backend) throws -> CommandLineFixture {
        let cli = try CommandLineFixture(backend).withShippedScripts()
        try cli.run(["init", "--currency", "USD"])
        for entity in ["customers", "orders"] {
            let result = try cli.run(["import", entity, Self.data.appendingPathComponent("\(entity).csv").path])
            #expect(result.status == 0, "\(result)")
        }
        return cli
    }

    @Test(arguments: Backend.available) func fitsThePapersParametersAndShowsThemAsJSON(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let none = try cli.run(["clv", "show"])
        #expect(none.status == 64 && none.stderr.contains("crescent clv fit"), "\(none)")
        let fit = try cli.run(["clv", "fit", "--calibration-end", "1997-09-30", "--time-unit", "week", "--as-of", "1998-06-30"])
        #expect(fit.status == 0 && fit.stdout.contains("repeat buyers 946"), "\(fit)")
        let shown = try cli.run(["clv", "show", "--format", "json"])
        let model = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any], "\(shown)")
        let bg = try #require(model["bg_nbd"] as? [String: Double]), gg = try #require(model["gamma_gamma"] as? [String: Double])
        func rounded(_ value: Double?, _ places: Double) -> Double? { value.map { ($0 * pow(10, places)).rounded() / pow(10, places) } }
        // Fader, Hardie and Lee (2005); Fader and Hardie (2013).
        #expect(rounded(bg["r"], 3) == 0.243 && rounded(bg["alpha"], 3) == 4.414 && rounded(bg["a"], 3) == 0.793 && rounded(bg["b"], 3) == 2.426)
        #expect(rounded(bg["log_likelihood"], 1) == -9582.4)
        #expect(rounded(gg["p"], 2) == 6.25 && rounded(gg["q"], 2) == 3.74 && rounded(gg["gamma"], 2) == 15.44)
        #expect(model["time_unit"] as? String == "week" && model["customers"] as? Int == 2357 && model["calibration_end"] as? String == "1997-09-30")
    }

    @Test func customersAreTieredByPredictedValueAndPAlive() throws {
        let cli = try fixture(.sqlite)
        let unfitted = try cli.run(["segment", "run", "scripts/segments/clv.lua", "--as-of", "1998-06-30", "--dry-run"])
        #expect(unfitted.status != 0 && unfitted.stderr.contains("crescent clv fit"), "\(unfitted)")
        try cli.run(["clv", "fit", "--calibration-end", "1997-09-30", "--as-of", "1998-06-30"])
        // The shipped thresholds are for a company's money; CDNOW's customers spend dollars.
        let script = try cli.read("scripts/segments/clv.lua").replacingOccurrences(of: "local high_value = 50000", with: "local high_value = 100")
        try cli.write("clv.lua", script)
        let run = try cli.run(["segment", "run", "clv.lua", "--as-of", "1998-06-30", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run)")
        let tiers = try #require(object["tiers"] as? [[String: Any]])
        let counts = Dictionary(uniqueKeysWithValues: tiers.map { ($0["name"] as! String, $0["count"] as! Int) })
        #expect(counts.values.reduce(0, +) == 2357 && counts.count == 4 && counts.values.allSatisfy { $0 > 0 }, "\(counts)")
        // Customer 1, scored on all orders to the as-of day (3 repeat purchases, 49.29 weeks, age 77.86): lifetimes
        // gives p_alive 0.58325869 at its parameters, which ours match to 1e-5.
        try cli.write("customer.lua", """
            local c = crm.get("customers", "CD0001")
            print(string.format("%.8f %.4f", c.p_alive, c.clv_12m))
            """)
        let scored = try cli.run(["run", "--as-of", "1998-06-30", "customer.lua"])
        let values = scored.stdout.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(scored.status == 0 && values.count == 2, "\(scored)")
        #expect(abs((values.first ?? 0) - 0.58325869) < 1e-5 && (values.last ?? 0) > 0, "\(scored)")
    }

    /// The papers' tracking figure on CDNOW: week by week, the repeat purchases that happened are
    /// lifetimes' to the unit and the ones predicted match its `expected_cumulative_transactions`.
    @Test(arguments: Backend.available) func trackingMatchesLifetimesWeekByWeek(_ backend: Backend) throws {
        let cli = try fixture(backend)
        let unfitted = try cli.run(["clv", "tracking"])
        #expect(unfitted.status == 64 && unfitted.stderr.contains("crescent clv fit"), "\(unfitted)")
        try cli.run(["clv", "fit", "--calibration-end", "1997-09-30", "--time-unit", "week", "--as-of", "1998-06-30"])
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.data.appendingPathComponent(
            "lifetimes-reference.json"))) as? [String: Any])
        let expected = try #require(reference["tracking"] as? [String: [Double]])
        let shown = try cli.run(["clv", "tracking", "--as-of", "1998-06-30", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any], "\(shown)")
        let weeks = try #require(object["weeks"] as? [[String: Any]])
        #expect(weeks.count == 78 && weeks.first?["end"] as? String == "1997-01-07" && weeks.last?["end"] as? String == "1998-06-30")
        #expect(weeks.map { $0["actual"] as? Double } == expected["actual"]!.map { $0 })
        let predicted = weeks.map { $0["predicted"] as? Double ?? -1 }
        let off = zip(predicted, expected["predicted"]!).filter { abs($0 - $1) > 0.01 + 1e-4 * $1 }
        #expect(off.isEmpty && predicted.count == 78, "\(off)")
        #expect(weeks.filter { $0["holdout"] as? Bool == true }.count == 39)

        // The holdout as the plugin sums it: 39 weeks after the calibration's.
        let sheet = try cli.run(["report", "clv-tracking", "--param", "weeks=3", "--as-of", "1998-06-30", "--format", "csv"])
        let actual = Int(expected["actual"]![77] - expected["actual"]![38])
        #expect(sheet.status == 0 && sheet.stdout.contains("repeat purchases in the holdout,\(actual)"), "\(sheet)")
        #expect(sheet.stdout.contains("1998-06-30,\(Int(expected["actual"]![77])),"), "\(sheet)")

        // crm.clv.expected_orders on the calibration's history is lifetimes' conditional expectation.
        let fits = try #require((reference["fits"] as? [String: Any])?["week"] as? [String: Any])
        let rows = try #require(fits["predictions"] as? [[String: Any]])
        try cli.write("expected.lua", """
            for _, id in ipairs { "CD0001", "CD0018", "CD1130" } do
              local c = crm.get("customers", id)
              print(id, string.format("%.10f %.10f", crm.clv.expected_orders(c, 90), crm.clv.expected_orders(id, 90) - c.expected_orders_90d))
            end
            print(crm.clv.expected_orders("no such customer", 90), crm.clv.model().bg_nbd.r > 0.24)
            """)
        let run = try cli.run(["run", "--as-of", "1997-09-30", "expected.lua"])
        let lines = run.stdout.split(separator: "\n").map { $0.split(whereSeparator: { $0 == "\t" || $0 == " " }).map(String.init) }
        #expect(run.status == 0 && lines.count == 4 && lines[3] == ["nil", "true"], "\(run)")
        for line in lines.prefix(3) {
            let theirs = try #require(rows.first { $0["customer"] as? String == line[0] }?["expected_orders_90d"] as? Double)
            #expect(abs(Double(line[1])! - theirs) < 1e-5 * theirs && Double(line[2]) == 0, "\(line) against \(theirs)")
        }
    }
}
