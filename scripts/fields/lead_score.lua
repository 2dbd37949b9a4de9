-- lead_score: a rule-based lead score from 0 to 100, readable as c.lead_score wherever
-- customer fields are (segment scripts, crm.get/find records, reports).
local rules = {
  { points = 25, test = function(c) return c.open_pipeline > 0 end },
  { points = 20, test = function(c) return c.activities_90d >= 2 end },
  { points = 15, test = function(c) return c.days_since_last_activity ~= nil and c.days_since_last_activity <= 30 end },
  { points = 15, test = function(c) return (c.employees or 0) >= 200 end },
  { points = 15, test = function(c) return c.revenue_12m > 0 end },
  { points = 10, test = function(c) return c.satisfaction ~= nil and c.satisfaction >= 4 end },
}

crm.field.define {
  entity = "customers",
  name = "lead_score",
  description = { en = "Rule-based lead score, 0 to 100", zh = "基于规则的线索评分（0至100）" },
  compute = function(c)
    local score = 0
    for _, rule in ipairs(rules) do
      if rule.test(c) then score = score + rule.points end
    end
    return score
  end,
}
