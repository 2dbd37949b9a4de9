import CrescentStore
import Testing
@testable import CrescentCore

@Suite struct TargetSplitTests {
    @Test func partsAddUpToTheCent() {
        let thirds = TargetSplit.apportion(Decimal4(parsing: "100")!, weights: [1, 1, 1])
        #expect(thirds.map(\.description) == ["33.34", "33.33", "33.33"])
        let months = TargetSplit.apportion(Decimal4(parsing: "1200000.01")!, weights: Array(repeating: 1, count: 12))
        #expect(months.reduce(0) { $0 + $1.units } == Decimal4(parsing: "1200000.01")!.units)
        #expect(months.first?.description == "100000.01" && months.last?.description == "100000")
        let weighted = TargetSplit.apportion(Decimal4(parsing: "999.9999")!, weights: [0.2, 0, 0.5, 0.3])
        #expect(weighted.reduce(0) { $0 + $1.units } == 9_999_999)
        #expect(weighted[1].units == 0)
    }

    @Test func targetBookSumsPartsWhenThePeriodHasNoTarget() throws {
        let book = TargetBook([
            Target(scope: .rep("R1"), metric: "revenue", period: period("2024-Q1"), value: Decimal4(10)),
            Target(scope: .rep("R1"), metric: "revenue", period: period("2024-Q2"), value: Decimal4(20)),
            Target(scope: .rep("R1"), metric: "revenue", period: period("2024-Q3"), value: Decimal4(30)),
        ])
        #expect(book.value(scope: .rep("R1"), metric: "revenue", period: period("2024-Q2")) == 20)
        #expect(book.value(scope: .rep("R1"), metric: "revenue", period: period("2024")) == nil)  // Q4 missing
        #expect(book.value(scope: .rep("R2"), metric: "revenue", period: period("2024-Q1")) == nil)
    }
}
