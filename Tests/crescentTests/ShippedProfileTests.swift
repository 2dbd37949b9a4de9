import CrescentTestSupport
import Foundation
import Testing

/// The shipped profiles (profiles/) on exports laid out as their products write them, extra columns
/// and all: Salesforce's Data Export CSVs (API names), Zoho CRM's module exports (field labels,
/// owners and accounts by name), and Fxiaoke's Excel list exports (Chinese labels, 万 amounts).
@Suite struct ShippedProfileTests {
    static let profiles = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("profiles").path

    static func profile(_ name: String) -> String { profiles + "/" + name + ".toml" }

    /// Imports each (entity, file, profile) in turn, expecting each to succeed.
    static func importAll(_ cli: CommandLineFixture, _ steps: [(String, String, String)]) throws {
        for (entity, file, profile) in steps {
            let result = try cli.run(["import", entity, file, "--profile", Self.profile(profile)])
            #expect(result.status == 0, "\(entity) \(file): \(result.stderr)")
        }
    }

    @Test func salesforceDataExport() throws {
        let cli = try CommandLineFixture()
        try cli.run(["init", "--currency", "USD"])
        try cli.write("User.csv", "Id,Name\n0055g00000AbCdEAAV,Ann Lee\n0055g00000XyZwQAAV,王伟\n")
        #expect(try cli.run(["import", "reps", "User.csv", "--map", "Id=id", "--map", "Name=name"]).status == 0)
        try cli.write("Account.csv", """
            Id,IsDeleted,Name,Type,BillingState,Industry,NumberOfEmployees,OwnerId,CreatedDate,SystemModstamp,AccountSource
            0015g00000A1,false,Initech,Customer - Direct,CA,Software,120,0055g00000AbCdEAAV,2025-03-04T09:15:00.000Z,2025-03-04T09:15:00.000Z,Web
            0015g00000A2,false,上海明珠贸易,Prospect,上海,Retail,,0055g00000XyZwQAAV,2025-06-30T23:30:00.000Z,2025-07-01T00:00:00.000Z,

            """)
        try cli.write("Contact.csv", """
            Id,IsDeleted,AccountId,LastName,FirstName,Salutation,Phone,Email,Title,CreatedDate
            0035g00000C1,false,0015g00000A1,Bolton,Michael,Mr.,+1 555 0100,mb@initech.example,Engineer,2025-03-05T10:00:00.000Z

            """)
        try cli.write("Opportunity.csv", """
            Id,IsDeleted,AccountId,Name,StageName,Amount,Probability,CloseDate,Type,IsClosed,IsWon,CurrencyIsoCode,OwnerId,CreatedDate
            0065g00000O1,false,0015g00000A1,Initech renewal,Closed Won,48000.00,100,2025-09-30,Existing Business,true,true,USD,0055g00000AbCdEAAV,2025-04-01T08:00:00.000Z
            0065g00000O2,false,0015g00000A2,明珠 POS,Proposal/Price Quote,12500.50,75,2026-01-15,New Business,false,false,USD,0055g00000XyZwQAAV,2025-08-01T08:00:00.000Z

            """)
        try cli.write("Order.csv", """
            Id,OwnerId,ContractId,AccountId,EffectiveDate,Status,OrderNumber,TotalAmount,CurrencyIsoCode,CreatedDate
            8015g00000R1,0055g00000AbCdEAAV,,0015g00000A1,2025-10-02,Activated,00000100,48000.00,USD,2025-10-02T12:00:00.000Z

            """)
        try Self.importAll(cli, [("customers", "Account.csv", "salesforce-customers"), ("contacts", "Contact.csv", "salesforce-contacts"),
                                 ("deals", "Opportunity.csv", "salesforce-deals"), ("orders", "Order.csv", "salesforce-orders")])
        let customers = try cli.run(["export", "customers"]).stdout
        #expect(customers.hasPrefix("id,name,industry,employees,region,owner_id,created_on,source,status,IsDeleted,SystemModstamp,Type\n"))
        #expect(customers.contains("0015g00000A1,Initech,Software,120,CA,0055g00000AbCdEAAV,2025-03-04,Web,,false,"), "\(customers)")
        let deals = try cli.run(["export", "deals"]).stdout
        #expect(deals.contains("0065g00000O1,0015g00000A1,0055g00000AbCdEAAV,Initech renewal,48000,USD,Closed Won,won,2025-04-01,2025-09-30"), "\(deals)")
        #expect(deals.contains("0065g00000O2,0015g00000A2,0055g00000XyZwQAAV,明珠 POS,12500.5,USD,Proposal/Price Quote,open,"))
        // a phone number that starts with + is written so that a spreadsheet does not take it for a formula
        #expect(try cli.run(["export", "contacts"]).stdout.contains("0035g00000C1,0015g00000A1,Bolton,mb@initech.example,'+1 555 0100,Engineer"))
        #expect(try cli.run(["export", "orders"]).stdout.contains("8015g00000R1,0015g00000A1,0055g00000AbCdEAAV,,2025-10-02,,48000,USD"))
    }

    @Test func zohoModuleExport() throws {
        let cli = try CommandLineFixture()
        try cli.run(["init", "--currency", "CNY"])
        try cli.write("reps.csv", "id,name\nR1,Ann Lee\nR2,王伟\n")
        #expect(try cli.run(["import", "reps", "reps.csv"]).status == 0)
        try cli.write("Accounts.csv", """
            Record Id,Account Owner,Account Name,Phone,Account Type,Industry,Employees,Billing State,Created Time,Lead Source
            zcrm_4876876000000001,Ann Lee,杭州天成电子有限公司,0571-88886666,Customer,制造,350,浙江,2025-05-06 10:20:30,Trade Show
            zcrm_4876876000000002,王伟,"Acme, Inc.",,Prospect,Software,,California,2025-07-08 09:00:00,

            """)
        try cli.write("Contacts.csv", """
            Record Id,Contact Owner,First Name,Last Name,Account Name,Email,Phone,Title,Created Time
            zcrm_4876876000000101,Ann Lee,,张伟,杭州天成电子有限公司,zw@tiancheng.example,13800138000,采购经理,2025-05-07 11:00:00

            """)
        try cli.write("Deals.csv", """
            Record Id,Deal Owner,Deal Name,Amount,Currency,Stage,Closing Date,Account Name,Created Time,Reason For Loss
            zcrm_4876876000000201,Ann Lee,天成 MES 项目,"1,200,000.00",CNY,Closed Won,2025-11-30,杭州天成电子有限公司,2025-06-01 09:00:00,
            zcrm_4876876000000202,王伟,Acme pilot,30000,CNY,Closed Lost to Competition,2025-10-01,"Acme, Inc.",2025-08-01 09:00:00,Price

            """)
        try cli.write("Sales_Orders.csv", """
            Record Id,Sales Order Owner,Subject,SO Number,Account Name,Status,Sub Total,Grand Total,Currency,Created Time
            zcrm_4876876000000301,Ann Lee,MES 一期,SO-1001,杭州天成电子有限公司,Delivered,"1,100,000.00","1,200,000.00",CNY,2025-12-02 15:30:00

            """)
        try Self.importAll(cli, [("customers", "Accounts.csv", "zoho-customers"), ("contacts", "Contacts.csv", "zoho-contacts"),
                                 ("deals", "Deals.csv", "zoho-deals"), ("orders", "Sales_Orders.csv", "zoho-orders")])
        #expect(try cli.run(["export", "customers"]).stdout.contains("zcrm_4876876000000001,杭州天成电子有限公司,制造,350,浙江,R1,2025-05-06,Trade Show"))
        let deals = try cli.run(["export", "deals"]).stdout
        #expect(deals.contains("zcrm_4876876000000201,zcrm_4876876000000001,R1,天成 MES 项目,1200000,CNY,Closed Won,won,2025-06-01,2025-11-30"), "\(deals)")
        #expect(deals.contains("zcrm_4876876000000202,zcrm_4876876000000002,R2,Acme pilot,30000,CNY,Closed Lost to Competition,lost,"))
        #expect(try cli.run(["export", "contacts"]).stdout.contains("zcrm_4876876000000101,zcrm_4876876000000001,张伟,"))
        #expect(try cli.run(["export", "orders"]).stdout.contains("zcrm_4876876000000301,zcrm_4876876000000001,R1,,2025-12-02,,1200000,CNY"))
    }

    @Test func fxiaokeExcelExport() throws {
        let cli = try CommandLineFixture()
        try cli.run(["init", "--currency", "CNY"])
        try cli.write("reps.csv", "id,name\nR1,王伟\nR2,李娜\n")
        #expect(try cli.run(["import", "reps", "reps.csv"]).status == 0)
        func book(_ name: String, _ rows: String) throws {
            try WorkbookImportTests.workbook(name, in: cli, "ws.title = 'Sheet1'\nfor row in \(rows):\n    ws.append(row)")
        }
        try book("客户.xlsx", """
            [['客户名称', '客户编号', '客户级别', '行业', '人员规模', '省', '市', '负责人', '创建时间', '来源', '客户状态'],
             ['杭州天成电子有限公司', 'KH2025000001', 'A类', '制造', 350, '浙江', '杭州', '王伟', datetime.datetime(2025, 5, 6, 10, 20), '展会', '成交客户'],
             ['宁波海通物流', 'KH2025000002', 'B类', '物流', None, '浙江', '宁波', '李娜', datetime.datetime(2025, 6, 1, 9, 0), None, '潜在客户']]
            """)
        try book("联系人.xlsx", """
            [['姓名', '联系人编号', '客户名称', '手机', '邮箱', '职务', '负责人'],
             ['张伟', 'LXR000001', '杭州天成电子有限公司', '13800138000', 'zw@tiancheng.example', '采购经理', '王伟']]
            """)
        try book("商机.xlsx", """
            [['商机名称', '商机编号', '客户名称', '商机金额', '销售阶段', '商机状态', '预计成交日期', '负责人', '创建时间', '输单原因'],
             ['天成 MES 项目', 'SJ000001', '杭州天成电子有限公司', 1200000, '赢单', '赢单', datetime.date(2025, 11, 30), '王伟', datetime.datetime(2025, 6, 1, 9, 0), None],
             ['海通仓储', 'SJ000002', '宁波海通物流', 300000, '方案报价', '进行中', datetime.date(2026, 2, 28), '李娜', datetime.datetime(2025, 9, 1, 9, 0), None]]
            """)
        try book("销售订单.xlsx", """
            [['销售订单编号', '客户名称', '下单日期', '订单金额', '负责人', '订单状态'],
             ['XSDD000001', '杭州天成电子有限公司', datetime.date(2025, 12, 2), '120万', '王伟', '已确认'],
             ['XSDD000002', '宁波海通物流', datetime.date(2025, 12, 9), 8600.5, '李娜', '已确认']]
            """)
        try Self.importAll(cli, [("customers", "客户.xlsx", "fxiaoke-customers"), ("contacts", "联系人.xlsx", "fxiaoke-contacts"),
                                 ("deals", "商机.xlsx", "fxiaoke-deals"), ("orders", "销售订单.xlsx", "fxiaoke-orders")])
        #expect(try cli.run(["export", "customers"]).stdout.contains("KH2025000001,杭州天成电子有限公司,制造,350,浙江,R1,2025-05-06,展会,成交客户"))
        let deals = try cli.run(["export", "deals"]).stdout
        #expect(deals.contains("SJ000001,KH2025000001,R1,天成 MES 项目,1200000,CNY,赢单,won,2025-06-01,2025-11-30"), "\(deals)")
        #expect(deals.contains("SJ000002,KH2025000002,R2,海通仓储,300000,CNY,方案报价,open,2025-09-01,2026-02-28"))
        #expect(try cli.run(["export", "contacts"]).stdout.contains("LXR000001,KH2025000001,张伟,zw@tiancheng.example,13800138000,采购经理"))
        let orders = try cli.run(["export", "orders"]).stdout
        #expect(orders.contains("XSDD000001,KH2025000001,R1,,2025-12-02,,1200000,CNY") && orders.contains("XSDD000002,KH2025000002,R2,,2025-12-09,,8600.5,CNY"))
    }

    @Test func everyShippedProfileReadsAndNamesItsSource() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.profiles).filter { $0.hasSuffix(".toml") }.sorted()
        #expect(names.count == 12)
        let cli = try CommandLineFixture()
        try cli.run(["init"])
        for name in names {
            let text = try String(contentsOfFile: Self.profiles + "/" + name, encoding: .utf8)
            #expect(text.contains("\nsource = "), "\(name) says which export it follows")
            let entity = name.split(separator: "-")[1].replacingOccurrences(of: ".toml", with: "")
            try cli.write("empty.csv", "x\n")
            // an unreadable profile is a usage error (64); a readable one gets as far as the file's header (65)
            #expect(try cli.run(["import", entity, "empty.csv", "--profile", Self.profiles + "/" + name]).status == 65, "\(name)")
        }
    }
}
