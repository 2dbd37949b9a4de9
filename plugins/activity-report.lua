-- Activity report: calls, visits, proposals and the rest per rep, and per day (or week) over the
-- period. crescent report activity-report [--param period=2026-W47] [--param team=T1]
local kinds = { "call", "visit", "email", "meeting", "demo", "proposal" }
local kind_names = {
  call = { en = "calls", zh = "电话" }, visit = { en = "visits", zh = "拜访" }, email = { en = "emails", zh = "邮件" },
  meeting = { en = "meetings", zh = "会议" }, demo = { en = "demos", zh = "演示" }, proposal = { en = "proposals", zh = "方案" },
}

return crm.report.plugin {
  name = "activity-report",
  title = { en = "Activity report", zh = "销售活动报告" },
  description = { en = "Calls, visits, proposals and other activities per rep, and per day or week",
                  zh = "每位销售的电话、拜访、方案等活动，按天或按周" },
  params = {
    { name = "period", type = "period", default = "last-week", help = { en = "a week shows days, anything longer shows weeks", zh = "一周按天显示，更长的期间按周显示" } },
    { name = "team", type = "team", help = { en = "only this team's reps", zh = "只看该团队的销售" } },
  },
  build = function(report, p)
    local reps = {}
    for _, rep in ipairs(crm.find("reps")) do
      if p.team == nil or rep.team_id == p.team then reps[#reps + 1] = rep end
    end
    table.sort(reps, function(a, b) return a.id < b.id end)
    local counts, totals = {}, {}
    for _, kind in ipairs(kinds) do
      counts[kind], totals[kind] = {}, 0
      for _, row in ipairs(crm.kpi("activities", { period = p.period, by = "rep", kind = kind }).rows) do
        if row.key then counts[kind][row.key] = row.value end
      end
    end
    local rows, names, series = {}, {}, {}
    for i, kind in ipairs(kinds) do series[i] = { name = kind_names[kind], values = {} } end
    for r, rep in ipairs(reps) do
      local row, sum = { rep.id, rep.name }, 0
      for i, kind in ipairs(kinds) do
        local n = counts[kind][rep.id] or 0
        row[#row + 1], sum, totals[kind] = n, sum + n, totals[kind] + n
        series[i].values[r] = n
      end
      row[#row + 1] = sum
      rows[r], names[r] = row, rep.name .. " (" .. rep.id .. ")"
    end
    local tiles = {}
    for _, kind in ipairs({ "call", "visit", "proposal" }) do tiles[#tiles + 1] = { label = kind_names[kind], value = totals[kind], kind = "integer" } end
    report:tiles(tiles)
    local columns = { { en = "rep", zh = "销售" }, { en = "name", zh = "姓名" } }
    for _, kind in ipairs(kinds) do columns[#columns + 1] = { name = { en = kind, zh = kind_names[kind].zh }, kind = "integer" } end
    columns[#columns + 1] = { name = { en = "total", zh = "合计" }, kind = "integer" }
    report:table { title = { en = "Per rep", zh = "按销售" }, columns = columns, rows = rows }
    report:chart { kind = "stacked_bar", title = { en = "Activities per rep", zh = "每位销售的活动数" }, categories = names, series = series,
                   value_kind = "integer", x_label = { en = "rep", zh = "销售" }, y_label = { en = "activities", zh = "活动数" } }

    -- Over time: days of a week, weeks of anything longer.
    local period = crm.period(p.period)
    local steps, labels, calls, visits, proposals = {}, {}, {}, {}, {}
    if period.days <= 7 then
      for d = 0, period.days - 1 do
        local y, m, day = period.first:match("(%d+)-(%d+)-(%d+)")
        local t = os.time { year = tonumber(y), month = tonumber(m), day = tonumber(day) + d, hour = 12 }
        steps[#steps + 1] = os.date("%Y-%m-%d", t)
      end
    else
      local week = crm.period(period.first)
      for _ = 1, 60 do
        local w = crm.period(week.name)
        steps[#steps + 1] = w.name
        if w.last >= period.last then break end
        local y, m, day = w.last:match("(%d+)-(%d+)-(%d+)")
        week = crm.period(os.date("%G-W%V", os.time { year = tonumber(y), month = tonumber(m), day = tonumber(day) + 1, hour = 12 }))
      end
    end
    for i, step in ipairs(steps) do
      local range = step:find("W") and step or (step .. ".." .. step)
      labels[i] = step:find("W") and step or step:sub(6)
      local function count(kind)
        local total = 0
        for _, row in ipairs(crm.kpi("activities", { period = range, by = "rep", kind = kind }).rows) do
          if row.key and (p.team == nil or (crm.get("reps", row.key) or {}).team_id == p.team) then total = total + (row.value or 0) end
        end
        return total
      end
      calls[i], visits[i], proposals[i] = count("call"), count("visit"), count("proposal")
    end
    local daily = period.days <= 7
    report:chart { kind = "line", title = daily and { en = "Per day", zh = "按天" } or { en = "Per week", zh = "按周" },
                   categories = labels, value_kind = "integer",
                   series = { { name = kind_names.call, values = calls }, { name = kind_names.visit, values = visits },
                              { name = kind_names.proposal, values = proposals } },
                   x_label = daily and { en = "day", zh = "日期" } or { en = "week", zh = "周" }, y_label = { en = "activities", zh = "活动数" } }
  end,
}
