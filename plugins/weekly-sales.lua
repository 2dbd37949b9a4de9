-- Weekly sales: revenue, orders and new customers of a week against target (the week's share of
-- the quarter's target, by days) and the week before, then per rep. crescent report weekly-sales [--param week=2026-W47] [--param team=T1]
local function by_key(report)
  local out = {}
  for _, row in ipairs(report.rows) do out[row.key or ""] = row end
  return out
end

return crm.report.plugin {
  name = "weekly-sales",
  title = { en = "Weekly sales report", zh = "销售周报" },
  description = { en = "Revenue, orders and new customers of a week against target and the week before, by rep",
                  zh = "一周的销售额、订单数与新客户数，对比目标与上周，按销售代表列出" },
  params = {
    { name = "week", type = "period", default = "last-week", help = { en = "the week (or any period)", zh = "统计周（或任一期间）" } },
    { name = "team", type = "team", help = { en = "only this team's reps", zh = "只看该团队的销售" } },
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
      local said = crm.t { en = "%s, against the same days of the week before: %s.", zh = "%s，对比上周同期：%s。" }
      report:text(string.format(said, revenue.span.name, revenue.compared.previous.name))
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
        -- Revenue and orders link to the orders they sum (on the workbench's pages).
        local behind = function(kpi) return { kpi = kpi, period = p.week, by = "rep", key = row.key } end
        rows[#rows + 1] = { row.key, row.label, { value = row.value, records = behind("revenue") }, target, attainment, row.change,
                            { value = o.value or 0, records = behind("orders") }, n.value or 0 }
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
      { label = { en = "Revenue", zh = "销售额" }, value = total.revenue, kind = "money", target = total.target,
        change = change(total.revenue, total.previous) },
      { label = { en = "Orders", zh = "订单数" }, value = total.orders, kind = "integer", change = change(total.orders, total.orders_before) },
      { label = { en = "New customers", zh = "新客户数" }, value = total.new, kind = "integer", change = change(total.new, total.new_before) },
    }
    report:heading({ en = "By rep", zh = "按销售" }, 2)
    report:table {
      columns = { { name = { en = "rep", zh = "销售" }, key = "rep" }, { name = { en = "name", zh = "姓名" }, key = "name" },
                  { name = { en = "revenue", zh = "销售额" }, key = "revenue", kind = "money" },
                  { name = { en = "target", zh = "目标" }, key = "target", kind = "money" },
                  { name = { en = "attainment", zh = "目标完成率" }, key = "attainment", kind = "percent" },
                  { name = { en = "vs last week", zh = "环比上周" }, key = "vs_last_week", kind = "change" },
                  { name = { en = "orders", zh = "订单数" }, key = "orders", kind = "integer" },
                  { name = { en = "new customers", zh = "新客户数" }, key = "new_customers", kind = "integer" } },
      rows = rows,
    }
    local names, values = {}, {}
    for i, row in ipairs(rows) do
      if i > 12 then break end
      names[i], values[i] = row[2] .. " (" .. row[1] .. ")", row[3].value or 0
    end
    report:chart { kind = "bar", title = { en = "Revenue by rep", zh = "各销售销售额" }, categories = names, values = values,
                   value_kind = "money", x_label = { en = "rep", zh = "销售" }, y_label = { en = "revenue", zh = "销售额" } }
  end,
}
