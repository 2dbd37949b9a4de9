-- A rep is behind pace for the current month or quarter: revenue against target below the share
-- of the period already gone, by more than the tolerance.
local tolerance = 0.75   -- pace below 75% raises the alert

crm.alert {
  name = "behind-pace",
  severity = "warning",
  description = { en = "Rep behind pace for the current month or quarter (a tenth of it gone at least)",
                  zh = "销售本月或本季度进度落后（期间已过至少十分之一）" },
  check = function(emit)
    for _, which in ipairs({ "this-month", "this-quarter" }) do
      local period = crm.period(which).name
      local revenue = crm.kpi("revenue", { period = period, by = "rep", compare = "target" })
      -- In the first days of a period pace says little.
      if revenue.span.elapsed_share >= 0.1 then
        local shortfall = {}   -- what the rep would have sold by now on pace, and did not
        for _, row in ipairs(revenue.rows) do
          if row.key and row.target then shortfall[row.key] = row.target * revenue.span.elapsed_share - row.value end
        end
        for _, row in ipairs(crm.kpi("pace", { period = period, by = "rep" }).rows) do
          if row.key and row.value and row.value < tolerance then
            emit {
              key = row.key .. "@" .. period,
              subject = string.format(crm.t { en = "%s (%s) is behind pace for %s (%.0f%%)", zh = "%s（%s）%s进度落后（%.0f%%）" },
                                      row.label, row.key, crm.label("period", period), row.value * 100),
              message = crm.t { en = "At this pace the target will not be reached by the end of the period.",
                               zh = "按当前进度，期末将无法完成目标。" },
              owner = row.key,
              data = { period = period, pace = row.value, size = shortfall[row.key] },
            }
          end
        end
      end
    end
  end,
}
