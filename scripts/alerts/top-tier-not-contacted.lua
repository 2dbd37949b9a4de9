-- A top-tier customer (value-tier A) has had no activity within the tier's follow-up days.
local definition = require("segments.value-tier")   -- the tiers, with their follow-up rhythm

crm.alert {
  name = "top-tier-not-contacted",
  severity = "critical",
  description = { en = "Tier A customer not contacted within the tier's follow-up days", zh = "A级客户超过跟进周期未联系" },
  check = function(emit)
    local ok, segment = pcall(crm.segment, definition.name)
    if not ok then return end   -- never segmented yet: nothing to check
    local days = definition.tiers[1].follow_up_days or 30
    for _, c in ipairs(segment:members(definition.tiers[1].name)) do
      local since = c.days_since_last_activity
      if since == nil or since > days then
        emit {
          key = c.id,
          subject = since and string.format(crm.t { en = "%s (tier %s) not contacted for %d days", zh = "%s（%s级）已 %d 天未联系" },
                                                c.name, definition.tiers[1].name, since)
            or string.format(crm.t { en = "%s (tier %s) never contacted", zh = "%s（%s级）从未联系" }, c.name, definition.tiers[1].name),
          message = string.format(crm.t { en = "Tier %s customers get a follow-up every %d days: %s.", zh = "%s级客户每 %d 天跟进一次：%s。" },
                                  definition.tiers[1].name, days, crm.t(definition.tiers[1].strategy or "")),
          owner = c.owner_id,
          data = { days_since_last_activity = since, follow_up_days = days, size = c.revenue_12m },
        }
      end
    end
  end,
}
