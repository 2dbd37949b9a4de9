-- Year-over-year revenue by team and by region: this period against the same period a year
-- before (to date: the same days a year before, while the period is not over). crescent report yoy-revenue [--param period=2026]
local function pairs_of(kpi)
  local names, now, before, rows = {}, {}, {}, {}
  for i, row in ipairs(kpi.rows) do
    names[i], now[i], before[i] = row.label, row.value or 0, row.year_before or 0
    rows[i] = { row.label, row.value, row.year_before, row.change_yoy }
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
    local kpi = crm.kpi("revenue", { period = p.period, compare = "yoy" })
    local total, now_name, before_name = kpi.rows[1], kpi.span.name, kpi.compared.year_before.name
    if kpi.span.to_date then report:text(now_name .. ", against the same days a year before: " .. before_name .. ".") end
    report:tiles {
      { label = "Revenue " .. now_name, value = total.value, kind = "money", change = total.change_yoy },
      { label = "Revenue " .. before_name, value = total.year_before, kind = "money" },
    }
    for _, by in ipairs({ "team", "region" }) do
      local names, now, before, rows = pairs_of(crm.kpi("revenue", { period = p.period, by = by, compare = "yoy" }))
      report:heading("By " .. by, 2)
      report:chart { kind = "bar", title = "Revenue by " .. by, categories = names, value_kind = "money", x_label = by, y_label = "revenue",
                     series = { { name = before_name, values = before }, { name = now_name, values = now } } }
      report:table {
        columns = { by, { name = now_name, kind = "money" }, { name = before_name, kind = "money" }, { name = "change", kind = "change" } },
        rows = rows,
      }
    end
  end,
}
