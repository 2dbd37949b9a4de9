-- Customer tiers of a saved segmentation: how many customers and how much revenue each tier
-- holds, and how customers moved at the latest run.
-- crescent report tier-distribution [--param segment=rfm]
return crm.report.plugin {
  name = "tier-distribution",
  title = { en = "Customer tier distribution and movement", zh = "客户分层分布与变动" },
  description = { en = "Customers and 12-month revenue per tier of a saved segmentation, and the moves of its latest run",
                  zh = "已保存分层中各层级的客户数与近12个月销售额，以及最近一次分层的变动" },
  params = {
    { name = "segment", type = "segment", default = "value-tier", help = { en = "a segmentation saved with crescent segment run", zh = "用 crescent segment run 保存的分层" } },
  },
  build = function(report, p)
    local seg = crm.segment(p.segment)
    report:text(string.format(crm.t { en = "%s as of %s (%d saved runs): %s", zh = "%s，截至 %s（已保存 %d 次）：%s" },
                               seg.name, seg.as_of, seg.runs, seg.description))
    local names, counts, revenue, rows = {}, {}, {}, {}
    for i, tier in ipairs(seg.tiers) do
      local label = tier.label or tier.name
      names[i], counts[i], revenue[i] = label, tier.count, tier.revenue_12m
      rows[i] = { { code = tier.name, label = label }, { value = tier.count, records = { segment = seg.name, tier = tier.name } }, tier.share, tier.revenue_12m }
    end
    report:tiles {
      { label = { en = "Customers", zh = "客户数" }, value = seg.customers, kind = "integer" },
      { label = { en = "Tiers", zh = "层级数" }, value = #seg.tiers, kind = "integer" },
      { label = { en = "Moves at the latest run", zh = "最近一次变动" }, value = (function() local n = 0 for _, m in ipairs(seg.last_moves) do n = n + m.count end return n end)(), kind = "integer" },
    }
    report:table {
      title = { en = "Tiers", zh = "各层级" },
      columns = { { en = "tier", zh = "层级" }, { name = { en = "customers", zh = "客户数" }, kind = "integer" },
                  { name = { en = "share", zh = "占比" }, kind = "percent" },
                  { name = { en = "revenue 12m", zh = "近12个月销售额" }, kind = "money" } },
      rows = rows,
    }
    report:chart { kind = "bar", title = { en = "Customers per tier", zh = "各层级客户数" }, categories = names, values = counts,
                   value_kind = "integer", x_label = { en = "tier", zh = "层级" }, y_label = { en = "customers", zh = "客户数" } }
    report:chart { kind = "bar", title = { en = "12-month revenue per tier", zh = "各层级近12个月销售额" }, categories = names,
                   values = revenue, value_kind = "money", x_label = { en = "tier", zh = "层级" }, y_label = { en = "revenue", zh = "销售额" } }
    local moves = {}
    for i, m in ipairs(seg.last_moves) do moves[i] = { m.from or { code = "(new)", label = crm.t { en = "(new)", zh = "（新增）" } }, m.to, m.count } end
    report:table {
      title = { en = "Moves at the latest run", zh = "最近一次分层的变动" },
      columns = { { en = "from", zh = "原层级" }, { en = "to", zh = "新层级" }, { name = { en = "customers", zh = "客户数" }, kind = "integer" } },
      rows = moves,
    }
  end,
}
