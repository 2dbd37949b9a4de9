-- The forecast call sheet: per rep, quota, closed, commit, best case, the forecast and the gap,
-- with a chart. crescent report forecast [--param period=2026-Q4] [--param team=T1]
return crm.report.plugin {
  name = "forecast",
  title = { en = "Forecast call sheet", zh = "销售预测会议表" },
  description = { en = "Where the quarter will land per rep: quota, closed, commit, best case, forecast and gap",
                  zh = "每位销售本期落点：目标、已成交、承诺、最佳情况、预测与缺口" },
  params = {
    { name = "period", type = "period", default = "this-quarter", help = { en = "the forecast period", zh = "预测期间" } },
    { name = "team", type = "team", help = { en = "only this team's reps", zh = "只看该团队的销售" } },
  },
  build = function(report, p)
    local forecast = crm.forecast { period = p.period, by = "rep" }
    local team_of = {}
    for _, rep in ipairs(crm.find("reps", {})) do team_of[rep.id] = rep.team_id end
    local rows, names, quota, closed, predicted = {}, {}, {}, {}, {}
    local total = { quota = 0, closed = 0, commit = 0, best_case = 0, forecast = 0 }
    for _, row in ipairs(forecast.rows) do
      local rep = row.scope:match("^rep:(.+)$")
      -- Reps with something to forecast: a quota, or deals in the period.
      local active = (row.quota or 0) > 0 or row.closed + row.commit + row.best_case + row.pipeline > 0
      if rep and active and (p.team == nil or team_of[rep] == p.team) then
        local adjusted = row.adjusted and row.adjusted.value or nil
        rows[#rows + 1] = { rep, row.name or "", row.quota, row.closed, row.commit, row.best_case, row.computed, adjusted,
                            row.forecast, row.gap }
        for key in pairs(total) do total[key] = total[key] + (row[key] or 0) end
      end
    end
    table.sort(rows, function(a, b) return (a[10] or 0) > (b[10] or 0) end)  -- the largest gap first
    for i, row in ipairs(rows) do
      if i <= 15 then names[i], quota[i], closed[i], predicted[i] = row[2] ~= "" and row[2] or row[1], row[3] or 0, row[4], row[9] end
    end
    local period = crm.period(p.period)
    report:tiles {
      { label = { en = "quota", zh = "目标" }, value = total.quota, kind = "money" },
      { label = { en = "closed", zh = "已成交" }, value = total.closed, kind = "money" },
      { label = { en = "commit", zh = "承诺" }, value = total.commit, kind = "money" },
      { label = { en = "best case", zh = "最佳情况" }, value = total.best_case, kind = "money" },
      { label = { en = "forecast", zh = "预测" }, value = total.forecast, kind = "money", target = total.quota },
    }
    report:text(string.format(crm.t { en = "%s runs %s to %s. Forecast = closed + commit, or the manager's figure (crescent forecast adjust).",
                                     zh = "%s：%s 至 %s。预测 = 已成交 + 承诺，或经理调整值（crescent forecast adjust）。" },
                              period.name, period.first, period.last))
    report:table {
      columns = { { en = "rep", zh = "销售" }, { en = "name", zh = "姓名" },
                  { name = { en = "quota", zh = "目标" }, kind = "money" }, { name = { en = "closed", zh = "已成交" }, kind = "money" },
                  { name = { en = "commit", zh = "承诺" }, kind = "money" }, { name = { en = "best case", zh = "最佳情况" }, kind = "money" },
                  { name = { en = "computed", zh = "系统预测" }, kind = "money" }, { name = { en = "adjusted", zh = "调整值" }, kind = "money" },
                  { name = { en = "forecast", zh = "预测" }, kind = "money" }, { name = { en = "gap", zh = "缺口" }, kind = "money" } },
      rows = rows,
    }
    report:chart { kind = "bar", title = { en = "Quota, closed and forecast", zh = "目标、已成交与预测" }, categories = names,
                   series = { { name = { en = "quota", zh = "目标" }, values = quota }, { name = { en = "closed", zh = "已成交" }, values = closed },
                              { name = { en = "forecast", zh = "预测" }, values = predicted } },
                   value_kind = "money", x_label = { en = "rep", zh = "销售" } }
  end,
}
