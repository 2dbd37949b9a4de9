-- The sales funnel of a period: conversion and dwell per stage, the bottleneck, the open pipeline
-- and the stalled deals. crescent report funnel [--param period=2026-Q3] [--param team=T1]
return crm.report.plugin {
  name = "funnel",
  title = { en = "Sales funnel", zh = "销售漏斗" },
  description = { en = "Stage conversion and dwell, the bottleneck stage, pipeline and stalled deals",
                  zh = "各阶段转化率与停留天数、瓶颈阶段、商机储备与停滞商机" },
  params = {
    { name = "period", type = "period", default = "this-quarter", help = { en = "deals entering stages in this period", zh = "本期进入各阶段的商机" } },
    { name = "team", type = "team", help = { en = "only this team's deals", zh = "只看该团队的商机" } },
  },
  build = function(report, p)
    local f = crm.funnel { period = p.period, scope = p.team and ("team:" .. p.team) or nil }
    report:tiles {
      { label = { en = "Win rate", zh = "赢单率" }, value = f.win_rate, kind = "percent",
        note = string.format(crm.t { en = "%d won, %d lost", zh = "赢单 %d，输单 %d" }, f.won, f.lost) },
      { label = { en = "Sales cycle (days)", zh = "销售周期（天）" }, value = f.sales_cycle_days, kind = "number" },
      { label = { en = "Average won deal", zh = "平均赢单金额" }, value = f.avg_won_deal_size, kind = "money" },
      { label = { en = "Open pipeline", zh = "在谈商机金额" }, value = f.pipeline_value, kind = "money",
        note = string.format(crm.t { en = "%d deals", zh = "%d 个商机" }, f.open_deals) },
      { label = { en = "Weighted pipeline", zh = "加权商机金额" }, value = f.weighted_pipeline, kind = "money" },
      { label = { en = "Velocity per day", zh = "日均销售速度" }, value = f.velocity_per_day, kind = "money" },
    }
    report:text(crm.label("bottleneck", f.bottleneck))   -- the sentence `crescent funnel` prints
    local stages, codes, entered, rows = {}, {}, {}, {}
    for i, s in ipairs(f.stages) do
      stages[i], codes[i], entered[i] = crm.label("stage", s.stage), s.stage, s.entered
      rows[i] = { { code = s.stage, label = stages[i] }, s.entered, s.converted, s.conversion, s.expected_conversion, s.mean_dwell_days, s.median_dwell_days,
                  s.max_dwell_days, s.stalled }
    end
    report:chart { kind = "funnel", title = { en = "Deals entering each stage", zh = "进入各阶段的商机数" },
                   categories = stages, category_keys = codes, values = entered, value_kind = "integer", x_key = "stage" }
    report:table {
      title = { en = "Stages", zh = "各阶段" },
      columns = { { name = { en = "stage", zh = "阶段" } },
                  { name = { en = "entered", zh = "进入" }, kind = "integer" },
                  { name = { en = "converted", zh = "转化" }, kind = "integer" },
                  { name = { en = "conversion", zh = "转化率" }, kind = "percent" },
                  { name = { en = "expected", zh = "预期转化率" }, kind = "percent" },
                  { name = { en = "mean dwell (days)", zh = "平均停留天数" }, kind = "number" },
                  { name = { en = "median dwell (days)", zh = "停留天数中位数" }, kind = "number" },
                  { name = { en = "max dwell (days)", zh = "最长停留天数" }, kind = "number" },
                  { name = { en = "stalled", zh = "停滞" }, kind = "integer" } },
      rows = rows,
    }
    local stalled = {}
    for i, d in ipairs(f.stalled) do
      if i > 25 then break end
      stalled[i] = { d.deal, d.owner, { code = d.stage, label = crm.label("stage", d.stage) }, d.days, d.max_days }
    end
    report:table {
      title = string.format(crm.t { en = "Stalled deals (%d)", zh = "停滞商机（%d）" }, #f.stalled),
      columns = { { name = { en = "deal", zh = "商机" } }, { name = { en = "owner", zh = "负责人" } },
                  { name = { en = "stage", zh = "阶段" } },
                  { name = { en = "days in stage", zh = "停留天数" }, kind = "number" },
                  { name = { en = "max", zh = "上限" }, kind = "integer" } },
      rows = stalled,
    }
  end,
}
