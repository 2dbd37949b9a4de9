-- Stalled deals: open deals that have stayed in their stage longer than its maximum dwell, the
-- longest first, with their owners and amounts. crescent report stalled-deals [--param team=T1]
return crm.report.plugin {
  name = "stalled-deals",
  title = "Stalled deals",
  description = "Open deals in a stage longer than its maximum dwell, longest first",
  params = {
    { name = "team", type = "team", help = "only this team's deals" },
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
      rows[i] = { d.deal, deal and deal.name or "", deal and deal.customer_id or "", d.owner, reps[d.owner] or "", d.stage, d.days, d.max_days, amount,
                  deal and deal.expected_close_on or "" }
      by_stage[d.stage] = (by_stage[d.stage] or 0) + 1
    end
    report:tiles {
      { label = "Stalled deals", value = #f.stalled, kind = "integer" },
      { label = "Their value", value = value, kind = "money" },
      { label = "Open deals", value = f.open_deals, kind = "integer" },
    }
    local stages, counts = {}, {}
    for _, s in ipairs(f.stages) do
      if by_stage[s.stage] then stages[#stages + 1], counts[#stages + 1] = s.stage, by_stage[s.stage] end
    end
    report:chart { kind = "bar", title = "Stalled deals per stage", categories = stages, values = counts, value_kind = "integer",
                   x_label = "stage", y_label = "deals" }
    report:table {
      columns = { "deal", "name", "customer", "owner", "owner name", "stage", { name = "days in stage", kind = "number" }, { name = "max days", kind = "integer" },
                  { name = "amount", kind = "money" }, "expected close" },
      rows = rows,
    }
  end,
}
