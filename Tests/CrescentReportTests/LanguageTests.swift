import CrescentStore
import Foundation
import Testing
@testable import CrescentReport
@testable import CrescentText

/// The catalogs, and how values and periods read in each language.
@Suite struct LanguageTests {
    static func placeholders(_ text: String) -> Set<String> {
        Set(text.split(separator: "{", omittingEmptySubsequences: false).dropFirst().compactMap { $0.split(separator: "}").first.map(String.init) })
    }

    @Test func bothCatalogsHaveTheSameKeysAndPlaceholders() {
        #expect(Set(Catalog.en.keys).subtracting(Catalog.zh.keys).sorted() == [], "missing in Chinese")
        #expect(Set(Catalog.zh.keys).subtracting(Catalog.en.keys).sorted() == [], "missing in English")
        for (key, english) in Catalog.en {
            #expect(Self.placeholders(english) == Self.placeholders(Catalog.zh[key] ?? ""), "\(key)")
            #expect(!(Catalog.zh[key] ?? "").isEmpty, "\(key)")
        }
    }

    /// Every key the sources look up with a literal (`t("...")`) is in the catalogs.
    @Test func everyKeyTheSourcesUseIsInTheCatalogs() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 50)
        let pattern = try NSRegularExpression(pattern: #"\b(?:t|Message)\("([a-z_]+(?:\.[a-z_]+)+)""#)
        var used = Set<String>()
        for file in files {
            let text = try String(contentsOfFile: sources.appendingPathComponent(file).path, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        #expect(used.count > 40)
        #expect(used.subtracting(Catalog.en.keys).sorted() == [])
    }

    /// The store, core, report and script layers know nothing of the command line: none of the
    /// messages they raise names a flag.
    @Test func messagesBelowTheCommandLineNameNoFlag() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #"\b(?:t|Message)\("([a-z_]+(?:\.[a-z_]+)+)""#)
        var checked = 0
        for module in ["CrescentStore", "CrescentPostgres", "CrescentCore", "CrescentReport", "CrescentScript"] {
            let folder = sources.appendingPathComponent(module)
            for file in FileManager.default.enumerator(atPath: folder.path)?.compactMap({ $0 as? String }) ?? [] where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: folder.appendingPathComponent(file).path, encoding: .utf8)
                for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let key = String(text[Range(match.range(at: 1), in: text)!])
                    checked += 1
                    #expect((Catalog.en[key] ?? "").range(of: "--[a-z]", options: .regularExpression) == nil, "\(module)/\(file): \(key) names a flag")
                }
            }
        }
        #expect(checked > 100)
    }

    /// The command line's own usage errors come from the catalog too: none is a literal English string.
    @Test func usageErrorsAreWordedFromTheCatalog() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/crescent")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 20)
        for file in files {
            let text = try String(contentsOfFile: folder.appendingPathComponent(file).path, encoding: .utf8)
            #expect(!text.contains("ValidationError(\""), "\(file) words a usage error by hand")
            #expect(!text.contains("printError(\""), "\(file) words an error by hand")
        }
    }

    @Test func moneyAndCompactFiguresForChineseReaders() {
        let zh = ValueText(language: .zh, currency: "CNY"), en = ValueText(language: .en, currency: "CNY")
        #expect(zh.format(1_234_567, .money) == "¥1,234,567.00")
        #expect(zh.format(-1_234.5, .money) == "-¥1,234.50")
        #expect(en.format(1_234_567, .money) == "1,234,567.00")
        #expect(zh.compact(1_234_567, .money) == "123.46万" && zh.compact(123_456_789, .money) == "1.23亿")
        #expect(zh.tile(1_234_567, .money) == "¥123.46万" && zh.compact(9_999, .integer) == "9,999")
        #expect(en.compact(6_501_061.53, .money) == "6.50M" && en.tile(1_234_567, .money) == "1,234,567.00")
        #expect(ValueText(language: .zh, currency: "USD").format(12, .money) == "US$12.00")
        #expect(zh.header(ReportColumn(name: "销售额", kind: .money)) == "销售额")
        #expect(en.header(ReportColumn(name: "revenue", kind: .money)) == "revenue (CNY)")
    }

    @Test func periodsInChineseHeadings() throws {
        let zh = Words(.zh)
        #expect(zh.period(try #require(Period(parsing: "2026-Q3"))) == "2026年第三季度")
        #expect(zh.period(try #require(Period(parsing: "2026-W27"))) == "2026年第27周")
        #expect(zh.period(try #require(Period(parsing: "2026-07"))) == "2026年7月")
        #expect(zh.period(try #require(Period(parsing: "2026"))) == "2026年")
        #expect(zh.period(try #require(Period(parsing: "2026-01-01..2026-03-31"))) == "2026-01-01至2026-03-31")
        let q4 = try #require(Period(parsing: "2026-Q4")), day = try #require(CalendarDate(parsing: "2026-12-01"))
        #expect(zh.spanName(q4, asOf: day) == "2026年第四季度至今（62天）")
        #expect(Words(.en).spanName(q4, asOf: day) == "2026-Q4 to date (62 days)")
    }

    @Test func theLanguageComesFromTheFlagThenCrescentLangThenTheLocale() {
        #expect(Language.resolve("zh", environment: ["LANG": "en_US.UTF-8"]) == .zh)
        #expect(Language.resolve(nil, environment: ["CRESCENT_LANG": "zh-CN", "LANG": "en_US.UTF-8"]) == .zh)
        #expect(Language.resolve(nil, environment: ["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(Language.resolve(nil, environment: ["LC_ALL": "C", "LANG": "zh_CN.UTF-8"]) == .en)
        #expect(Language.resolve(nil, environment: [:]) == .en)
        #expect(Language.resolve(nil, environment: ["CRESCENT_LANG": "fr"]) == nil)
        #expect(Language.resolve("klingon", environment: [:]) == nil)
    }
}
