import CrescentStore

/// A realistic synthetic sales company: teams by region, reps on a junior/mid/senior ladder,
/// customers with heavy-tailed purchase histories over several years, deals moving through
/// the funnel with their stage history, activities, targets and satisfaction surveys.
///
/// The same seed, size and as-of date always give the same company.
public struct DemoCompany {
    public let customers: Int
    public let seed: UInt64
    /// The last day of the generated history.
    public let asOf: CalendarDate

    public init(customers: Int, seed: UInt64, asOf: CalendarDate) {
        self.customers = customers
        self.seed = seed
        self.asOf = asOf
    }

    /// The entities in import order (referenced ones first), each as CSV text.
    public func tables() -> [(Entity, String)] {
        var builder = DemoBuilder(company: self)
        builder.build()
        return builder.tables
    }

    static let regions: [(id: String, name: String, region: String)] = [
        ("T1", "华东销售部", "East"), ("T2", "华北销售部", "North"), ("T3", "South Sales", "South"), ("T4", "西部销售部", "West"),
    ]
    static let products: [(id: String, name: String, category: String, price: Int, cost: Int)] = [
        ("P01", "CRM Cloud Basic", "software", 1_200, 300), ("P02", "CRM Cloud Pro", "software", 4_800, 900),
        ("P03", "Analytics Add-on", "software", 2_400, 400), ("P04", "智能终端 X1", "hardware", 3_500, 2_300),
        ("P05", "智能终端 X2", "hardware", 6_900, 4_600), ("P06", "Implementation", "services", 8_000, 5_200),
        ("P07", "Training Day", "services", 1_500, 700), ("P08", "年度维保", "services", 2_000, 600),
        ("P09", "Data Migration", "services", 5_000, 3_100), ("P10", "Premium Support", "software", 3_000, 800),
    ]
    static let industries = ["manufacturing", "retail", "finance", "healthcare", "education", "logistics", "software"]
    static let sources = [("referral", 3.0), ("web", 4.0), ("event", 2.0), ("cold call", 2.0), ("partner", 1.0)]
    /// The funnel: stage, chance to move on, mean dwell days.
    static let funnel: [(stage: String, advance: Double, dwell: Double)] = [
        ("lead", 0.75, 4), ("contacted", 0.7, 7), ("qualified", 0.6, 12), ("proposal", 0.55, 16), ("negotiation", 0.65, 10),
    ]
    static let lostReasons = ["price", "competitor", "no budget", "timing", "no decision"]
}

/// Builds the CSV tables of a demo company.
struct DemoBuilder {
    let company: DemoCompany
    var random: DemoRandom
    var tables: [(Entity, String)] = []
    private var repsByTeam: [String: [String]] = [:]
    /// Each rep's hiring day (a day number): nothing of a rep comes before it.
    private var hiredOn: [String: Int] = [:]
    private var managers: [String: String] = [:]
    private var revenueByYearRep: [String: [Int: Int64]] = [:]
    private var serial = 0

    init(company: DemoCompany) {
        self.company = company
        random = DemoRandom(seed: company.seed)
    }

    mutating func nextID(_ prefix: String) -> String {
        serial += 1
        return prefix + String(serial)
    }

    var today: Int { company.asOf.dayNumber }

    func day(_ n: Int) -> String { CalendarDate(dayNumber: n).description }

    func clock(_ hour: Int, _ minute: Int) -> String {
        (hour < 10 ? "T0\(hour)" : "T\(hour)") + (minute < 10 ? ":0\(minute):00" : ":\(minute):00")
    }

    mutating func build() {
        buildTeamsAndReps()
        buildProducts()
        buildCustomersAndHistory()
        buildTargets()
    }

    mutating func buildTeamsAndReps() {
        var teams = ["id,name,region,parent_id,manager_id\n", "T0,销售中心,China,,\n"]
        var reps = ["id,name,email,team_id,role,level,hired_on,manager_rating\n"]
        let perTeam = min(max(company.customers / 250, 3), 25)
        var number = 0
        for team in DemoCompany.regions {
            var members: [String] = []
            var managerID = ""
            for index in 0...perTeam {
                number += 1
                let id = "R" + String(100 + number)
                let name = DemoNames.person(&random)
                let level: String = index == 0 ? "senior" : random.pick([("junior", 4.0), ("mid", 4.0), ("senior", 2.0)])
                let years = level == "junior" ? random.int(0...2) : level == "mid" ? random.int(2...5) : random.int(4...10)
                let hired = today - years * 365 - random.int(30...330)
                if index == 0 { managerID = id }
                hiredOn[id] = hired
                reps.append(CSVWriter.line([id, name, "\(id.lowercased())@crescent-demo.example", team.id,
                                            index == 0 ? "manager" : "rep", level, day(hired),
                                            String(2 + (number * 7 + 3) % 4)]))  // a 1-5 teamwork rating (custom field), drawn without the generator
                if index > 0 { members.append(id) }
            }
            repsByTeam[team.id] = members
            managers[team.id] = managerID
            teams.append(CSVWriter.line([team.id, team.name, team.region, "T0", managerID]))
        }
        tables.append((.teams, teams.joined()))
        tables.append((.reps, reps.joined()))
    }

    mutating func buildProducts() {
        var rows = ["id,name,category,list_price,cost\n"]
        for p in DemoCompany.products {
            rows.append(CSVWriter.line([p.id, p.name, p.category, String(p.price), String(p.cost)]))
        }
        tables.append((.products, rows.joined()))
    }

    mutating func buildCustomersAndHistory() {
        var customers = ["id,name,industry,employees,region,owner_id,created_on,source,status,wechat_group\n"]
        var contacts = ["id,customer_id,name,email,phone,title\n"]
        var orders = ["id,customer_id,rep_id,product_id,ordered_on,quantity,amount,currency\n"]
        var deals = ["id,customer_id,owner_id,name,amount,currency,stage,status,created_on,expected_close_on,closed_on,lost_reason\n"]
        var history = ["deal_id,stage,entered_at\n"]
        var activities = ["id,rep_id,customer_id,deal_id,kind,occurred_at,duration_min,outcome,notes\n"]
        var surveys = ["customer_id,rep_id,score,responded_on,comment\n"]
        let width = String(company.customers).count
        for n in 1...company.customers {
            let id = "C" + String(repeating: "0", count: max(0, width - String(n).count)) + String(n)
            let team = random.pick(DemoCompany.regions)
            let value = min(random.pareto(alpha: 1.4), 25)
            let created = today - random.int(20...(4 * 365))
            // The customer's owner was hired by the day it came: a rep of the team then, or its manager.
            let hiredBy = repsByTeam[team.id]!.filter { hiredOn[$0]! <= created }
            let owner = hiredBy.isEmpty ? managers[team.id]! : random.pick(hiredBy)
            let churned = random.chance(0.25)
            let activeUntil = churned ? created + Int(Double(today - created) * random.unit()) : today
            customers.append(CSVWriter.line([
                id, DemoNames.company(&random, serial: n), random.pick(DemoCompany.industries),
                String(Int(20 * random.pareto(alpha: 1.1)) + 5), team.region, owner, day(created), random.pick(DemoCompany.sources),
                churned ? "inactive" : "active", random.chance(0.3) ? "群\(random.int(100...999))" : "",
            ]))
            for _ in 0..<random.int(1...2) {
                let name = DemoNames.person(&random)
                contacts.append(CSVWriter.line([nextID("K"), id, name, "contact\(serial)@example.com",
                                                "+86 1\(random.int(30...89))\(random.int(1000_0000...9999_9999))",
                                                random.pick(["采购经理", "IT Director", "总经理", "CFO", "运营主管"])]))
            }
            // Orders: a Poisson stream whose rate grows with the customer's value.
            let yearlyRate = 0.6 + 2.2 * value
            var t = Double(created)
            while true {
                t += random.exponential(mean: 365 / yearlyRate)
                guard Int(t) <= activeUntil else { break }
                let product = random.pick(DemoCompany.products)
                let quantity = max(1, Int(value.squareRoot() * random.unit() * 3))
                let cents = Int64(Double(product.price * quantity) * (0.8 + 0.2 * random.unit()) * 100)
                let amount = Decimal4(units: cents * 100)
                orders.append(CSVWriter.line([nextID("O"), id, owner, product.id, day(Int(t)), String(quantity), amount.description, ""]))
                revenueByYearRep[owner, default: [:]][CalendarDate(dayNumber: Int(t)).year, default: 0] += cents
            }
            // Account management: calls and visits over the whole relationship, while they buy, in a
            // rhythm that is quicker for valuable customers (a steady rate: visits per order do not
            // drift year to year), with the odd lapse when a follow-up is forgotten.
            let cadence = min(max(75 / value, 12), 120)
            var touch = Double(created)
            while true {
                touch += cadence * (0.6 + 0.5 * random.unit()) + (random.chance(0.01) ? random.exponential(mean: 40) : 0)
                guard Int(touch) <= min(activeUntil + 30, today) else { break }
                activities.append(CSVWriter.line([nextID("A"), owner, id, "", random.pick([("call", 3.0), ("visit", 2.0), ("email", 1.0)]),
                                                  day(Int(touch)) + clock(random.int(9...17), 0), String(random.int(5...60)),
                                                  random.pick(["positive", "neutral", "follow-up"]), ""]))
            }
            // Deals through the funnel, with their stage history and the activities that moved them.
            // Deals open after the customer came, within the last two years.
            let firstDealDay = max(created, today - 730)
            for _ in 0..<(firstDealDay <= today - 5 ? random.poisson(mean: 0.5 + 0.25 * value) : 0) {
                let dealID = nextID("D")
                var at = Double(random.int(firstDealDay...(today - 5)))
                let opened = Int(at)
                let amount = Int64(Double(random.pick(DemoCompany.products).price) * (1 + value) * (0.5 + random.unit())) * 10_000
                var status = "open", stage = "lead", closed = "", reason = ""
                for step in DemoCompany.funnel {
                    stage = step.stage
                    history.append(CSVWriter.line([dealID, stage, day(Int(at)) + clock(random.int(9...17), 0)]))
                    for _ in 0..<random.int(1...2) {
                        let kind = stage == "proposal" ? "proposal" : random.pick(["call", "email", "visit", "meeting", "demo"])
                        activities.append(CSVWriter.line([nextID("A"), owner, id, dealID, kind,
                                                          day(min(Int(at) + random.int(0...3), today)) + clock(random.int(9...18), 30),
                                                          String(random.int(5...90)), random.pick(["positive", "neutral", "follow-up"]), ""]))
                    }
                    at += random.exponential(mean: step.dwell) + 1
                    if Int(at) > today { break }
                    if !random.chance(step.advance) {
                        status = "lost"; closed = day(Int(at)); reason = random.pick(DemoCompany.lostReasons)
                        break
                    }
                    if step.stage == "negotiation" {
                        status = "won"; stage = "won"; closed = day(Int(at))
                        history.append(CSVWriter.line([dealID, "won", closed + "T16:00:00"]))
                    }
                }
                if status == "lost" { history.append(CSVWriter.line([dealID, "lost", closed + "T16:00:00"])) }
                deals.append(CSVWriter.line([dealID, id, owner, "\(random.pick(DemoCompany.products).name) 商机", Decimal4(units: amount).description,
                                             "", status == "lost" ? "lost" : stage, status, day(opened), day(opened + random.int(45...120)), closed, reason]))
            }
            if random.chance(0.35) {
                let score = random.pick([("5", 3.0), ("4", 4.0), ("3", 2.0), ("2", 0.7), ("1", 0.3)])
                surveys.append(CSVWriter.line([id, owner, score, day(random.int(max(created, today - 700)...today)),
                                               score >= "4" ? random.pick(["服务很好", "Quick response", "满意"]) : random.pick(["交付慢", "Price too high", ""])]))
            }
        }
        tables += [(.customers, customers.joined()), (.contacts, contacts.joined()), (.orders, orders.joined()),
                   (.deals, deals.joined()), (.dealStageHistory, history.joined()), (.activities, activities.joined()),
                   (.surveys, surveys.joined())]
    }

    /// This year's revenue targets: last year's actuals plus 15%, for the company, each team and each
    /// rep, and each rep's split evenly into quarters. A rep hired during the year has targets only
    /// for the quarters that start after the hiring day (and none for the year as a whole).
    mutating func buildTargets() {
        let year = company.asOf.year
        var rows = ["scope,scope_id,metric,period,value\n"]
        var companyTotal: Int64 = 0
        for team in DemoCompany.regions {
            var teamTotal: Int64 = 0
            // A rep whose book is young (little sold last year) is held to part of what an established
            // rep of the team sold, growing with their years in the job (full after three), not to a
            // token target they are bound to beat tenfold.
            let established = repsByTeam[team.id]!.filter { hiredOn[$0]! <= Period.year(year - 1).start.dayNumber }
                .map { revenueByYearRep[$0]?[year - 1] ?? 0 }.sorted()
            let typical = established.isEmpty ? 0 : established[established.count / 2] / 100  // the median, in whole units
            for rep in repsByTeam[team.id]! {
                let last = revenueByYearRep[rep]?[year - 1] ?? 0
                let tenure = min(1, Double(Period.year(year).start.dayNumber - hiredOn[rep]!) / (3 * 365))
                let grown = max(Int64(Double(last) / 100 * 1.15), Int64(Double(typical) * 0.8 * max(0, tenure)))  // last is in cents
                let target = max((grown + 999) / 1_000 * 1_000, 50_000)
                let quarters = TargetSplit.apportion(Decimal4(Int(target)), weights: [1, 1, 1, 1])
                let hired = hiredOn[rep]!
                let wholeYear = hired <= Period.year(year).start.dayNumber
                if wholeYear {
                    teamTotal += target
                    rows.append(CSVWriter.line(["rep", rep, "revenue", String(year), String(target)]))
                }
                // Reps also have quarterly targets: the year split evenly, to the cent.
                for (q, value) in quarters.enumerated() where hired <= Period.quarter(year, q + 1).start.dayNumber {
                    rows.append(CSVWriter.line(["rep", rep, "revenue", "\(year)-Q\(q + 1)", value.description]))
                    if !wholeYear { teamTotal += value.units / 10_000 }
                }
            }
            companyTotal += teamTotal
            rows.append(CSVWriter.line(["team", team.id, "revenue", String(year), String(teamTotal)]))
        }
        rows.append(CSVWriter.line(["company", "", "revenue", String(year), String(companyTotal)]))
        rows.append(CSVWriter.line(["company", "", "new_customers", String(year), String(max(10, company.customers / 8))]))
        tables.append((.targets, rows.joined()))
    }
}
