-- Value tiers by 12-month revenue and recency: A (about the top tenth) gets a dedicated account
-- manager, B a regular rhythm of calls, C the newsletter, D a win-back campaign.
-- Run: crescent segment run scripts/segments/value-tier.lua [--as-of YYYY-MM-DD] [--dry-run]
return crm.segmentation {
  name = "value-tier",
  description = { en = "Value tiers by 12-month revenue and recency", zh = "按近12个月销售额与最近购买时间划分的价值等级" },
  tiers = {
    { name = "A", label = { en = "A", zh = "A类客户" },
      when = function(c) return c.revenue_12m >= 100000 and (c.days_since_last_order or math.huge) <= 90 end,
      strategy = { en = "Dedicated account manager, monthly visit", zh = "专属客户经理，每月拜访" },
      -- A visit task for the owner of each A customer, due 30 days after the last visit.
      follow_up = { every_days = 30, kind = "visit", subject = { en = "Monthly account visit", zh = "每月客户拜访" } } },
    { name = "B", label = { en = "B", zh = "B类客户" },
      when = function(c) return c.revenue_12m >= 20000 and (c.days_since_last_order or math.huge) <= 180 end,
      strategy = { en = "Quarterly review call, cross-sell offers", zh = "每季度回访电话，交叉销售" },
      follow_up = { every_days = 60, kind = "call", subject = { en = "Review call", zh = "回访电话" } } },
    { name = "C", label = { en = "C", zh = "C类客户" },
      when = function(c) return (c.days_since_last_order or math.huge) <= 365 end,
      strategy = { en = "Newsletter and seasonal promotions", zh = "电子期刊与季节性促销" }, follow_up_days = 120 },
  },
  default = "D", default_label = { en = "D", zh = "D类客户" },
}
