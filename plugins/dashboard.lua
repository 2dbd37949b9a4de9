-- The dashboard: revenue against target and pace, the forecast against quota, the attainment
-- leaderboard, the funnel's bottleneck, open alerts and overdue follow-ups. The workbench's front page (crescent serve);
-- crescent report dashboard [--param period=2026-Q4] [--param team=T1]
local function first(list, n) return table.move(list, 1, math.min(n, #list), 1, {}) end

return crm.report.plugin {
  name = "dashboard",
  title = { en = "Sales dashboard", zh = "销售仪表盘" },
  description = { en = "Revenue against target and pace, forecast, attainment leaderboard, funnel bottleneck, open alerts, overdue follow-ups",
                  zh = "销售额对比目标与进度、销售预测、完成率排行、漏斗瓶颈、未处理预警、逾期跟进" },
  params = {
    { name = "period", type = "period", default = "this-quarter", help = { en = "the period", zh = "统计期间" } },
    { name = "team", type = "team", help = { en = "only this team", zh = "只看该团队" } },
  },
  build = function(report, p)
    local by = p.team and "team" or "company"
    local function whole(kpi, compare)
      for _, row in ipairs(crm.kpi(kpi, { period = p.period, by = by, compare = compare }).rows) do
        if p.team == nil or row.key == p.team then return row end
      end
      return {}
    end
    local revenue, pace = whole("revenue", { "target", "yoy" }), whole("pace")
    local funnel = crm.funnel { period = p.period, scope = p.team and ("team:" .. p.team) or nil }
    local forecast = {}
    for _, row in ipairs(crm.forecast { period = p.period, by = by }.rows) do
      if row.scope == (p.team and ("team:" .. p.team) or "company") then forecast = row end
    end
    local alerts = crm.alerts { status = "open" }
    local overdue = crm.tasks { due = "overdue" }
    local team_of = {}
    for _, rep in ipairs(crm.find("reps")) do team_of[rep.id] = rep.team_id end
    if p.team then
      local mine = {}
      for _, task in ipairs(overdue) do if team_of[task.owner_id] == p.team then mine[#mine + 1] = task end end
      overdue = mine
    end

    report:tiles {
      { key = "revenue", label = { en = "Revenue", zh = "销售额" }, value = revenue.value or 0, kind = "money", target = revenue.target,
        change = revenue.change_yoy, note = crm.t { en = "against target; change on a year before", zh = "对比目标；同比变化" } },
      { key = "pace", label = { en = "Pace", zh = "进度" }, value = pace.value, kind = "percent",
        note = crm.t { en = "attainment against the share of the period gone", zh = "完成率 ÷ 时间进度" } },
      { key = "pipeline", label = { en = "Open pipeline", zh = "在谈商机金额" }, value = funnel.pipeline_value, kind = "money",
        note = string.format(crm.t { en = "%d deals", zh = "%d 个商机" }, funnel.open_deals) },
      { key = "forecast", label = { en = "Forecast (deals)", zh = "销售预测（商机）" }, value = forecast.forecast, kind = "money", target = forecast.quota,
        note = crm.t { en = "won + commit deals, or the manager's figure (crescent forecast)", zh = "赢单 + 承诺商机，或经理调整值（crescent forecast）" } },
      { key = "open_alerts", label = { en = "Open alerts", zh = "未处理预警" }, value = #alerts, kind = "integer" },
      { key = "overdue_follow_ups", label = { en = "Overdue follow-ups", zh = "逾期跟进" }, value = #overdue, kind = "integer" },
    }

    report:heading({ en = "Attainment leaderboard", zh = "目标完成率排行" }, 2)
    local sums, paces, rows = {}, {}, {}
    for _, row in ipairs(crm.kpi("revenue", { period = p.period, by = "rep", compare = { "target" } }).rows) do sums[row.key or ""] = row end
    for _, row in ipairs(crm.kpi("pace", { period = p.period, by = "rep" }).rows) do paces[row.key] = row.value end
    for _, row in ipairs(crm.kpi("quota_attainment", { period = p.period, by = "rep" }).rows) do
      if row.key and row.value and (p.team == nil or team_of[row.key] == p.team) then
        local r = sums[row.key] or {}
        rows[#rows + 1] = { 0, row.key, row.label, { value = r.value or 0, records = { kpi = "revenue", period = p.period, by = "rep", key = row.key } },
                            r.target, row.value, paces[row.key] }
      end
    end
    table.sort(rows, function(a, b) if a[6] ~= b[6] then return a[6] > b[6] end return a[2] < b[2] end)
    rows = first(rows, 10)
    for i, row in ipairs(rows) do row[1] = i end
    report:table {
      columns = { { name = "#", kind = "integer" }, { name = { en = "rep", zh = "销售" }, key = "rep" }, { name = { en = "name", zh = "姓名" }, key = "name" },
                  { name = { en = "revenue", zh = "销售额" }, key = "revenue", kind = "money" },
                  { name = { en = "target", zh = "目标" }, key = "target", kind = "money" },
                  { name = { en = "attainment", zh = "完成率" }, key = "attainment", kind = "percent" },
                  { name = { en = "pace", zh = "进度" }, key = "pace", kind = "percent" } },
      rows = rows,
    }

    report:heading({ en = "Funnel", zh = "销售漏斗" }, 2)
    report:text(crm.label("bottleneck", funnel.bottleneck))
    local stages, open = {}, {}
    for _, o in ipairs(funnel.open_by_stage) do open[o.stage] = o.deals end
    for i, s in ipairs(funnel.stages) do
      stages[i] = { { code = s.stage, label = crm.label("stage", s.stage) }, s.entered, s.conversion, s.median_dwell_days, s.stalled,
                    { value = open[s.stage] or 0, records = { stage = s.stage, scope = funnel.scope } } }
    end
    report:table {
      columns = { { name = { en = "stage", zh = "阶段" }, key = "stage" }, { name = { en = "entered", zh = "进入" }, key = "entered", kind = "integer" },
                  { name = { en = "conversion", zh = "转化率" }, key = "conversion", kind = "percent" },
                  { name = { en = "median dwell (days)", zh = "停留天数中位数" }, key = "median_dwell_days", kind = "number" },
                  { name = { en = "stalled", zh = "停滞" }, key = "stalled", kind = "integer" },
                  { name = { en = "open now", zh = "当前在谈" }, key = "open", kind = "integer" } },
      rows = stages,
    }

    report:heading({ en = "Open alerts", zh = "未处理预警" }, 2)
    local alert_rows = {}
    for i, a in ipairs(first(alerts, 10)) do
      alert_rows[i] = { { code = a.severity, label = crm.t { en = a.severity, zh = ({ critical = "严重", warning = "警告", info = "提示" })[a.severity] or a.severity } },
                        a.subject, a.owner, a.raised_on }
    end
    report:table {
      columns = { { name = { en = "severity", zh = "级别" }, key = "severity" }, { name = { en = "subject", zh = "事项" }, key = "subject" },
                  { name = { en = "owner", zh = "负责人" }, key = "owner" }, { name = { en = "raised", zh = "触发日期" }, key = "raised_on" } },
      rows = alert_rows,
    }

    report:heading({ en = "Overdue follow-ups", zh = "逾期跟进" }, 2)
    local task_rows = {}
    for i, t in ipairs(first(overdue, 10)) do task_rows[i] = { t.due_on, t.subject, t.customer_id, t.owner_id } end
    report:table {
      columns = { { name = { en = "due", zh = "到期日" }, key = "due_on" }, { name = { en = "subject", zh = "事项" }, key = "subject" },
                  { name = { en = "customer", zh = "客户" }, key = "customer" }, { name = { en = "owner", zh = "负责人" }, key = "owner" } },
      rows = task_rows,
    }
  end,
}
