-- What the store holds: records per entity, and customers per region and status.
-- Usage: crescent run scripts/store-overview.lua
local text = require("lib.text")

local rows = {}
for _, entity in ipairs(crm.entities) do
  rows[#rows + 1] = { crm.label("entity", entity), text.thousands(crm.count(entity)) }
end
text.table({ crm.t { en = "entity", zh = "实体" }, crm.t { en = "records", zh = "记录数" } }, rows, { [2] = true })
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
local headings = { crm.t { en = "region", zh = "区域" }, crm.t { en = "active customers", zh = "活跃客户" },
                  crm.t { en = "inactive", zh = "非活跃客户" } }
text.table(headings, rows, { [2] = true, [3] = true })
