-- A rep is behind pace for the current month or quarter: revenue against target below the share
-- of the period already gone, by more than the tolerance.
local tolerance = 0.85   -- pace below 85% raises the alert

crm.alert {
  name = "behind-pace",
  severity = "warning",
  description = "Rep behind pace for the current month or quarter",
  check = function(emit)
    for _, which in ipairs({ "this-month", "this-quarter" }) do
      local period = crm.period(which).name
      for _, row in ipairs(crm.kpi("pace", { period = period, by = "rep" }).rows) do
        if row.key and row.value and row.value < tolerance then
          emit {
            key = row.key .. "@" .. period,
            subject = string.format("%s is behind pace for %s (%.0f%%)", row.label, period, row.value * 100),
            message = "At this pace the target will not be reached by the end of the period.",
            owner = row.key,
            data = { period = period, pace = row.value },
          }
        end
      end
    end
  end,
}
