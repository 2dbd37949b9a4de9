-- A deal has stayed in its stage longer than the stage's maximum dwell (scripts/funnel/stages.lua).
crm.alert {
  name = "stalled-deal",
  severity = "warning",
  description = "Open deal in a stage longer than its maximum dwell",
  check = function(emit)
    local funnel = crm.funnel { period = crm.period("this-year").name }
    for _, d in ipairs(funnel.stalled) do
      emit {
        key = d.deal,
        subject = string.format("Deal %s stalled in %s for %.0f days", d.deal, d.stage, d.days),
        message = string.format("Longer than the %.0f days a deal should stay in %s.", d.max_days, d.stage),
        owner = d.owner ~= "" and d.owner or nil,
        data = { stage = d.stage, days = d.days, max_days = d.max_days },
      }
    end
  end,
}
