-- The benchmarks' value tiering: the tiers of the SQL, DuckDB and pandas runs of segment_bench.py,
-- by 12-month revenue and recency, saved with no follow-up tasks (they are no part of the others' work).
return crm.segmentation {
  name = "bench-value-tier",
  tiers = {
    { name = "A", when = function(c) return c.revenue_12m >= 20000 and (c.days_since_last_order or math.huge) <= 90 end },
    { name = "B", when = function(c) return c.revenue_12m >= 5000 and (c.days_since_last_order or math.huge) <= 180 end },
    { name = "C", when = function(c) return (c.days_since_last_order or math.huge) <= 365 end },
  },
  default = "D",
}
