-- Purchase intent and potential from recent activity and open pipeline: high intent gets
-- custom service, the middle gets offers, low intent gets trials.
-- Run: crescent segment run scripts/segments/purchase-intent.lua [--as-of YYYY-MM-DD]
local function recent_touch(c, days)
  return c.days_since_last_activity ~= nil and c.days_since_last_activity <= days
end

return crm.segmentation {
  name = "purchase-intent",
  description = { en = "Intent from activities and open pipeline, potential from company size",
                  zh = "按跟进活动与在谈商机判断购买意向，按企业规模判断潜力" },
  tiers = {
    { name = "high", label = { en = "high", zh = "高意向" },
      when = function(c)
        return c.open_pipeline >= 50000 and recent_touch(c, 30) or (c.activities_90d >= 3 and c.open_pipeline > 0)
      end, strategy = { en = "Custom solution and senior rep attention", zh = "定制方案，资深销售跟进" }, follow_up_days = 7 },
    { name = "medium", label = { en = "medium", zh = "中意向" },
      when = function(c)
        return c.open_pipeline > 0 or recent_touch(c, 90) or (c.employees or 0) >= 500
      end, strategy = { en = "Offers and product demos", zh = "优惠方案与产品演示" }, follow_up_days = 21 },
  },
  default = "low", default_label = { en = "low", zh = "低意向" },   -- trials, content and nurture mail
}
