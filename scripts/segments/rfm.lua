-- RFM segmentation: recency, frequency and monetary quintile scores (1 to 5) among customers
-- who ordered in the last 12 months, grouped the classic way.
-- Run: crescent segment run scripts/segments/rfm.lua [--as-of YYYY-MM-DD]
local function scored(c) return c.r_score ~= nil end

return crm.segmentation {
  name = "rfm",
  description = "RFM segments from quintile scores of the last 12 months",
  tiers = {
    { name = "champions", when = function(c) return scored(c) and c.r_score >= 4 and c.f_score >= 4 and c.m_score >= 4 end,
      strategy = "Reward, early access, ask for referrals", follow_up_days = 30 },
    { name = "loyal", when = function(c) return scored(c) and c.f_score >= 4 and c.r_score >= 3 end,
      strategy = "Upsell higher tiers, loyalty programme", follow_up_days = 45 },
    { name = "promising", when = function(c) return scored(c) and c.r_score >= 4 end,
      strategy = "Onboarding help, second-purchase offer", follow_up_days = 30 },
    { name = "at-risk", when = function(c) return scored(c) and c.r_score <= 2 and (c.f_score >= 3 or c.m_score >= 3) end,
      strategy = "Personal call from the account owner", follow_up_days = 14 },
    { name = "needs-attention", when = scored, strategy = "Targeted offer on their usual products", follow_up_days = 60 },
    { name = "hibernating", when = function(c) return c.orders_total > 0 and c.days_since_last_order <= 730 end,
      strategy = "Win-back campaign", follow_up_days = 90 },
  },
  default = "lost",
}
