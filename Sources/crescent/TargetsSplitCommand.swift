import ArgumentParser
import CrescentCore
import CrescentReport
import CrescentScript
import CrescentStore
import Foundation

struct TargetsSplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split a target into quarters or months, or a team's target into its reps, and save the parts.",
        discussion: """
            --by even gives equal parts; seasonal weighs each quarter or month by the metric's actual value \
            in the same part a year earlier; history weighs each rep by their share of the team's actual \
            value over the same period a year earlier; weights FILE reads a CSV of part,weight (a period \
            such as 2027-Q1, or a rep id). The parts add up to the whole to the cent.
            """
    )

    enum Into: String, ExpressibleByArgument { case quarters, months }
    enum Destination: String, ExpressibleByArgument { case reps }

    @OptionGroup var target: TargetOptions

    @Option(help: "Split the period into quarters (of a year) or months (of a year or quarter).")
    var into: Into?

    @Option(help: "Split a team's target into its reps (not its managers).")
    var to: Destination?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("How to weigh the parts: even, seasonal, history, or weights FILE.", valueName: "method"))
    var by: [String] = ["even"]

    @Flag(name: .customLong("dry-run"), help: "Print the parts without saving them.")
    var dryRun = false

    @OptionGroup var asOfOption: AsOfOption
    @OptionGroup var limitOptions: LimitOptions
    @OptionGroup var storeOptions: StoreOptions

    /// The period of the target to split.
    private var period: Period { target.period(asOf: asOfOption.day) }

    func validate() throws {
        guard (into == nil) != (to == nil) else { throw ValidationError("give one of --into quarters|months or --to reps") }
        switch by.first {
        case "even" where by.count == 1, "seasonal" where by.count == 1 && into != nil, "history" where by.count == 1 && to != nil: break
        case "weights" where by.count == 2: break
        case "seasonal": throw ValidationError("--by seasonal weighs quarters or months: use it with --into")
        case "history": throw ValidationError("--by history weighs reps: use it with --to reps")
        default: throw ValidationError("--by: expected even, seasonal, history or weights FILE, got '\(by.joined(separator: " "))'")
        }
        if to != nil, case .team = target.scope {} else if to != nil {
            throw ValidationError("--to reps splits a team's target: give --scope team:ID")
        }
    }

    func run() throws {
        try reportingFailures {
            let store = try storeOptions.open()
            let book = TargetBook(try store.targets(metric: target.metric))
            guard let total = book.value(scope: target.scope, metric: target.metric, period: period) else {
                throw StoreError.usage("no \(target.metric) target of \(target.scope) for \(period) to split; set one with `crescent targets set`")
            }
            let parts = try self.parts(store: store)
            let weights = try self.weights(parts: parts, store: store)
            let values = TargetSplit.apportion(Decimal4(units: Int64((total * 10_000).rounded())), weights: weights)
            let targets = zip(parts, values).map { Target(scope: $0.scope, metric: target.metric, period: $0.period, value: $1) }
            if !dryRun { try store.saveTargets(targets) }
            let names = try store.names(of: .teams).merging(try store.names(of: .reps)) { team, _ in team }
            let rows = zip(targets, weights).map { part, weight in
                [part.scope.description, names[part.scope.id] ?? "", part.period.description, thousands(part.value.doubleValue),
                 percent(weight / weights.reduce(0, +))]
            }
            let basis = by[0] == "seasonal" ? " (weights from \(weighedYear))" : by[0] == "history" ? " (weights from \(weighedPeriod(period)))" : ""
            print("\(target.metric) target of \(target.scope) for \(period): \(thousands(total)), split by \(by[0])\(basis)"
                  + (dryRun ? " (dry run, nothing saved)" : ", saved") + "\n")
            emit(headers: ["scope", "name", "period", "target", "share"], rows: rows, format: .table, numeric: [3, 4])
        }
    }

    /// The scopes and periods of the parts.
    private func parts(store: any RecordStore) throws -> [(scope: TargetScope, period: Period)] {
        if let into {
            guard let periods = into == .quarters ? period.quarters : period.months else {
                throw StoreError.usage("--into \(into.rawValue): \(period) is a \(period.kind.rawValue); quarters split a year, months a year or a quarter")
            }
            return periods.map { (target.scope, $0) }
        }
        let team = target.scope.id
        let reps = try store.find(.reps, where: ["team_id": .text(team)]).filter { $0["role"]?.text != "manager" }.compactMap { $0["id"]?.text }.sorted()
        guard !reps.isEmpty else { throw StoreError.usage("--to reps: team \(team) has no reps (managers carry no split target)") }
        return reps.map { (.rep($0), period) }
    }

    /// One weight per part.
    private func weights(parts: [(scope: TargetScope, period: Period)], store: any RecordStore) throws -> [Double] {
        switch by[0] {
        case "weights": return try fileWeights(parts: parts)
        case "seasonal", "history":
            let catalog = try KpiCatalog(store: store, environment: limitOptions.environment(asOf: asOfOption.day))
            guard catalog.all.contains(where: { $0.name == target.metric }) else {
                throw StoreError.usage("--by \(by[0]): '\(target.metric)' is not a KPI, so it has no history to weigh by; use --by even or weights FILE")
            }
            let grouping: Grouping = to != nil ? .rep : Grouping(rawValue: target.scope.kind) ?? .company
            let weights = try parts.map { part -> Double in
                let values = try catalog.values(target.metric, period: weighedPeriod(part.period), by: grouping)
                return max(0, values[part.scope.group(in: grouping) ?? ""] ?? 0)
            }
            guard weights.contains(where: { $0 > 0 }) else {
                throw StoreError.usage("--by \(by[0]): \(target.metric) was 0 in every part in \(weighedYear); use --by even or weights FILE")
            }
            return weights
        default:
            return parts.map { _ in 1 }
        }
    }

    /// The year whose actuals weigh the parts: the year before the target's, or the last year over
    /// by the as-of day when that one is not (a month still in progress says nothing of its season).
    private var weighedYear: Int {
        let day = asOfOption.day
        let lastComplete = day == Period.year(day.year).end ? day.year : day.year - 1
        return min(period.start.year - 1, lastComplete)
    }

    /// The same part in the weighed year: 2027-03 is weighed by 2025-03 on 2026-12-01.
    private func weighedPeriod(_ part: Period) -> Period {
        let shift = part.start.year - (by[0] == "seasonal" ? weighedYear : part.start.year - 1)
        switch part.kind {
        case .quarter: return .quarter(part.start.year - shift, (part.start.month + 2) / 3)
        case .month: return .month(part.start.year - shift, part.start.month)
        default: return Period(kind: .range, start: part.start.yearsBefore(shift), end: part.end.yearsBefore(shift))
        }
    }

    /// Weights from a CSV of part,weight: every part must be listed once with a weight of 0 or more.
    private func fileWeights(parts: [(scope: TargetScope, period: Period)]) throws -> [Double] {
        let path = by[1]
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw StoreError.missingInput("cannot read \(path)") }
        var weights: [String: Double] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let cells = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !(cells.first ?? "").isEmpty else { continue }
            guard cells.count == 2, let weight = Double(cells[1]), weight >= 0 else {
                if number == 0 { continue }  // a header
                throw StoreError.usage("\(path):\(number + 1): expected part,weight with a weight of 0 or more, got '\(line)'")
            }
            weights[cells[0]] = weight
        }
        let names = parts.map { to != nil ? $0.scope.id : $0.period.description }
        if let missing = names.first(where: { weights[$0] == nil }) {
            throw StoreError.usage("\(path): no weight for \(missing) (parts: \(names.joined(separator: ", ")))")
        }
        if let extra = weights.keys.sorted().first(where: { !names.contains($0) }) {
            throw StoreError.usage("\(path): \(extra) is not a part of this split (parts: \(names.joined(separator: ", ")))")
        }
        let result = names.map { weights[$0]! }
        guard result.contains(where: { $0 > 0 }) else { throw StoreError.usage("\(path): every weight is 0") }
        return result
    }
}
