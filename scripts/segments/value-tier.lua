-- Value tiers by 12-month revenue and recency: A (about the top tenth) gets a dedicated account
-- manager, B a regular rhythm of calls, C the newsletter, D a win-back campaign.
-- Run: crescent segment run scripts/segments/value-tier.lua [--as-of YYYY-MM-DD] [--dry-run]
return crm.segmentation {
  name = "value-tier",
  description = "Value tiers by 12-month revenue and recency",
  tiers = {
    { name = "A", when = function(c) return c.revenue_12m >= 100000 and (c.days_since_last_order or math.huge) <= 90 end,
      strategy = "Dedicated account manager, monthly visit", follow_up_days = 30 },
    { name = "B", when = function(c) return c.revenue_12m >= 20000 and (c.days_since_last_order or math.huge) <= 180 end,
      strategy = "Quarterly review call, cross-sell offers", follow_up_days = 60 },
    { name = "C", when = function(c) return (c.days_since_last_order or math.huge) <= 365 end,
      strategy = "Newsletter and seasonal promotions", follow_up_days = 120 },
  },
  default = "D",
}
