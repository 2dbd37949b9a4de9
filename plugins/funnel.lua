-- The sales funnel of a period: conversion and dwell per stage, the bottleneck, the open pipeline
-- and the stalled deals. crescent report funnel [--param period=2026-Q3] [--param team=T1]
return crm.report.plugin {
  name = "funnel",
  title = "Sales funnel",
  description = "Stage conversion and dwell, the bottleneck stage, pipeline and stalled deals",
  params = {
    { name = "period", type = "period", default = "this-quarter", help = "deals entering stages in this period" },
    { name = "team", type = "team", help = "only this team's deals" },
  },
  build = function(report, p)
    local f = crm.funnel { period = p.period, scope = p.team and ("team:" .. p.team) or nil }
    report:tiles {
      { label = "Win rate", value = f.win_rate, kind = "percent", note = f.won .. " won, " .. f.lost .. " lost" },
      { label = "Sales cycle (days)", value = f.sales_cycle_days, kind = "number" },
      { label = "Average won deal", value = f.avg_won_deal_size, kind = "money" },
      { label = "Open pipeline", value = f.pipeline_value, kind = "money", note = f.open_deals .. " deals" },
      { label = "Weighted pipeline", value = f.weighted_pipeline, kind = "money" },
      { label = "Velocity per day", value = f.velocity_per_day, kind = "money" },
    }
    if f.bottleneck then
      report:text("Bottleneck: " .. f.bottleneck.stage .. " (" .. f.bottleneck.reason .. ").")
    else
      report:text("No bottleneck: every stage with enough deals converts and moves as configured.")
    end
    local stages, entered, rows = {}, {}, {}
    for i, s in ipairs(f.stages) do
      stages[i], entered[i] = s.stage, s.entered
      rows[i] = { s.stage, s.entered, s.converted, s.conversion, s.expected_conversion, s.mean_dwell_days, s.median_dwell_days,
                  s.max_dwell_days, s.stalled }
    end
    report:chart { kind = "funnel", title = "Deals entering each stage", categories = stages, values = entered, value_kind = "integer" }
    report:table {
      title = "Stages",
      columns = { "stage", { name = "entered", kind = "integer" }, { name = "converted", kind = "integer" },
                  { name = "conversion", kind = "percent" }, { name = "expected", kind = "percent" },
                  { name = "mean dwell (days)", kind = "number" }, { name = "median dwell (days)", kind = "number" },
                  { name = "max dwell (days)", kind = "number" }, { name = "stalled", kind = "integer" } },
      rows = rows,
    }
    local stalled = {}
    for i, d in ipairs(f.stalled) do
      if i > 25 then break end
      stalled[i] = { d.deal, d.owner, d.stage, d.days, d.max_days }
    end
    report:table {
      title = "Stalled deals (" .. #f.stalled .. ")",
      columns = { "deal", "owner", "stage", { name = "days in stage", kind = "number" }, { name = "max", kind = "integer" } },
      rows = stalled,
    }
  end,
}
