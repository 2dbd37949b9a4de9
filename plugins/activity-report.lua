-- Activity report: calls, visits, proposals and the rest per rep, and per day (or week) over the
-- period. crescent report activity-report [--param period=2026-W47] [--param team=T1]
local kinds = { "call", "visit", "email", "meeting", "demo", "proposal" }

return crm.report.plugin {
  name = "activity-report",
  title = "Activity report",
  description = "Calls, visits, proposals and other activities per rep, and per day or week",
  params = {
    { name = "period", type = "period", default = "last-week", help = "a week shows days, anything longer shows weeks" },
    { name = "team", type = "team", help = "only this team's reps" },
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
    for i, kind in ipairs(kinds) do series[i] = { name = kind, values = {} } end
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
    for _, kind in ipairs({ "call", "visit", "proposal" }) do tiles[#tiles + 1] = { label = kind .. "s", value = totals[kind], kind = "integer" } end
    report:tiles(tiles)
    local columns = { "rep", "name" }
    for _, kind in ipairs(kinds) do columns[#columns + 1] = { name = kind, kind = "integer" } end
    columns[#columns + 1] = { name = "total", kind = "integer" }
    report:table { title = "Per rep", columns = columns, rows = rows }
    report:chart { kind = "stacked_bar", title = "Activities per rep", categories = names, series = series, value_kind = "integer",
                   x_label = "rep", y_label = "activities" }

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
    report:chart { kind = "line", title = period.days <= 7 and "Per day" or "Per week", categories = labels, value_kind = "integer",
                   series = { { name = "calls", values = calls }, { name = "visits", values = visits }, { name = "proposals", values = proposals } },
                   x_label = period.days <= 7 and "day" or "week", y_label = "activities" }
  end,
}
