-- Lead temperature from the computed field lead_score (scripts/fields/lead_score.lua).
-- Run: crescent segment run scripts/segments/lead-score.lua [--as-of YYYY-MM-DD]
return crm.segmentation {
  name = "lead-score",
  description = "Hot, warm and cold leads by rule-based lead score",
  tiers = {
    { name = "hot", when = function(c) return c.lead_score >= 60 end, strategy = "Call within 24 hours", follow_up_days = 1 },
    { name = "warm", when = function(c) return c.lead_score >= 30 end, strategy = "Nurture sequence and a demo offer", follow_up_days = 14 },
  },
  default = "cold",
}
