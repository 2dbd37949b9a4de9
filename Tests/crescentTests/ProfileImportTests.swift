import CrescentTestSupport
import Foundation
import Testing

/// Import profiles: what they may say, what they refuse (at the line that says it), and the profile
/// an import saves for next time.
@Suite struct ProfileImportTests {
    static let orders = """
        entity = "orders"
        source = "our own order book"
        day_order = "day_first"
        amounts_in_wan = true

        [columns]
        "订单号" = "id"
        "客户" = "customer_id"
        "销售" = "rep_id"
        "日期" = "ordered_on"
        "金额" = "amount"

        [constants]
        currency = "CNY"

        [lookup]
        customer_id = "name"
        rep_id = "name"
        """

    @Test(arguments: Backend.available)
    func aProfileMapsLooksUpAndReadsDayFirstDatesAndWan(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("orders.toml", Self.orders)
        try cli.write("book.csv", "订单号,客户,销售,日期,金额,备注\nO1,上海明珠贸易有限公司,王伟,1/7/2026,1.5万,首单\nO2,C2,Ann Lee,02/07/2026,\"¥1,200\",\n")
        let imported = try cli.run(["import", "orders", "book.csv", "--profile", "orders.toml", "--save-profile", "used.toml"])
        #expect(imported == .init(status: 0, stdout: "book.csv: imported 2 rows into orders (custom fields: 备注)\n",
                                  stderr: "the profile this import used is in used.toml\n"))
        #expect(try cli.run(["export", "orders"]).stdout == """
            id,customer_id,rep_id,product_id,ordered_on,quantity,amount,currency,备注
            O1,C1,R1,,2026-07-01,,15000,CNY,首单
            O2,C2,R2,,2026-07-02,,1200,CNY,

            """)
        // the saved profile reads the same file the same way
        let saved = try String(contentsOf: cli.folder.appendingPathComponent("used.toml"), encoding: .utf8)
        #expect(saved.contains("entity = \"orders\"\n") && saved.contains("\"订单号\" = \"id\"\n") && saved.contains("[lookup]\n"))
        #expect(try cli.run(["import", "orders", "book.csv", "--profile", "used.toml"]).status == 0)
        // without the profile, 1/7/2026 and 万 are refused at their place
        try cli.write("plain.csv", "id,customer_id,ordered_on,amount\nO3,C1,1/7/2026,1.5万\n")
        #expect(try cli.run(["import", "orders", "plain.csv"]).stderr == """
            crescent: plain.csv:2: ordered_on: "1/7/2026" is not a date (YYYY-MM-DD, YYYY/M/D or YYYY年M月D日)
            plain.csv:2: amount: "1.5万" is not a number (use digits and a decimal point, at most 4 decimals)
            plain.csv: 2 problems; nothing was imported

            """)
    }

    @Test func aDecimalCommaProfileReadsEuropeanAmounts() throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("eu.toml", "entity = \"orders\"\ndecimal_comma = true\n[constants]\ncurrency = \"EUR\"\n")
        try cli.write("eu.csv", "id,customer_id,ordered_on,amount,quantity\nO1,C2,2026-07-01,\"1.234,50\",\"2,5\"\nO2,C2,2026-07-02,1 000,1\nO3,C2,2026-07-03,\"1,234.50\",1\n")
        #expect(try cli.run(["import", "orders", "eu.csv", "--profile", "eu.toml"]).stderr == """
            crescent: eu.csv:4: amount: "1,234.50" is not a number (use digits and a decimal point, at most 4 decimals)
            eu.csv: 1 problem; nothing was imported

            """)
        try cli.write("eu.csv", "id,customer_id,ordered_on,amount,quantity\nO1,C2,2026-07-01,\"1.234,50\",\"2,5\"\nO2,C2,2026-07-02,1 000,1\n")
        #expect(try cli.run(["import", "orders", "eu.csv", "--profile", "eu.toml"]).status == 0)
        #expect(try cli.run(["export", "orders"]).stdout == """
            id,customer_id,rep_id,product_id,ordered_on,quantity,amount,currency
            O1,C2,,,2026-07-01,2.5,1234.5,EUR
            O2,C2,,,2026-07-02,1,1000,EUR

            """)
    }

    @Test(arguments: Backend.available)
    func aNameThatIsNotUniqueIsReported(_ backend: Backend) throws {
        let cli = try CommandLineFixture(backend).seeded()
        try cli.write("more.csv", "id,name\nC9,上海明珠贸易有限公司\n")
        #expect(try cli.run(["import", "customers", "more.csv"]).status == 0)
        try cli.write("orders.toml", Self.orders)
        try cli.write("book.csv", "订单号,客户,销售,日期,金额\nO1,上海明珠贸易有限公司,王伟,1/7/2026,5\n")
        #expect(try cli.run(["import", "orders", "book.csv", "--profile", "orders.toml"]) == .init(status: 65, stdout: "", stderr: """
            crescent: book.csv:2: customer_id: "上海明珠贸易有限公司" names 2 customers: C1, C9; give the id
            book.csv: 1 problem; nothing was imported

            """))
    }

    @Test(arguments: [
        ("entity = \"orders\"\nday_ordr = \"day_first\"\n",
         "p.toml:2: day_ordr: not a profile setting (did you mean 'day_order'?) (settings: entity, source, sheet, header_row, "
         + "encoding, day_order, amounts_in_wan, decimal_comma, columns, constants, values, lookup)"),
        ("entity = \"orders\"\n[columns]\n\"金额\" = \"amont\"\n", "p.toml:3: 金额: 'amont' is not a column of orders (did you mean 'amount'?)"),
        ("entity = \"orders\"\nday_order = \"little_endian\"\n", "p.toml:2: day_order: \"little_endian\" is not one of month_first, day_first"),
        ("entity = \"orders\"\n[lookup]\ncurrency = \"name\"\n",
         "p.toml:3: currency: 'currency' does not refer to records with a name, so it cannot be looked up by name"),
        ("entity = \"orders\n", "p.toml:1:17: not a TOML profile: Error while parsing string: unescaped control characters other "
         + "than TAB (U+0009) are explicitly prohibited"),
        ("entity = \"deals\"\n", "p.toml is a profile for deals, not orders"),
        ("entity = \"orders\"\n[constants]\ncurrency = \"yuan\"\n",
         "the profile's constant currency = \"yuan\" is not a 3-letter currency code"),
    ])
    func aBadProfileIsRefusedSayingWhere(_ profile: String, _ message: String) throws {
        let cli = try CommandLineFixture().seeded()
        try cli.write("p.toml", profile)
        try cli.write("o.csv", "id,customer_id,ordered_on,amount\nO1,C1,2026-07-01,5\n")
        #expect(try cli.run(["import", "orders", "o.csv", "--profile", "p.toml"]) == .init(status: 64, stdout: "", stderr: "crescent: \(message)\n"))
    }
}
