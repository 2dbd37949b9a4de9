-- How well last quarter was forecast: the forecasts saved each week (crescent forecast --save, or a
-- schedule) against the deals won, per rep, with the company's forecast week by week.
-- crescent report forecast-accuracy [--param period=2026-Q3] [--param team=T1]
return crm.report.plugin {
  name = "forecast-accuracy",
  title = { en = "Forecast accuracy", zh = "预测准确度" },
  description = { en = "Weekly saved forecasts against what closed: bias and MAPE per rep",
                  zh = "每周保存的预测与实际成交对比：每位销售的偏差与平均绝对百分比误差" },
  params = {
    { name = "period", type = "period", default = "last-quarter", help = { en = "the forecast period", zh = "预测期间" } },
    { name = "team", type = "team", help = { en = "only this team's reps", zh = "只看该团队的销售" } },
  },
  build = function(report, p)
    local accuracy = crm.forecast_accuracy { period = p.period, by = "rep" }
    local team_of = {}
    for _, rep in ipairs(crm.find("reps", {})) do team_of[rep.id] = rep.team_id end
    local company, rows = nil, {}
    for _, row in ipairs(accuracy.rows) do
      local rep = row.scope:match("^rep:(.+)$")
      if row.scope == "company" then
        company = row
      elseif rep and row.snapshots > 0 and (p.team == nil or team_of[rep] == p.team) then
        rows[#rows + 1] = { rep, row.name or "", row.actual, row.mean_forecast, row.bias, row.relative_bias, row.mape }
      end
    end
    report:tiles {
      { key = "actual", label = { en = "won in the period", zh = "本期赢单" }, value = company.actual, kind = "money" },
      { key = "mean_forecast", label = { en = "mean forecast", zh = "平均预测" }, value = company.mean_forecast, kind = "money" },
      { key = "relative_bias", label = { en = "bias", zh = "偏差率" }, value = company.relative_bias, kind = "percent" },
      { key = "mape", label = { en = "MAPE", zh = "平均绝对百分比误差" }, value = company.mape, kind = "percent" },
    }
    if #accuracy.points == 0 then
      report:text(string.format(crm.t {
        en = "No forecast was saved for %s: save one each week (crescent forecast --save, or a schedule's forecast entry).",
        zh = "%s 没有保存过预测：每周保存一次（crescent forecast --save，或定时任务的 forecast 项）。" }, accuracy.period))
      return
    end
    table.sort(rows, function(a, b) return (a[7] or -1) > (b[7] or -1) end)  -- the least accurate first
    report:table {
      columns = { { en = "rep", zh = "销售" }, { en = "name", zh = "姓名" },
                  { name = { en = "won", zh = "实际成交" }, kind = "money" },
                  { name = { en = "mean forecast", zh = "平均预测" }, kind = "money" },
                  { name = { en = "bias", zh = "偏差" }, kind = "money" },
                  { name = { en = "bias %", zh = "偏差率" }, kind = "percent" },
                  { name = { en = "MAPE", zh = "平均绝对百分比误差" }, kind = "percent" } },
      rows = rows,
    }
    local forecasts, actual = {}, {}
    for i in ipairs(accuracy.points) do forecasts[i], actual[i] = company.forecasts[i] or 0, company.actual end
    report:chart { kind = "line", title = { en = "The company's forecast at each snapshot", zh = "各快照时的公司预测" },
                   categories = accuracy.points,
                   series = { { name = { en = "forecast", zh = "预测" }, values = forecasts },
                              { name = { en = "won", zh = "实际成交" }, values = actual } },
                   value_kind = "money", x_label = { en = "snapshot", zh = "快照日期" } }
    report:text(crm.t {
      en = "Bias = mean forecast − won (positive: forecast too high); MAPE = mean of |forecast − won| ÷ won. Won: deals won in the period"
           .. (accuracy.complete and "." or ", so far: the period is not over."),
      zh = "偏差 = 平均预测 − 实际成交（正数：预测偏高）；平均绝对百分比误差 = |预测 − 实际| ÷ 实际 的平均值。实际：本期赢单"
           .. (accuracy.complete and "。" or "，截至目前：本期尚未结束。") })
  end,
}
