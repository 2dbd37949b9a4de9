-- The standard sales commission plan: 3% of revenue, more for software (harder to sell) and
-- less for hardware; below half the quota pays half, above 100% accelerates; bonuses for new
-- customers and large won deals; refunds are clawed back; at most 120,000 a period.
--   crescent commission run scripts/plans/standard.lua --period 2026-Q3
local new_customer = {}   -- memo: customer id -> true when this order is the customer's first ever

return crm.commission_plan {
  name = "standard",
  description = { en = "3% base, software 5%, hardware 2%, accelerators above quota",
                  zh = "基础提成3%，软件5%，硬件2%，超额完成加速" },
  base_rate = 0.03,
  category_rates = { software = 0.05, hardware = 0.02 },
  product_rates = { P06 = 0.04 },                -- implementation projects
  tiers = {
    { from = 0,   to = 0.5, multiplier = 0.5 },  -- decelerator below half the quota
    { from = 0.5, to = 1.0, multiplier = 1.0 },
    { from = 1.0, to = 1.5, multiplier = 1.5 },  -- accelerators above 100%
    { from = 1.5,           multiplier = 2.0 },
  },
  spiffs = {
    { name = "new logo", on = "orders", amount = 300, when = function(o)
        if new_customer[o.customer_id] == nil then
          local first = nil
          for _, other in ipairs(crm.find("orders", { customer_id = o.customer_id })) do
            if first == nil or other.ordered_on < first.ordered_on then first = other end
          end
          new_customer[o.customer_id] = first and first.id or false
        end
        return new_customer[o.customer_id] == o.id
      end },
    { name = "big deal", on = "deals", rate = 0.01, when = function(d) return d.amount >= 50000 end },
  },
  cap = 120000,
  clawback = true,
}
