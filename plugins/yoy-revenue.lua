-- Year-over-year revenue by team and by region: this period against the same period a year
-- before. crescent report yoy-revenue [--param period=2026]
local function pairs_of(kpi)
  local names, now, before, rows = {}, {}, {}, {}
  for i, row in ipairs(kpi.rows) do
    names[i], now[i], before[i] = row.label, row.value or 0, row.previous or 0
    rows[i] = { row.label, row.value, row.previous, row.change }
  end
  return names, now, before, rows
end

return crm.report.plugin {
  name = "yoy-revenue",
  title = "Revenue year over year",
  description = "Revenue by team and by region against the same period a year before",
  params = {
    { name = "period", type = "period", default = "this-year", help = "the period (compared with the same one a year before)" },
  },
  build = function(report, p)
    local period = crm.period(p.period)
    local total = crm.kpi("revenue", { period = p.period, compare = "yoy" }).rows[1]
    report:tiles {
      { label = "Revenue " .. period.name, value = total.value, kind = "money", change = total.change },
      { label = "Revenue " .. period.year_before, value = total.previous, kind = "money" },
    }
    for _, by in ipairs({ "team", "region" }) do
      local names, now, before, rows = pairs_of(crm.kpi("revenue", { period = p.period, by = by, compare = "yoy" }))
      report:heading("By " .. by, 2)
      report:chart { kind = "bar", title = "Revenue by " .. by, categories = names, value_kind = "money", x_label = by, y_label = "revenue",
                     series = { { name = period.year_before, values = before }, { name = period.name, values = now } } }
      report:table {
        columns = { by, { name = period.name, kind = "money" }, { name = period.year_before, kind = "money" }, { name = "change", kind = "change" } },
        rows = rows,
      }
    end
  end,
}
