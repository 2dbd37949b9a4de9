import Foundation

// crescent-bench: data and micro-benchmarks for docs/benchmarks.md.
//   crescent-bench generate DIR [--customers N] [--orders N] [--deals N]   writes the benchmarks' CSV files
//   crescent-bench lua-records [--records N] [--rounds N]      field reads: Lua tables vs userdata

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let n = Int(arguments[index + 1]) else { return value }
    return n
}

switch arguments.first {
case "generate" where arguments.count >= 2:
    let customers = option("--customers", default: 1_000_000)
    try generateImportData(folder: arguments[1], customers: customers, orders: option("--orders", default: 1_500_000))
    try generateDealData(folder: arguments[1], customers: customers, deals: option("--deals", default: 200_000))
case "lua-records":
    try compareRecordAccess(records: option("--records", default: 200_000), rounds: option("--rounds", default: 5))
default:
    FileHandle.standardError.write(Data("usage: crescent-bench generate DIR [--customers N] [--orders N] [--deals N] | lua-records [--records N] [--rounds N]\n".utf8))
    exit(64)
}
