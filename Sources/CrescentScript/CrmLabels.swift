import CrescentCore
import CrescentReport
import CrescentStore
import LuaKit

/// `crm.label(kind, value)`: the words people read for a code the host knows, in `crm.lang`, so a
/// plugin shows a stage, period or level as the built-in commands do (results keep the codes, as
/// their JSON does).
extension CrmModule {
    static let labelKinds = ["bottleneck", "by", "entity", "kpi", "ladder", "level", "period", "span", "stage"]

    func label(_ call: LuaCall) throws -> Int32 {
        let kind = try call.string(1)
        let words = Words(language)
        let label: String?
        switch kind {
        case "stage": label = words.stageName(try call.string(2))
        case "entity": label = (try? Entity.named(try call.string(2))).map { words.t("entities.\($0.rawValue)") }
        case "level": label = words.level(try call.string(2))
        case "kpi": label = words.kpiName(try call.string(2))
        case "by": label = Grouping(rawValue: try call.string(2)).map { words.t("by.\($0.rawValue)") }
        case "ladder": label = LadderVerdict(description: try call.string(2)).map(words.ladder)
        case "period": label = scriptPeriod(try call.string(2)).map(words.period)
        case "span": label = try spanLabel(call, words)
        case "bottleneck": label = words.bottleneck(try bottleneck(call))
        default:
            throw argumentError(1, "crm.arg.label_kind", ["kinds": Self.labelKinds.joined(separator: ", "), "got": kind])
        }
        guard let label else { throw argumentError(2, "crm.arg.label_unknown", ["kind": kind]) }
        call.push(.string(label))
        return 1
    }

    /// A funnel's `bottleneck` (nil when it has none), read back from its fields.
    private func bottleneck(_ call: LuaCall) throws -> FunnelReport.Bottleneck? {
        guard !call.isNil(2) else { return nil }
        guard case .map(let fields) = try call.value(2), let stage = fields["stage"]?.stringValue,
              let measure = fields["measure"]?.stringValue.flatMap(FunnelReport.Bottleneck.Measure.init),
              let value = fields["value"]?.doubleValue, let expected = fields["expected"]?.doubleValue else {
            throw argumentError(2, "crm.arg.bottleneck")
        }
        return FunnelReport.Bottleneck(stage: stage, measure: measure, value: value, expected: expected)
    }

    /// A KPI report's `span` or `compared` span: `2026年第四季度至今（62天）` while in progress.
    private func spanLabel(_ call: LuaCall, _ words: Words) throws -> String? {
        guard case .map(let span) = try call.value(2), let name = span["name"]?.stringValue else {
            throw argumentError(2, "crm.arg.span")
        }
        if span["to_date"] == .boolean(true), let period = span["period"]?.stringValue.flatMap(scriptPeriod) {
            return words.spanName(period, asOf: asOf)
        }
        return scriptPeriod(name).map(words.period)
    }
}
