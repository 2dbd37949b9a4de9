-- Weekly sales: revenue, orders and new customers of a week against target (the week's share of
-- the quarter's target, by days) and the week before, then per rep. crescent report weekly-sales [--param week=2026-W47] [--param team=T1]
local function by_key(report)
  local out = {}
  for _, row in ipairs(report.rows) do out[row.key or ""] = row end
  return out
end

return crm.report.plugin {
  name = "weekly-sales",
  title = "Weekly sales report",
  description = "Revenue, orders and new customers of a week against target and the week before, by rep",
  params = {
    { name = "week", type = "period", default = "last-week", help = "the week (or any period)" },
    { name = "team", type = "team", help = "only this team's reps" },
  },
  build = function(report, p)
    local week = crm.period(p.week)
    local revenue = crm.kpi("revenue", { period = p.week, by = "rep", compare = { "previous" } })
    -- Targets are set per quarter (or year): the week's share of its quarter's target, by days.
    local quarter_targets = by_key(crm.kpi("revenue", { period = week.quarter, by = "rep", compare = { "target" } }))
    local quarter_days = crm.period(week.quarter).days
    local orders = by_key(crm.kpi("orders", { period = p.week, by = "rep", compare = { "previous" } }))
    local new = by_key(crm.kpi("new_customers", { period = p.week, by = "rep", compare = { "previous" } }))
    if revenue.span.to_date then
      report:text(revenue.span.name .. ", against the same days of the week before: " .. revenue.compared.previous.name .. ".")
    end
    local teams, managers = {}, {}
    for _, rep in ipairs(crm.find("reps")) do teams[rep.id], managers[rep.id] = rep.team_id, rep.role == "manager" end

    local rows, total = {}, { revenue = 0, previous = 0, orders = 0, orders_before = 0, new = 0, new_before = 0 }
    for _, row in ipairs(revenue.rows) do
      if row.key and not managers[row.key] and (p.team == nil or teams[row.key] == p.team) then
        local o, n = orders[row.key] or {}, new[row.key] or {}
        local quarter_target = (quarter_targets[row.key] or {}).target
        local target = quarter_target and quarter_target * week.days / quarter_days
        local attainment = target and target > 0 and row.value / target or nil
        rows[#rows + 1] = { row.key, row.label, row.value, target, attainment, row.change, o.value or 0, n.value or 0 }
        total.target = target and (total.target or 0) + target or total.target
        total.revenue = total.revenue + (row.value or 0)
        total.previous = total.previous + (row.previous or 0)
        total.orders = total.orders + (o.value or 0)
        total.orders_before = total.orders_before + (o.previous or 0)
        total.new = total.new + (n.value or 0)
        total.new_before = total.new_before + (n.previous or 0)
      end
    end
    local function change(now, before) if before and before ~= 0 then return (now - before) / before end end

    report:tiles {
      { label = "Revenue", value = total.revenue, kind = "money", target = total.target, change = change(total.revenue, total.previous) },
      { label = "Orders", value = total.orders, kind = "integer", change = change(total.orders, total.orders_before) },
      { label = "New customers", value = total.new, kind = "integer", change = change(total.new, total.new_before) },
    }
    report:heading("By rep", 2)
    report:table {
      columns = { "rep", "name", { name = "revenue", kind = "money" }, { name = "target", kind = "money" },
                  { name = "attainment", kind = "percent" }, { name = "vs last week", kind = "change" },
                  { name = "orders", kind = "integer" }, { name = "new customers", kind = "integer" } },
      rows = rows,
    }
    local names, values = {}, {}
    for i, row in ipairs(rows) do
      if i > 12 then break end
      names[i], values[i] = row[2] .. " (" .. row[1] .. ")", row[3] or 0
    end
    report:chart { kind = "bar", title = "Revenue by rep", categories = names, values = values, value_kind = "money",
                   x_label = "rep", y_label = "revenue" }
  end,
}
