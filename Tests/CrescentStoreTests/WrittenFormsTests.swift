import Testing
@testable import CrescentStore

/// Dates and amounts as spreadsheets and people write them, and what stays refused.
@Suite struct WrittenFormsTests {
    @Test func datesWithTheYearFirst() throws {
        for text in ["2026/7/1", "2026-7-1", "2026.07.01", "2026年7月1日", "2026 年 7 月 1 日"] {
            #expect(WrittenForms.dateAndTime(text)?.date.description == "2026-07-01", "\(text)")
            #expect(WrittenForms.dateAndTime(text)?.time == nil, "\(text)")
        }
        #expect(WrittenForms.dateAndTime("2026/7/1 9:05")?.time == "09:05:00")
        #expect(WrittenForms.dateAndTime("2026-07-01 10:30:15")?.time == "10:30:15")
        for text in ["7/1/2026", "1/7/2026", "2026/2/30", "2026/13/1", "2026/7/1 25:00", "2026年7月", "26/7/1", "today"] {
            #expect(WrittenForms.dateAndTime(text) == nil, "\(text)")
        }
    }

    @Test func amountsWithSignsAndSeparators() {
        let read = ["¥1,234.50": "1234.50", "￥1,234": "1234", "$2,000": "2000", "US$12.5": "12.5", "-¥1,000.00": "-1000.00",
                    "¥-5": "-5", "1,000.5元": "1000.5", "1,234,567": "1234567", "RMB 88": "88", "12": "12"]
        for (text, plain) in read { #expect(WrittenForms.plainNumber(text) == plain, "\(text)") }
        for text in ["1,23", "12,5O", "1,2345", "¥", "--5", "-¥-5", "1.2.3", "1 000", "12,5"] {
            #expect(WrittenForms.plainNumber(text) == nil, "\(text)")
        }
    }
}
