-- Lead temperature from the computed field lead_score (scripts/fields/lead_score.lua).
-- Run: crescent segment run scripts/segments/lead-score.lua [--as-of YYYY-MM-DD]
return crm.segmentation {
  name = "lead-score",
  description = { en = "Hot, warm and cold leads by rule-based lead score", zh = "按线索评分划分的热、温、冷线索" },
  tiers = {
    { name = "hot", label = { en = "hot", zh = "热线索" },
      when = function(c) return c.lead_score >= 60 end,
      strategy = { en = "Call within 24 hours", zh = "24小时内电话联系" }, follow_up_days = 1 },
    { name = "warm", label = { en = "warm", zh = "温线索" },
      when = function(c) return c.lead_score >= 30 end,
      strategy = { en = "Nurture sequence and a demo offer", zh = "持续培育并邀约演示" }, follow_up_days = 14 },
  },
  default = "cold", default_label = { en = "cold", zh = "冷线索" },
}
