-- The ten customers with the most revenue in the twelve months up to a day.
-- Usage: crescent run scripts/top-customers.lua [YYYY-MM-DD]   (default: today)
local text = require("lib.text")

local as_of = arg[1] or os.date("%Y-%m-%d")
local y, m, d = as_of:match("^(%d%d%d%d)-(%d%d)-(%d%d)$")
if not y then
  error(string.format(crm.t { en = "expected a date YYYY-MM-DD, got '%s'", zh = "应为日期 YYYY-MM-DD，实际为“%s”" }, as_of), 0)
end
local since = string.format("%04d-%s-%s", tonumber(y) - 1, m, d)

local revenue, orders = {}, {}
for _, o in ipairs(crm.find("orders")) do
  if o.ordered_on >= since and o.ordered_on <= as_of then
    revenue[o.customer_id] = (revenue[o.customer_id] or 0) + o.amount
    orders[o.customer_id] = (orders[o.customer_id] or 0) + 1
  end
end

local ids = {}
for id in pairs(revenue) do ids[#ids + 1] = id end
table.sort(ids, function(a, b) return revenue[a] > revenue[b] or (revenue[a] == revenue[b] and a < b) end)

local rows = {}
for i = 1, math.min(10, #ids) do
  local c = crm.get("customers", ids[i])
  local owner = c.owner_id and crm.get("reps", c.owner_id)
  rows[#rows + 1] = { c.id, c.name, c.region or "", owner and owner.name or "", tostring(orders[c.id]),
                      text.thousands(revenue[c.id]) }
end
print(string.format(crm.t { en = "Top customers by revenue, %s to %s (%s)", zh = "销售额前十客户，%s 至 %s（%s）" },
                    since, as_of, crm.base_currency))
local headings = { "id", crm.t { en = "customer", zh = "客户" }, crm.t { en = "region", zh = "区域" },
                  crm.t { en = "owner", zh = "负责人" }, crm.t { en = "orders", zh = "订单数" }, crm.t { en = "revenue", zh = "销售额" } }
text.table(headings, rows, { [5] = true, [6] = true })
