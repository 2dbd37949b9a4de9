-- What the store holds: records per entity, and customers per region and status.
-- Usage: crescent run scripts/store-overview.lua
local text = require("lib.text")

local rows = {}
for _, entity in ipairs(crm.entities) do
  rows[#rows + 1] = { entity, text.thousands(crm.count(entity)) }
end
text.table({ "entity", "records" }, rows, { [2] = true })
print()

local regions = {}
for _, team in ipairs(crm.find("teams")) do
  if team.parent_id then regions[#regions + 1] = team.region end
end
table.sort(regions)
rows = {}
for _, region in ipairs(regions) do
  rows[#rows + 1] = {
    region,
    text.thousands(crm.count("customers", { region = region, status = "active" })),
    text.thousands(crm.count("customers", { region = region, status = "inactive" })),
  }
end
text.table({ "region", "active customers", "inactive" }, rows, { [2] = true, [3] = true })
