-- The customer value model's check, as in the papers' figure: cumulative repeat purchases week by
-- week, actual against what the latest fit predicts, through its calibration weeks and the holdout
-- after them. crescent clv fit --calibration-end DAY, then crescent report clv-tracking
return crm.report.plugin {
  name = "clv-tracking",
  title = { en = "Purchases: predicted against actual", zh = "购买预测与实际对比" },
  description = { en = "Cumulative repeat purchases by week, actual and as the customer value model predicts, in its holdout",
                  zh = "按周累计复购次数：实际与客户价值模型的预测，含验证期" },
  params = {
    { name = "weeks", type = "integer", default = 13, help = { en = "holdout weeks listed (the latest)", zh = "列出的验证期周数（最近的）" } },
  },
  build = function(report, p)
    local t = crm.clv.tracking()
    local weeks, holdout, before = t.weeks, {}, nil
    for _, week in ipairs(weeks) do
      if week.holdout then holdout[#holdout + 1] = week else before = week end
    end
    if #holdout > 0 and before then
      local last = holdout[#holdout]
      local actual, predicted = last.actual - before.actual, last.predicted - before.predicted
      report:tiles {
        { label = { en = "repeat purchases in the holdout", zh = "验证期实际复购次数" }, value = actual, kind = "integer" },
        { label = { en = "predicted", zh = "预测" }, value = predicted, kind = "number" },
        { label = { en = "prediction error", zh = "预测误差" }, value = actual > 0 and (predicted - actual) / actual or nil,
          kind = "percent" },
      }
    else
      report:text(string.format(crm.t {
        en = "No holdout: the model was fitted to every order up to %s. Run crescent clv fit --calibration-end DAY with a day before the as-of day to see how it predicts the weeks after.",
        zh = "没有验证期：模型用截至 %s 的全部订单拟合。请用早于统计日的校准截止日运行 crescent clv fit --calibration-end 日期，以查看其对之后各周的预测。" },
        t.calibration_end))
    end
    -- At most 27 points on the chart: every k-th week, and the last.
    local step, names, actual, predicted = math.max(1, (#weeks + 25) // 26), {}, {}, {}
    for i, week in ipairs(weeks) do
      if i % step == 0 or i == #weeks then
        names[#names + 1], actual[#actual + 1], predicted[#predicted + 1] = week["end"], week.actual, week.predicted
      end
    end
    report:chart { kind = "line", title = { en = "Cumulative repeat purchases", zh = "累计复购次数" }, categories = names,
                   series = { { name = { en = "actual", zh = "实际" }, values = actual },
                              { name = { en = "predicted", zh = "预测" }, values = predicted } },
                   value_kind = "integer", x_label = { en = "week ending", zh = "周末日期" } }
    local listed = #holdout > 0 and holdout or weeks
    local rows = {}
    for i = math.max(1, #listed - math.floor(p.weeks) + 1), #listed do
      local week = listed[i]
      rows[#rows + 1] = { week["end"], week.actual, week.predicted, week.predicted - week.actual }
    end
    report:table {
      title = { en = "By week", zh = "按周" },
      columns = { { en = "week ending", zh = "周末日期" }, { name = { en = "actual", zh = "实际" }, kind = "integer" },
                  { name = { en = "predicted", zh = "预测" }, kind = "number" },
                  { name = { en = "predicted − actual", zh = "预测 − 实际" }, kind = "number" } },
      rows = rows,
    }
    report:text(string.format(crm.t {
      en = "Calibration ends %s (time unit: %s). A customer's first purchase starts their clock; the orders of one day are one purchase.",
      zh = "校准截止 %s（时间单位：%s）。客户首次购买当天起算；同一天的订单算一次购买。" }, t.calibration_end, t.time_unit))
  end,
}
