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
  title = { en = "Revenue year over year", zh = "销售额同比" },
  description = { en = "Revenue by team and by region against the same period a year before",
                  zh = "按团队与区域的销售额，对比去年同期" },
  params = {
    { name = "period", type = "period", default = "this-year", help = { en = "the period (compared with the same one a year before)", zh = "统计期间（对比去年同期）" } },
  },
  build = function(report, p)
    local kpi = crm.kpi("revenue", { period = p.period, compare = "yoy" })
    local total = kpi.rows[1]
    local now_name, before_name = crm.label("span", kpi.span), crm.label("span", kpi.compared.year_before)
    local now_key, before_key = kpi.span.name, kpi.compared.year_before.name   -- CSV and JSON read the same in any language
    if kpi.span.to_date then
      report:text(string.format(crm.t { en = "%s, against the same days a year before: %s.", zh = "%s，对比去年同期：%s。" },
                                now_name, before_name))
    end
    report:tiles {
      { label = string.format(crm.t { en = "Revenue %s", zh = "销售额（%s）" }, now_name), value = total.value, kind = "money", change = total.change_yoy },
      { label = string.format(crm.t { en = "Revenue %s", zh = "销售额（%s）" }, before_name), value = total.year_before, kind = "money" },
    }
    for _, by in ipairs({ "team", "region" }) do
      local names, now, before, rows = pairs_of(crm.kpi("revenue", { period = p.period, by = by, compare = "yoy" }))
      local by_name = crm.label("by", by)
      report:heading(string.format(crm.t { en = "By %s", zh = "按%s" }, by_name), 2)
      report:chart { kind = "bar", title = string.format(crm.t { en = "Revenue by %s", zh = "各%s销售额" }, by_name), categories = names,
                     value_kind = "money", x_label = by_name, x_key = by, y_label = { en = "revenue", zh = "销售额" },
                     series = { { name = before_name, key = before_key, values = before }, { name = now_name, key = now_key, values = now } } }
      report:table {
        columns = { { name = by_name, key = by }, { name = now_name, key = now_key, kind = "money" }, { name = before_name, key = before_key, kind = "money" },
                    { name = { en = "change", zh = "同比" }, kind = "change" } },
        rows = rows,
      }
    end
  end,
}
