-- A survey in the last 30 days scored at or below the threshold.
local threshold, window = 2, 30

crm.alert {
  name = "low-satisfaction",
  severity = "warning",
  description = { en = "Survey score at or below the threshold in the last 30 days", zh = "近30天满意度评分不高于阈值" },
  check = function(emit)
    local from = crm.period(crm.as_of .. ".." .. crm.as_of)   -- as-of day, to count back from
    local y, m, d = crm.as_of:match("(%d+)-(%d+)-(%d+)")
    local since = os.date("%Y-%m-%d", os.time { year = tonumber(y), month = tonumber(m), day = tonumber(d) - window, hour = 12 })
    for _, s in ipairs(crm.find("surveys")) do
      if s.score <= threshold and s.responded_on >= since and s.responded_on <= from.last then
        local c = crm.get("customers", s.customer_id)
        emit {
          key = s.customer_id .. "@" .. s.responded_on,
          subject = string.format(crm.t { en = "%s rated us %d/5 on %s", zh = "%s 给出 %d/5 分（%s）" },
                                  c and c.name or s.customer_id, s.score, s.responded_on),
          message = s.comment or "",
          owner = s.rep_id or (c and c.owner_id),
          data = { score = s.score, comment = s.comment, size = c and c.revenue_12m },
        }
      end
    end
  end,
}
