-- Quota attainment leaderboard: every rep's attainment and pace against their revenue target,
-- ranked within their team. crescent report quota-leaderboard [--param period=2026-Q4]
return crm.report.plugin {
  name = "quota-leaderboard",
  title = { en = "Quota attainment leaderboard", zh = "目标完成率排行榜" },
  description = { en = "Revenue against target, attainment and pace per rep, ranked within each team",
                  zh = "每位销售的销售额对比目标、完成率与进度，按团队排名" },
  params = {
    { name = "period", type = "period", default = "this-quarter", help = { en = "the quota period", zh = "考核期间" } },
    { name = "team", type = "team", help = { en = "only this team", zh = "只看该团队" } },
  },
  build = function(report, p)
    local revenue, pace = {}, {}
    for _, row in ipairs(crm.kpi("revenue", { period = p.period, by = "rep", compare = { "target" } }).rows) do revenue[row.key or ""] = row end
    for _, row in ipairs(crm.kpi("pace", { period = p.period, by = "rep" }).rows) do pace[row.key] = row.value end
    local rows, names, attainment = {}, {}, {}
    for _, row in ipairs(crm.kpi("quota_attainment", { period = p.period, by = "rep", rank = true }).rows) do
      -- Only reps with a revenue target have an attainment (a manager without one is left out).
      if row.key and row.value and (p.team == nil or row.team == p.team) then
        local r = revenue[row.key] or {}
        local revenue_cell = { value = r.value, records = { kpi = "revenue", period = p.period, by = "rep", key = row.key } }
        rows[#rows + 1] = { 0, row.key, row.label, row.team, revenue_cell, r.target, row.value, pace[row.key], row.rank }
      end
    end
    table.sort(rows, function(a, b) if a[7] ~= b[7] then return a[7] > b[7] end return a[2] < b[2] end)
    for i, row in ipairs(rows) do
      row[1] = i
      if i <= 15 then names[i], attainment[i] = row[3] .. " (" .. row[2] .. ")", row[7] end
    end
    local period = crm.period(p.period)
    report:text(string.format(crm.t { en = "%s runs %s to %s; reps without a revenue target are not listed.",
                                     zh = "%s：%s 至 %s；未设销售额目标的销售不列出。" }, period.name, period.first, period.last))
    report:table {
      columns = { { name = "#", kind = "integer" }, { en = "rep", zh = "销售" }, { en = "name", zh = "姓名" }, { en = "team", zh = "团队" },
                  { name = { en = "revenue", zh = "销售额" }, kind = "money" }, { name = { en = "target", zh = "目标" }, kind = "money" },
                  { name = { en = "attainment", zh = "完成率" }, kind = "percent" }, { name = { en = "pace", zh = "进度" }, kind = "percent" },
                  { name = { en = "rank in team", zh = "团队排名" }, kind = "integer" } },
      rows = rows,
    }
    report:chart { kind = "bar", title = { en = "Attainment", zh = "目标完成率" }, categories = names, values = attainment,
                   value_kind = "percent", x_label = { en = "rep", zh = "销售" }, y_label = { en = "attainment", zh = "完成率" } }
  end,
}
