-- Follow-ups: the tasks a segmentation's tiers keep open (crescent segment run), per rep and per
-- tier: open, overdue, done in the period and how many of those on time.
-- crescent report follow-ups [--param segment=value-tier] [--param period=this-month] [--param team=T1]
return crm.report.plugin {
  name = "follow-ups",
  title = { en = "Follow-ups", zh = "客户跟进" },
  description = { en = "Open, overdue and done follow-up tasks of a segmentation, per rep and per tier",
                  zh = "分层跟进任务的待办、逾期与完成情况，按销售和层级" },
  params = {
    { name = "segment", type = "segment", default = "value-tier", help = { en = "the segmentation whose tiers make the tasks", zh = "生成跟进任务的分层" } },
    { name = "period", type = "period", default = "this-month", help = { en = "tasks done in this period are counted", zh = "统计该期间内完成的任务" } },
    { name = "team", type = "team", help = { en = "only this team's reps", zh = "只看该团队的销售" } },
  },
  build = function(report, p)
    local period = crm.period(p.period)
    local prefix = "segment " .. p.segment .. "/"
    local reps, names = {}, {}
    for _, rep in ipairs(crm.find("reps")) do
      if p.team == nil or rep.team_id == p.team then reps[rep.id], names[rep.id] = rep, rep.name end
    end
    local function counts() return { open = 0, overdue = 0, done = 0, on_time = 0 } end
    local by_rep, by_tier, tiers, total = {}, {}, {}, counts()
    for _, task in ipairs(crm.tasks { status = "all", source = prefix }) do
      local owner = task.owner_id
      if owner and reps[owner] then
        local tier = task.source:sub(#prefix + 1)
        if not by_tier[tier] then by_tier[tier], tiers[#tiers + 1] = counts(), tier end
        by_rep[owner] = by_rep[owner] or counts()
        for _, c in ipairs { by_rep[owner], by_tier[tier], total } do
          if task.status == "open" then
            c.open = c.open + 1
            if task.due_on < crm.as_of then c.overdue = c.overdue + 1 end
          elseif task.status == "done" and task.done_on and task.done_on >= period.first and task.done_on <= period.last then
            c.done = c.done + 1
            if task.done_on <= task.due_on then c.on_time = c.on_time + 1 end
          end
        end
      end
    end
    local function row(c) return { c.open, c.overdue, c.done, c.done > 0 and c.on_time / c.done or nil } end
    local columns = { { name = { en = "open", zh = "待办" }, kind = "integer" }, { name = { en = "overdue", zh = "逾期" }, kind = "integer" },
                      { name = { en = "done", zh = "完成" }, kind = "integer" }, { name = { en = "on time", zh = "按时完成率" }, kind = "percent" } }
    report:text(string.format(crm.t { en = "Tasks of %s as of %s; done counts %s (%s to %s).",
                                     zh = "%s 的跟进任务，截至 %s；完成数统计 %s（%s 至 %s）。" },
                              p.segment, crm.as_of, period.name, period.first, period.last))
    report:tiles {
      { label = { en = "Open", zh = "待办" }, value = total.open, kind = "integer" },
      { label = { en = "Overdue", zh = "逾期" }, value = total.overdue, kind = "integer" },
      { label = { en = "Done", zh = "完成" }, value = total.done, kind = "integer" },
    }
    local ids = {}
    for id in pairs(by_rep) do ids[#ids + 1] = id end
    table.sort(ids, function(a, b)
      local x, y = by_rep[a], by_rep[b]
      if x.overdue ~= y.overdue then return x.overdue > y.overdue end
      return a < b
    end)
    local rep_rows = {}
    for i, id in ipairs(ids) do
      rep_rows[i] = { { code = id, label = names[id] or id }, table.unpack(row(by_rep[id]), 1, 4) }
    end
    report:table { title = { en = "Per rep, most overdue first", zh = "按销售（逾期多者在前）" },
                   columns = { { en = "rep", zh = "销售" }, table.unpack(columns) }, rows = rep_rows }
    table.sort(tiers)
    local tier_rows = {}
    for i, tier in ipairs(tiers) do tier_rows[i] = { tier, table.unpack(row(by_tier[tier]), 1, 4) } end
    report:table { title = { en = "Per tier", zh = "按层级" }, columns = { { en = "tier", zh = "层级" }, table.unpack(columns) },
                   rows = tier_rows }
  end,
}
