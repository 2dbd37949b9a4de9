-- Stalled deals: open deals that have stayed in their stage longer than its maximum dwell, the
-- longest first, with their owners and amounts. crescent report stalled-deals [--param team=T1]
return crm.report.plugin {
  name = "stalled-deals",
  title = { en = "Stalled deals", zh = "停滞商机" },
  description = { en = "Open deals in a stage longer than its maximum dwell, longest first",
                  zh = "在某阶段停留超过上限的在谈商机，停留最久的在前" },
  params = {
    { name = "team", type = "team", help = { en = "only this team's deals", zh = "只看该团队的商机" } },
  },
  build = function(report, p)
    local f = crm.funnel { period = crm.as_of:sub(1, 4), scope = p.team and ("team:" .. p.team) or nil }
    local reps = {}
    for _, rep in ipairs(crm.find("reps")) do reps[rep.id] = rep.name end
    local rows, by_stage, value = {}, {}, 0
    for i, d in ipairs(f.stalled) do
      local deal = crm.get("deals", d.deal)
      local amount = deal and deal.amount or 0
      value = value + amount
      rows[i] = { d.deal, deal and deal.name or "", deal and deal.customer_id or "", d.owner, reps[d.owner] or "", { code = d.stage, label = crm.label("stage", d.stage) }, d.days, d.max_days, amount,
                  deal and deal.expected_close_on or "" }
      by_stage[d.stage] = (by_stage[d.stage] or 0) + 1
    end
    report:tiles {
      { label = { en = "Stalled deals", zh = "停滞商机" }, value = #f.stalled, kind = "integer" },
      { label = { en = "Their value", zh = "停滞金额" }, value = value, kind = "money" },
      { label = { en = "Open deals", zh = "在谈商机" }, value = f.open_deals, kind = "integer" },
    }
    local stages, codes, counts = {}, {}, {}
    for _, s in ipairs(f.stages) do
      if by_stage[s.stage] then
        stages[#stages + 1], codes[#stages + 1], counts[#stages + 1] = crm.label("stage", s.stage), s.stage, by_stage[s.stage]
      end
    end
    report:chart { kind = "bar", title = { en = "Stalled deals per stage", zh = "各阶段停滞商机数" },
                   categories = stages, category_keys = codes, values = counts, value_kind = "integer",
                   x_label = { en = "stage", zh = "阶段" }, y_label = { en = "deals", zh = "商机数" } }
    report:table {
      columns = { { name = { en = "deal", zh = "商机" } }, { name = { en = "name", zh = "名称" } },
                  { name = { en = "customer", zh = "客户" } }, { name = { en = "owner", zh = "负责人" } },
                  { name = { en = "owner name", zh = "负责人姓名" } }, { name = { en = "stage", zh = "阶段" } },
                  { name = { en = "days in stage", zh = "停留天数" }, kind = "number" },
                  { name = { en = "max days", zh = "停留上限" }, kind = "integer" },
                  { name = { en = "amount", zh = "金额" }, kind = "money" },
                  { name = { en = "expected close", zh = "预计成交日" } } },
      rows = rows,
    }
  end,
}
