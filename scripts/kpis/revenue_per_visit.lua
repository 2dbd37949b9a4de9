-- revenue_per_visit: how much revenue each customer visit brings, a custom KPI usable as
-- `crescent kpi revenue_per_visit --period 2026-Q3 --by rep`, `crm.kpi("revenue_per_visit", ...)`
-- and in reports, with targets, comparisons and ranking like the built-in KPIs.
crm.kpi.define {
  name = "revenue_per_visit",
  label = { en = "revenue_per_visit", zh = "单次拜访销售额" },
  unit = "money",
  description = { en = "revenue / customer visits in the period", zh = "本期销售额 ÷ 客户拜访次数" },
  compute = function(ctx)
    local revenue = ctx.kpi("revenue")
    local visits = ctx.kpi("activities", { kind = "visit" })
    local out = {}
    for group, n in pairs(visits) do
      if n > 0 then out[group] = (revenue[group] or 0) / n end
    end
    return out
  end,
}
