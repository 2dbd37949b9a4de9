-- One customer: its fields and owner, metrics derived as of today, its tier in each saved
-- segmentation with the history of it, and its latest orders, deals, activities and open tasks.
-- The workbench's customer page (/customers/ID); crescent report customer --param customer=C1
local function latest(list, field, n)
  table.sort(list, function(a, b) return (a[field] or "") > (b[field] or "") end)
  return table.move(list, 1, math.min(n, #list), 1, {})
end

return crm.report.plugin {
  name = "customer",
  title = { en = "Customer", zh = "客户详情" },
  description = { en = "A customer's fields, derived metrics, tiers and their history, orders, deals, activities and tasks",
                  zh = "客户的字段、衍生指标、分层及其历史、订单、商机、活动与任务" },
  params = {
    { name = "customer", type = "customer", required = true, label = { en = "customer", zh = "客户" },
      help = { en = "the customer's id", zh = "客户编号" } },
  },
  build = function(report, p)
    local c = crm.get("customers", p.customer)
    local owner = c.owner_id and crm.get("reps", c.owner_id)
    report:heading(c.name or c.id, 2)
    report:table {
      columns = { { name = { en = "field", zh = "字段" }, key = "field" }, { name = { en = "value", zh = "值" }, key = "value" } },
      rows = {
        { crm.t { en = "id", zh = "编号" }, c.id }, { crm.t { en = "industry", zh = "行业" }, c.industry },
        { crm.t { en = "region", zh = "区域" }, c.region }, { crm.t { en = "employees", zh = "员工数" }, c.employees and tostring(c.employees) },
        { crm.t { en = "owner", zh = "负责人" }, owner and (owner.name .. " (" .. owner.id .. ")") or c.owner_id },
        { crm.t { en = "created on", zh = "创建日期" }, c.created_on }, { crm.t { en = "status", zh = "状态" }, c.status },
      },
    }
    report:tiles {
      { key = "revenue_12m", label = { en = "Revenue, 12 months", zh = "近12个月销售额" }, value = c.revenue_12m, kind = "money" },
      { key = "orders_12m", label = { en = "Orders, 12 months", zh = "近12个月订单数" }, value = c.orders_12m, kind = "integer" },
      { key = "revenue_total", label = { en = "Revenue, all time", zh = "累计销售额" }, value = c.revenue_total, kind = "money" },
      { key = "days_since_last_order", label = { en = "Days since the last order", zh = "距上次下单天数" }, value = c.days_since_last_order, kind = "integer" },
      { key = "open_pipeline", label = { en = "Open pipeline", zh = "在谈商机金额" }, value = c.open_pipeline, kind = "money" },
      { key = "activities_90d", label = { en = "Activities, 90 days", zh = "近90天活动数" }, value = c.activities_90d, kind = "integer" },
      { key = "satisfaction", label = { en = "Satisfaction", zh = "满意度" }, value = c.satisfaction, kind = "number" },
    }

    report:heading({ en = "Tiers", zh = "分层" }, 2)
    local tiers = {}
    for _, seg in ipairs(crm.segments()) do
      local spells = {}
      for _, spell in ipairs(crm.segment(seg.name):history(c.id)) do spells[#spells + 1] = spell.tier .. " (" .. spell.as_of .. ")" end
      tiers[#tiers + 1] = { seg.name, c.tiers[seg.name], table.concat(spells, " → ") }
    end
    report:table {
      columns = { { name = { en = "segmentation", zh = "分层方案" }, key = "segment" }, { name = { en = "tier now", zh = "当前层级" }, key = "tier" },
                  { name = { en = "history", zh = "历史" }, key = "history" } },
      rows = tiers,
    }

    report:heading({ en = "Latest orders", zh = "最近订单" }, 2)
    local orders = {}
    for i, o in ipairs(latest(crm.find("orders", { customer_id = c.id }), "ordered_on", 20)) do
      orders[i] = { o.id, o.ordered_on, o.product_id, o.rep_id, o.amount, o.currency or crm.base_currency }
    end
    report:table {
      columns = { { name = { en = "order", zh = "订单" }, key = "order" }, { name = { en = "ordered on", zh = "下单日期" }, key = "ordered_on" },
                  { name = { en = "product", zh = "产品" }, key = "product" }, { name = { en = "rep", zh = "销售" }, key = "rep" },
                  { name = { en = "amount", zh = "金额" }, key = "amount", kind = "number" }, { name = { en = "currency", zh = "币种" }, key = "currency" } },
      rows = orders,
    }

    report:heading({ en = "Deals", zh = "商机" }, 2)
    local deals = {}
    for i, d in ipairs(latest(crm.find("deals", { customer_id = c.id }), "created_on", 20)) do
      deals[i] = { d.id, d.name, { code = d.stage, label = crm.label("stage", d.stage) }, d.status, d.amount, d.expected_close_on or d.closed_on }
    end
    report:table {
      columns = { { name = { en = "deal", zh = "商机" }, key = "deal" }, { name = { en = "name", zh = "名称" }, key = "name" },
                  { name = { en = "stage", zh = "阶段" }, key = "stage" }, { name = { en = "status", zh = "状态" }, key = "status" },
                  { name = { en = "amount", zh = "金额" }, key = "amount", kind = "number" },
                  { name = { en = "close", zh = "成交日期" }, key = "close" } },
      rows = deals,
    }

    report:heading({ en = "Latest activities", zh = "最近活动" }, 2)
    local activities = {}
    for i, a in ipairs(latest(crm.find("activities", { customer_id = c.id }), "occurred_at", 20)) do
      activities[i] = { a.occurred_at, a.kind, a.rep_id, a.outcome }
    end
    report:table {
      columns = { { name = { en = "when", zh = "时间" }, key = "occurred_at" }, { name = { en = "kind", zh = "类型" }, key = "kind" },
                  { name = { en = "rep", zh = "销售" }, key = "rep" }, { name = { en = "outcome", zh = "结果" }, key = "outcome" } },
      rows = activities,
    }

    report:heading({ en = "Open tasks", zh = "待办任务" }, 2)
    local tasks = {}
    for i, t in ipairs(crm.tasks { customer = c.id }) do tasks[i] = { t.due_on, t.kind, t.subject, t.owner_id } end
    report:table {
      columns = { { name = { en = "due", zh = "到期日" }, key = "due_on" }, { name = { en = "kind", zh = "类型" }, key = "kind" },
                  { name = { en = "subject", zh = "事项" }, key = "subject" }, { name = { en = "owner", zh = "负责人" }, key = "owner" } },
      rows = tasks,
    }
  end,
}
