-- RFM segmentation: recency, frequency and monetary quintile scores (1 to 5) among customers
-- who ordered in the last 12 months, grouped the classic way.
-- Run: crescent segment run scripts/segments/rfm.lua [--as-of YYYY-MM-DD]
local function scored(c) return c.r_score ~= nil end

return crm.segmentation {
  name = "rfm",
  description = { en = "RFM segments from quintile scores of the last 12 months", zh = "按近12个月RFM五分位评分划分的客户分群" },
  tiers = {
    { name = "champions", label = { en = "champions", zh = "重要价值客户" },
      when = function(c) return scored(c) and c.r_score >= 4 and c.f_score >= 4 and c.m_score >= 4 end,
      strategy = { en = "Reward, early access, ask for referrals", zh = "回馈奖励，新品优先体验，邀请转介绍" }, follow_up_days = 30 },
    { name = "loyal", label = { en = "loyal", zh = "忠诚客户" },
      when = function(c) return scored(c) and c.f_score >= 4 and c.r_score >= 3 end,
      strategy = { en = "Upsell higher tiers, loyalty programme", zh = "向上销售，会员忠诚计划" }, follow_up_days = 45 },
    { name = "promising", label = { en = "promising", zh = "潜力客户" },
      when = function(c) return scored(c) and c.r_score >= 4 end,
      strategy = { en = "Onboarding help, second-purchase offer", zh = "上手辅导，复购优惠" }, follow_up_days = 30 },
    { name = "at-risk", label = { en = "at-risk", zh = "流失风险客户" },
      when = function(c) return scored(c) and c.r_score <= 2 and (c.f_score >= 3 or c.m_score >= 3) end,
      strategy = { en = "Personal call from the account owner", zh = "客户负责人亲自致电" }, follow_up_days = 14 },
    { name = "needs-attention", label = { en = "needs-attention", zh = "需关注客户" },
      when = scored,
      strategy = { en = "Targeted offer on their usual products", zh = "针对常购产品的定向优惠" }, follow_up_days = 60 },
    { name = "hibernating", label = { en = "hibernating", zh = "沉睡客户" },
      when = function(c) return c.orders_total > 0 and c.days_since_last_order <= 730 end,
      strategy = { en = "Win-back campaign", zh = "召回活动" }, follow_up_days = 90 },
  },
  default = "lost", default_label = { en = "lost", zh = "已流失客户" },
}
