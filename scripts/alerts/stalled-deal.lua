-- A deal worth acting on has stayed in its stage well past the stage's maximum dwell
-- (scripts/funnel/stages.lua): the funnel report lists every stalled deal, this warns of the big ones.
local min_amount, overdue = 20000, 1.25   -- at least this amount, and 25% past the maximum dwell
crm.alert {
  name = "stalled-deal",
  severity = "warning",
  description = { en = "Open deal in a stage longer than its maximum dwell", zh = "商机在某阶段停留超过最长停留天数" },
  check = function(emit)
    local funnel = crm.funnel { period = crm.period("this-year").name }
    for _, d in ipairs(funnel.stalled) do
      local deal = crm.get("deals", d.deal)
      if deal and (deal.amount or 0) >= min_amount and d.days > overdue * d.max_days then
        emit {
          key = d.deal,
          subject = string.format(crm.t { en = "Deal %s stalled in %s for %.0f days", zh = "商机 %s 停留在%s阶段已 %.0f 天" },
                                  d.deal, crm.label("stage", d.stage), d.days),
          message = string.format(crm.t { en = "Longer than the %.0f days a deal should stay in %s.",
                                           zh = "超过了应停留的 %.0f 天（%s阶段）。" }, d.max_days,
                                   crm.label("stage", d.stage)),
          owner = d.owner ~= "" and d.owner or nil,
          data = { stage = d.stage, days = d.days, max_days = d.max_days, size = deal.amount },
        }
      end
    end
  end,
}
