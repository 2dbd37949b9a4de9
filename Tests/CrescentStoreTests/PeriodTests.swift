import CrescentStore
import Testing

@Suite struct PeriodTests {
    func period(_ text: String) throws -> Period { try #require(Period(parsing: text)) }

    @Test func formsParseToTheirDays() throws {
        let cases: [(String, String, String, Int)] = [
            ("2024", "2024-01-01", "2024-12-31", 366),
            ("2026-Q1", "2026-01-01", "2026-03-31", 90),
            ("2024-02", "2024-02-01", "2024-02-29", 29),
            ("2026-W01", "2025-12-29", "2026-01-04", 7),  // 2026's first Thursday is 1 January
            ("2020-W53", "2020-12-28", "2021-01-03", 7),
            ("2026-02-10..2026-03-01", "2026-02-10", "2026-03-01", 20),
        ]
        for (text, start, end, days) in cases {
            let p = try period(text)
            #expect(p.start.description == start && p.end.description == end && p.days == days, "\(text)")
            #expect(p.description == text)
        }
    }

    @Test func badFormsAreRefused() {
        for text in ["26", "2026-Q5", "2026-13", "2026-W54", "2025-W53", "2026-3", "2026-03-31..2026-01-01", "2026-01-01..", "２０２６"] {
            #expect(Period(parsing: text) == nil, "\(text)")
        }
    }

    @Test func previousAndYearBefore() throws {
        #expect(try period("2026-Q1").previous.description == "2025-Q4")
        #expect(try period("2026-01").previous.description == "2025-12")
        #expect(try period("2026-W01").previous.description == "2025-W52")
        #expect(try period("2026-03-01..2026-03-10").previous.description == "2026-02-19..2026-02-28")
        #expect(try period("2026-Q3").yearBefore.description == "2025-Q3")
        #expect(try period("2021-W01").previous.description == "2020-W53")
        #expect(try period("2026-W53").yearBefore.description == "2025-W52")  // 2025 has no week 53
        #expect(try period("2021-W52").yearBefore.description == "2020-W52")
        #expect(try period("2024-02-29..2024-03-01").yearBefore.description == "2023-02-28..2023-03-01")
    }

    @Test func elapsedShareCountsTheAsOfDay() throws {
        let q = try period("2026-Q1")
        #expect(q.elapsedShare(asOf: CalendarDate(parsing: "2025-12-31")!) == 0)
        #expect(q.elapsedShare(asOf: CalendarDate(parsing: "2026-01-09")!) == 0.1)
        #expect(q.elapsedShare(asOf: CalendarDate(parsing: "2026-04-01")!) == 1)
        #expect(try period("2026").months?.count == 12 && period("2026-Q2").months?.first?.description == "2026-04")
    }
}

@Suite struct RelativePeriodTests {
    @Test func wordsCountFromTheAsOfDay() {
        let day = CalendarDate(parsing: "2026-01-01")!  // a Thursday, in ISO week 2026-W01
        let expected = ["this-week": "2026-W01", "last-week": "2025-W52", "this-month": "2026-01", "last-month": "2025-12",
                        "this-quarter": "2026-Q1", "last-quarter": "2025-Q4", "this-year": "2026", "last-year": "2025"]
        for (word, period) in expected { #expect(Period.relative(word, asOf: day)?.description == period, "\(word)") }
        #expect(Period.relative("next-week", asOf: day) == nil)
    }
}
