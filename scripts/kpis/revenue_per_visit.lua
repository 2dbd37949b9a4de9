-- revenue_per_visit: how much revenue each customer visit brings, a custom KPI usable as
-- `crescent kpi revenue_per_visit --period 2026-Q3 --by rep`, `crm.kpi("revenue_per_visit", ...)`
-- and in reports, with targets, comparisons and ranking like the built-in KPIs.
crm.kpi.define {
  name = "revenue_per_visit",
  unit = "money",
  description = "revenue / customer visits in the period",
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
