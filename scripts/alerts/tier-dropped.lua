-- A customer dropped to a lower tier at the latest value-tier run.
local definition = require("segments.value-tier")
local order = {}
for i, tier in ipairs(definition.tiers) do order[tier.name] = i end
order[definition.default] = #definition.tiers + 1

crm.alert {
  name = "tier-dropped",
  severity = "warning",
  description = { en = "Customer dropped a tier since the previous segmentation run", zh = "客户等级较上次分层下降" },
  check = function(emit)
    local ok, segment = pcall(crm.segment, definition.name)
    if not ok then return end
    for _, move in ipairs(segment:moves { since = segment.as_of }) do
      if move.from and order[move.to] and order[move.from] and order[move.to] > order[move.from] then
        local c = crm.get("customers", move.customer_id)
        emit {
          key = move.customer_id .. "@" .. move.as_of,
          subject = string.format(crm.t { en = "%s dropped from tier %s to %s", zh = "%s 由 %s 级降至 %s 级" },
                                  c and c.name or move.customer_id, move.from, move.to),
          message = crm.t { en = "Check what changed with this customer and plan a visit.", zh = "请了解该客户的变化并安排拜访。" },
          owner = c and c.owner_id or nil,
          data = { from = move.from, to = move.to, as_of = move.as_of },
        }
      end
    end
  end,
}
