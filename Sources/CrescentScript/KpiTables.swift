import CLuaBridge
import CrescentCore
import CrescentStore
import LuaKit

/// A KPI report as scripts see it: a table with the fields of its JSON form, tagged (metatables
/// named `crm.kpi` and `crm.kpi.row`) with the report it came from, so that the REPL shows it, or
/// a list of its rows filtered or sorted, in the layout of `crescent kpi`.
extension CrmModule {
    /// Keeps `report` for the tables made of it (the latest 64: an older table shows as a plain one).
    private func rememberKpiReport(_ report: KpiReport) -> Int {
        nextKpiReport += 1
        kpiReports[nextKpiReport] = report
        kpiReports[nextKpiReport - 64] = nil
        return nextKpiReport
    }

    /// Pushes `report` as a tagged table.
    func push(_ report: KpiReport) {
        let L = state.L
        let id = rememberKpiReport(report)
        state.push(Self.luaValue(report))
        pushKpiTag("crm.kpi", id: id)
        lua_setmetatable(L, -2)
        lua_getfield(L, -1, "rows")
        pushKpiTag("crm.kpi.row", id: id)
        for index in stride(from: 1, through: Int(lua_rawlen(L, -2)), by: 1) {
            if lua_rawgeti(L, -2, lua_Integer(index)) == LUA_TTABLE {
                lua_pushvalue(L, -2)  // the rows' tag
                lua_setmetatable(L, -2)
            }
            cb_pop(L, 1)
        }
        cb_pop(L, 2)
    }

    private func pushKpiTag(_ name: String, id: Int) {
        lua_createtable(state.L, 0, 2)
        state.push(name)
        lua_setfield(state.L, -2, "__name")
        lua_pushinteger(state.L, lua_Integer(id))
        lua_setfield(state.L, -2, "report")
    }

    /// The report a table tagged `name` (`crm.kpi` or `crm.kpi.row`) came from, or nil.
    func kpiReport(taggedAt index: Int32, as name: String) -> KpiReport? {
        let L = state.L
        guard lua_type(L, index) == LUA_TTABLE, lua_getmetatable(L, index) != 0 else { return nil }
        defer { cb_pop(L, 1) }
        // Read raw: another table's metatable (a record's) may answer a missing key with an error.
        state.push("__name")
        lua_rawget(L, -2)
        state.push("report")
        lua_rawget(L, -3)
        defer { cb_pop(L, 2) }
        guard state.string(at: -2) == name, lua_isinteger(L, -1) != 0 else { return nil }
        return kpiReports[Int(lua_tointegerx(L, -1, nil))]
    }

    /// The report with the rows of `rows` (a script may have filtered, sorted or changed them), or
    /// nil when something else is among them.
    static func report(_ report: KpiReport, rows: [LuaValue]) -> KpiReport? {
        let read = rows.compactMap { value -> KpiRow? in
            guard case .map(let fields) = value else { return nil }
            func number(_ name: String) -> Double? { fields[name]?.doubleValue }
            var row = KpiRow(key: fields["key"]?.stringValue ?? "", label: fields["label"]?.stringValue ?? "", value: number("value"))
            row.target = number("target")
            row.targetRolledUp = fields["target_rolled_up"] == .boolean(true)
            row.attainment = number("attainment")
            (row.previous, row.change) = (number("previous"), number("change"))
            (row.yearBefore, row.changeYoy) = (number("year_before"), number("change_yoy"))
            row.rank = number("rank").map { Int($0) }
            row.percentile = number("percentile")
            if report.ranked && report.grouping == .rep { row.peers = fields["team"]?.stringValue ?? "" }
            return row
        }
        return read.count == rows.count ? report.with(rows: read) : nil
    }

    /// The report as a plain Lua value: the fields of its JSON form.
    static func luaValue(_ report: KpiReport) -> LuaValue {
        func number(_ value: Double?) -> LuaValue { value.map { .number($0) } ?? .nil }
        let rows: [LuaValue] = report.rows.map { row in
            var fields: [String: LuaValue] = ["label": .string(row.label), "value": number(row.value), "target": number(row.target),
                                              "attainment": number(row.attainment), "previous": number(row.previous),
                                              "change": number(row.change), "year_before": number(row.yearBefore),
                                              "change_yoy": number(row.changeYoy), "percentile": number(row.percentile)]
            if row.targetRolledUp { fields["target_rolled_up"] = .boolean(true) }
            if !row.key.isEmpty { fields["key"] = .string(row.key) }
            if let peers = row.peers, !peers.isEmpty { fields["team"] = .string(peers) }
            if let rank = row.rank { fields["rank"] = .integer(Int64(rank)) }
            return .map(fields.filter { $0.value != .nil })
        }
        func span(_ period: Period, _ more: [String: LuaValue] = [:]) -> LuaValue {
            .map(["name": .string(period.description), "from": .string(period.start.description), "to": .string(period.end.description),
                  "days": .integer(Int64(period.days))].merging(more) { $1 })
        }
        var compared: [String: LuaValue] = [:]
        if let previous = report.previousSpan { compared["previous"] = span(previous) }
        if let yearBefore = report.yearBeforeSpan { compared["year_before"] = span(yearBefore) }
        let measured = span(report.span, ["name": .string(report.period.spanName(asOf: report.asOf)),
                                          "to_date": .boolean(report.period.isInProgress(asOf: report.asOf)),
                                          "elapsed_share": .number(report.elapsedShare)])
        return .map(["kpi": .string(report.kpi), "period": .string(report.period.description), "by": .string(report.grouping.rawValue),
                     "unit": .string(report.unit.rawValue), "as_of": .string(report.asOf.description), "span": measured,
                     "compared": .map(compared), "rows": .array(rows)])
    }
}
