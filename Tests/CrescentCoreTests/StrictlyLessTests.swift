import Testing
@testable import CrescentCore

/// The counts the RFM scores rank by: the same whether the values span a narrow range (counted
/// per value) or a wide one (binary search), and the same as counting by hand.
@Suite struct StrictlyLessTests {
    static let cases: [[Int64]] = {
        let days: [Int64] = (0..<5_000).map { i in Int64(i * 7919 % 365) }
        let amounts: [Int64] = (0..<5_000).map { i in Int64(i) * 1_000_003 % 98_765_431 - 50_000_000 }
        return [[], [5], [3, 1, 2, 2, 3, 3, 9, -4], days, amounts, [Int64.min, 0, Int64.max, Int64.max]]
    }()

    @Test(arguments: cases)
    func countsWhatIsBelow(_ values: [Int64]) {
        let below = StrictlyLess(values)
        for probe in Set(values + [0, 1, -1]) {
            #expect(below.count(below: probe) == values.filter { $0 < probe }.count, "\(probe)")
        }
    }
}
