import CrescentCore
import CrescentStore
import Foundation

/// Writes deals.csv and deal_stage_history.csv for the KPI and funnel benchmark: deals of the
/// generated customers moving through the default stages, some won, many lost, some open.
func generateDealData(folder: String, customers: Int, deals: Int) throws {
    // The demo's generator, started where the benchmark data has always started (SplitMix64 from 20261124).
    var random = DemoRandom(seed: 20261124 &- 0x9E37_79B9_7F4A_7C15)
    func next() -> UInt64 { random.next() }
    func unit() -> Double { random.unit() }
    let stages = ["lead", "contacted", "qualified", "proposal", "negotiation"]
    let lastDay = 20_500  // 2026-02-15, where the generated orders end
    var dealRows = "id,customer_id,owner_id,amount,stage,status,created_on,expected_close_on,closed_on\n"
    var historyRows = "deal_id,stage,entered_at\n"
    dealRows.reserveCapacity(deals * 80)
    historyRows.reserveCapacity(deals * 120)
    for i in 0..<deals {
        let customer = Int(next() % UInt64(customers)) + 1
        let created = 19_000 + Int(next() % 1_450)
        var minute = created * 1440 + 9 * 60 + Int(next() % 480)
        var status = "open", stage = "lead", closed = ""
        for (index, name) in stages.enumerated() {
            stage = name
            historyRows += "D\(i + 1),\(name),\(timestamp(minute))\n"
            minute += Int(-log(1 - unit()) * Double(3 + 4 * index) * 1440) + 60
            if minute / 1440 > lastDay { break }
            if unit() > 0.68 {
                (status, stage, closed) = ("lost", "lost", CalendarDate(dayNumber: minute / 1440).description)
                historyRows += "D\(i + 1),lost,\(timestamp(minute))\n"
                break
            }
            if index == stages.count - 1 {
                (status, stage, closed) = ("won", "won", CalendarDate(dayNumber: minute / 1440).description)
                historyRows += "D\(i + 1),won,\(timestamp(minute))\n"
            }
        }
        let amount = Int(next() % 9_000_000) / 100 + 500
        dealRows += "D\(i + 1),C\(customer),R\(customer % 50 + 1),\(amount),\(stage),\(status),\(CalendarDate(dayNumber: created)),"
            + "\(CalendarDate(dayNumber: created + 30 + Int(next() % 90))),\(closed)\n"
    }
    try Data(dealRows.utf8).write(to: URL(fileURLWithPath: folder + "/deals.csv"))
    try Data(historyRows.utf8).write(to: URL(fileURLWithPath: folder + "/deal_stage_history.csv"))
}

private func timestamp(_ minute: Int) -> String {
    let day = CalendarDate(dayNumber: minute / 1440), rest = minute % 1440
    return "\(day)T\(rest / 60 < 10 ? "0" : "")\(rest / 60):\(rest % 60 < 10 ? "0" : "")\(rest % 60):00"
}
