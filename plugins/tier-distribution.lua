-- Customer tiers of a saved segmentation: how many customers and how much revenue each tier
-- holds, and how customers moved at the latest run.
-- crescent report tier-distribution [--param segment=rfm]
return crm.report.plugin {
  name = "tier-distribution",
  title = "Customer tier distribution and movement",
  description = "Customers and 12-month revenue per tier of a saved segmentation, and the moves of its latest run",
  params = {
    { name = "segment", type = "segment", default = "value-tier", help = "a segmentation saved with crescent segment run" },
  },
  build = function(report, p)
    local seg = crm.segment(p.segment)
    report:text(string.format("%s as of %s (%d saved runs): %s", seg.name, seg.as_of, seg.runs, seg.description))
    local names, counts, revenue, rows = {}, {}, {}, {}
    for i, tier in ipairs(seg.tiers) do
      names[i], counts[i], revenue[i] = tier.name, tier.count, tier.revenue_12m
      rows[i] = { tier.name, tier.count, tier.share, tier.revenue_12m }
    end
    report:tiles {
      { label = "Customers", value = seg.customers, kind = "integer" },
      { label = "Tiers", value = #seg.tiers, kind = "integer" },
      { label = "Moves at the latest run", value = (function() local n = 0 for _, m in ipairs(seg.last_moves) do n = n + m.count end return n end)(), kind = "integer" },
    }
    report:table {
      title = "Tiers",
      columns = { "tier", { name = "customers", kind = "integer" }, { name = "share", kind = "percent" }, { name = "revenue 12m", kind = "money" } },
      rows = rows,
    }
    report:chart { kind = "bar", title = "Customers per tier", categories = names, values = counts, value_kind = "integer",
                   x_label = "tier", y_label = "customers" }
    report:chart { kind = "bar", title = "12-month revenue per tier", categories = names, values = revenue, value_kind = "money",
                   x_label = "tier", y_label = "revenue" }
    local moves = {}
    for i, m in ipairs(seg.last_moves) do moves[i] = { m.from or "(new)", m.to, m.count } end
    report:table {
      title = "Moves at the latest run",
      columns = { "from", "to", { name = "customers", kind = "integer" } },
      rows = moves,
    }
  end,
}
