import CrescentCore
import CrescentStore
import Foundation

/// Writes teams, reps, products, customers and orders CSV files of the given sizes.
/// Orders are spread over customers with a heavy tail, as real purchase histories are.
func generateImportData(folder: String, customers: Int, orders: Int) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    // The demo's generator, started where the benchmark data has always started (SplitMix64 from 20261123).
    var random = DemoRandom(seed: 20261123 &- 0x9E37_79B9_7F4A_7C15)
    func next() -> UInt64 { random.next() }
    func unit() -> Double { random.unit() }

    func write(_ name: String, header: String, count: Int, row: (Int) -> String) throws {
        let path = folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var buffer = header + "\n"
        for i in 0..<count {
            buffer += row(i)
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
        try handle.close()
    }

    let regions = ["East", "North", "South", "West"]
    let cities = ["上海", "北京", "广州", "深圳", "杭州", "Austin", "Berlin", "Osaka"]
    let industries = ["manufacturing", "retail", "finance", "healthcare", "education", "logistics", "software"]
    try write("teams.csv", header: "id,name,region", count: 4) { "T\($0 + 1),Team \($0 + 1),\(regions[$0])\n" }
    try write("reps.csv", header: "id,name,team_id,role,level", count: 50) { "R\($0 + 1),Rep \($0 + 1),T\($0 % 4 + 1),rep,mid\n" }
    try write("products.csv", header: "id,name,category,list_price,cost", count: 10) { "P\($0 + 1),Product \($0 + 1),software,\(100 * ($0 + 1)),\(60 * ($0 + 1))\n" }
    try write("customers.csv", header: "id,name,industry,employees,region,owner_id,created_on,source,status", count: customers) { i in
        let day = CalendarDate(dayNumber: 18_000 + Int(next() % 2_500))
        return "C\(i + 1),\(cities[Int(next() % 8)])客户\(i + 1),\(industries[Int(next() % 7)]),\(Int(next() % 5000) + 1),\(regions[i % 4]),R\(i % 50 + 1),\(day),web,active\n"
    }
    try write("orders.csv", header: "id,customer_id,rep_id,product_id,ordered_on,quantity,amount,currency", count: orders) { i in
        let customer = Int(Double(customers) * pow(unit(), 2.5)) + 1  // a few customers order a lot
        let day = CalendarDate(dayNumber: 19_000 + Int(next() % 1_500))
        let cents = Int(next() % 5_000_000) + 100
        return "O\(i + 1),C\(customer),R\(customer % 50 + 1),P\(Int(next() % 10) + 1),\(day),\(Int(next() % 9) + 1),\(cents / 100).\(String(format: "%02d", cents % 100)),USD\n"
    }
}
