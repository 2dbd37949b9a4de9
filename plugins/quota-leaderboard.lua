-- Quota attainment leaderboard: every rep's attainment and pace against their revenue target,
-- ranked within their team. crescent report quota-leaderboard [--param period=2026-Q4]
return crm.report.plugin {
  name = "quota-leaderboard",
  title = "Quota attainment leaderboard",
  description = "Revenue against target, attainment and pace per rep, ranked within each team",
  params = {
    { name = "period", type = "period", default = "this-quarter", help = "the quota period" },
    { name = "team", type = "team", help = "only this team" },
  },
  build = function(report, p)
    local revenue, pace = {}, {}
    for _, row in ipairs(crm.kpi("revenue", { period = p.period, by = "rep", compare = { "target" } }).rows) do revenue[row.key or ""] = row end
    for _, row in ipairs(crm.kpi("pace", { period = p.period, by = "rep" }).rows) do pace[row.key] = row.value end
    local rows, names, attainment = {}, {}, {}
    for _, row in ipairs(crm.kpi("quota_attainment", { period = p.period, by = "rep", rank = true }).rows) do
      -- Only reps with a revenue target have an attainment (a manager without one is left out).
      if row.key and row.value and (p.team == nil or row.team == p.team) then
        local r = revenue[row.key] or {}
        rows[#rows + 1] = { 0, row.key, row.label, row.team, r.value, r.target, row.value, pace[row.key], row.rank }
      end
    end
    table.sort(rows, function(a, b) if a[7] ~= b[7] then return a[7] > b[7] end return a[2] < b[2] end)
    for i, row in ipairs(rows) do
      row[1] = i
      if i <= 15 then names[i], attainment[i] = row[3] .. " (" .. row[2] .. ")", row[7] end
    end
    local period = crm.period(p.period)
    report:text(string.format("%s runs %s to %s; reps without a revenue target are not listed.", period.name, period.first, period.last))
    report:table {
      columns = { { name = "#", kind = "integer" }, "rep", "name", "team", { name = "revenue", kind = "money" }, { name = "target", kind = "money" },
                  { name = "attainment", kind = "percent" }, { name = "pace", kind = "percent" }, { name = "rank in team", kind = "integer" } },
      rows = rows,
    }
    report:chart { kind = "bar", title = "Attainment", categories = names, values = attainment, value_kind = "percent",
                   x_label = "rep", y_label = "attainment" }
  end,
}
