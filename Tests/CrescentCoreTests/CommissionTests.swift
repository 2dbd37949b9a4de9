import CrescentStore
import CrescentTestSupport
import Foundation
import Testing
@testable import CrescentCore

@Suite struct CommissionTests {
    let plan = CommissionPlan(name: "test", baseRate: 0.05, productRates: ["P1": 0.10],
                              tiers: [.init(from: 0, to: 0.5, multiplier: 0.5), .init(from: 0.5, to: 1, multiplier: 1), .init(from: 1, to: nil, multiplier: 2)])

    func statements(_ plan: CommissionPlan, on backend: Backend, matches: [[String: [SpiffMatch]]] = []) throws -> [String: CommissionStatement] {
        let fixture = try SalesFixture(backend)
        let kpis = try SalesKpis(store: fixture.store, asOf: day("2024-12-31"))
        let all = try CommissionStatement.all(plan: plan, period: period("2024-Q1"), kpis: kpis, matches: matches)
        return Dictionary(uniqueKeysWithValues: all.map { ($0.rep, $0) })
    }

    @Test(arguments: Backend.available) func tiersSplitRevenueAtTheTargetBands(_ backend: Backend) throws {
        let byRep = try statements(plan, on: backend)
        // R1: target 400 for Q1 (its months). O1 200 of P1 (10%) fills the 0-50% band: 20 x 0.5 = 10;
        // O3 150 of P1 falls in the 50-100% band: 15 x 1 = 15.
        let r1 = try #require(byRep["R1"])
        #expect(r1.lines.map(\.cents) == [1_000, 1_500] && r1.totalCents == 2_500)
        #expect(r1.lines[0].basis == .tier(from: 0, to: 0.5, target: 400, revenue: 200, commission: 20, multiplier: 0.5))
        #expect(r1.revenue == 350 && r1.attainment == 0.875)
        // R3 has no target: O2, 100 USD at 7.0 of P2 at the base 5%.
        let r3 = try #require(byRep["R3"])
        #expect(r3.lines.map(\.kind) == [.base] && r3.totalCents == 3_500 && r3.target == nil)
        #expect(r3.lines[0].basis == .base(orders: 1, revenue: 700, noTarget: true))
        #expect(byRep["R2"] == nil)  // no order, spiff or revenue target in Q1
    }

    @Test(arguments: Backend.available) func spiffsCapsAndClawbacksAddUp(_ backend: Backend) throws {
        var capped = plan
        capped.spiffs = [.init(name: "big", on: .orders, amount: 100, rate: nil), .init(name: "share", on: .deals, amount: nil, rate: 0.02)]
        capped.cap = 120
        let matches: [[String: [SpiffMatch]]] = [["R1": [SpiffMatch(id: "O1", amount: 200)]], ["R1": [SpiffMatch(id: "D1", amount: 1000)]]]
        let r1 = try #require(try statements(capped, on: backend, matches: matches)["R1"])
        // 10 + 15 from the tiers, 100 for one big order, 2% of a 1,000 deal = 20: 145, capped at 120.
        #expect(r1.lines.map(\.kind) == [.tier, .tier, .spiff, .spiff, .cap])
        #expect(r1.lines.map(\.cents) == [1_000, 1_500, 10_000, 2_000, -2_500] && r1.totalCents == 12_000)
        #expect(r1.lines[3].basis == .spiffRate(spiff: "share", on: .deals, ids: ["D1"], rate: 0.02, total: 1000))
        let refund = CommissionStatement.statement(
            plan: plan, rep: "R9", name: "", orders: [(line(-50, "P1"), -50), (line(300, "P2"), 300)], target: nil, spiffs: [])
        // No target: 300 at the base 5% = 15; the refund takes back 10% of 50.
        #expect(refund.lines.map(\.kind) == [.base, .clawback] && refund.lines.map(\.cents) == [1_500, -500] && refund.revenue == 250)
        var noClawback = plan
        noClawback.clawback = false
        #expect(CommissionStatement.statement(plan: noClawback, rep: "R9", name: "", orders: [(line(-50, "P1"), -50)], target: nil, spiffs: []).lines.isEmpty)
    }

    func line(_ amount: Int64, _ product: String) -> OrderLine {
        OrderLine(id: "X", rep: "R9", product: product, category: nil, day: day("2024-01-01"), amount: amount * 10_000, currency: "")
    }
}
