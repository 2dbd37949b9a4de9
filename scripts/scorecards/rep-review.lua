-- The quarterly rep review: results, process, customers and teamwork, on the junior/mid/senior
-- ladder. crescent scorecard scripts/scorecards/rep-review.lua --period 2026-Q3
return crm.scorecard {
  name = "rep review",
  description = { en = "Results 50%, process 25%, customer satisfaction 15%, teamwork 10%",
                  zh = "业绩50%，过程25%，客户满意度15%，团队协作10%" },
  dimensions = {
    { name = "results", label = { en = "results", zh = "业绩" }, weight = 0.50, measures = {
        { kpi = "quota_attainment", weight = 0.6, target = 1.0 },   -- 100% of quota scores 100
        { kpi = "revenue", weight = 0.2 },                            -- against the rep's revenue target
        { kpi = "new_customers", weight = 0.2 },                      -- percentile among reps
    } },
    { name = "process", label = { en = "process", zh = "过程" }, weight = 0.25, measures = {
        { kpi = "activities", kind = "visit", target = 12 },
        { kpi = "proposals", target = 6 },
        { kpi = "sales_cycle_days", lower_is_better = true },
    } },
    { name = "customers", label = { en = "customers", zh = "客户" }, weight = 0.15, measures = { { kpi = "satisfaction", target = 4.5 } } },
    -- A manager's 1-5 rating, imported as a custom field of reps (manager_rating). rawget reads
    -- it without an error on stores that have no such field; a rep without a rating scores 60.
    { name = "teamwork", label = { en = "teamwork", zh = "团队协作" }, weight = 0.10, score = function(rep)
        return (tonumber(rawget(rep, "manager_rating")) or 3) * 20
      end },
  },
  ladder = {
    { level = "junior", promote_at = 80, at_risk_below = 45 },
    { level = "mid", promote_at = 85, at_risk_below = 50 },
    { level = "senior", at_risk_below = 55 },
  },
}
