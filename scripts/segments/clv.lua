-- Customer value tiers by the purchase models: predicted value of the next 12 months (clv_12m,
-- discounted monthly) and the chance the customer still buys (p_alive). Fit the models first:
--   crescent clv fit [--calibration-end YYYY-MM-DD]
-- Run: crescent segment run scripts/segments/clv.lua [--as-of YYYY-MM-DD] [--dry-run]
-- The thresholds are in the base currency: set high_value to what a valuable customer is worth to you.
local high_value = 50000
local alive, at_risk = 0.6, 0.25

local function valuable(c) return (c.clv_12m or 0) >= high_value end

return crm.segmentation {
  name = "clv",
  description = { en = "Customer value tiers by predicted 12-month value and p(alive)", zh = "按预测12个月价值与存活概率划分的客户价值分层" },
  tiers = {
    { name = "high-active", label = { en = "high value, active", zh = "高价值活跃客户" },
      when = function(c) return valuable(c) and c.p_alive >= alive end,
      strategy = { en = "Dedicated account manager, protect and grow", zh = "专属客户经理，重点维护与深耕" }, follow_up_days = 30 },
    { name = "high-at-risk", label = { en = "high value at risk", zh = "高价值流失风险客户" },
      when = function(c) return valuable(c) and c.p_alive >= at_risk end,
      strategy = { en = "Owner calls within two weeks, find out what changed", zh = "负责人两周内致电，了解变化原因" }, follow_up_days = 14 },
    { name = "low-value", label = { en = "low value", zh = "低价值客户" },
      when = function(c) return c.p_alive ~= nil and c.p_alive >= at_risk end,
      strategy = { en = "Newsletter and self-service offers", zh = "电子期刊与自助式优惠" }, follow_up_days = 120 },
  },
  default = "probably-lost", default_label = { en = "probably lost", zh = "大概率已流失客户" },
}
