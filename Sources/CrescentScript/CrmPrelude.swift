/// The parts of the `crm` module written in Lua: argument checking of definitions, computed
/// fields and the `__index` of records, where calling Lua functions from Lua is simplest and
/// fastest. Trusted host code, run once per state with the crm table and the host's hooks;
/// it returns the internals the host keeps (never visible to scripts).
let crmPrelude = #"""
local crm, host = ...
local computed = {}                       -- entity -> field name -> compute(record)
local segmentation_mt = { __name = "crm.segmentation" }
local internals = { computed = computed }

local function check_type(value, expected, what, level)
  if type(value) ~= expected then
    error(string.format("%s must be a %s, got %s", what, expected, type(value)), level + 1)
  end
end

local function check_keys(spec, allowed, what, level)
  for key in pairs(spec) do
    if not allowed[key] then
      local names = {}
      for name in pairs(allowed) do names[#names + 1] = name end
      table.sort(names)
      error(string.format("%s: unknown key '%s' (keys: %s)", what, tostring(key), table.concat(names, ", ")), level + 1)
    end
  end
end

--- A text people read: a string, or a table of the text in each language ({en = "...", zh = "..."}),
--- of which the one of crm.lang is taken (else English, else any).
function internals.localized(value)
  if type(value) ~= "table" then return value end
  local chosen = value[crm.lang]
  if chosen == nil then chosen = value.en end
  if chosen == nil then for _, text in pairs(value) do chosen = text break end end
  return chosen
end

--- A declared text (a string or {en = ..., zh = ...}) in crm.lang, nil when not given; an error at
--- the caller's line when it is neither.
local function text_of(value, what, level)
  if value == nil then return nil end
  local chosen = internals.localized(value)
  if type(chosen) ~= "string" then
    error(string.format("%s must be a string or {en = ..., zh = ...}, got %s", what, type(value)), level + 1)
  end
  return chosen
end
internals.text_of = text_of

--- crm.t(text) -> the text in the language asked for (crm.lang); text is a string or {en = ..., zh = ...}.
function crm.t(value)
  local chosen = internals.localized(value)
  if type(chosen) ~= "string" then
    error("crm.t: expected a string or a table of texts by language ({en = ..., zh = ...}), got " .. type(value), 2)
  end
  return chosen
end

crm.field = {}

--- crm.field.define{entity = "customers", name = "health", compute = function(record) ... end}
function crm.field.define(spec)
  check_type(spec, "table", "crm.field.define: the argument", 2)
  check_keys(spec, { entity = true, name = true, compute = true, description = true }, "crm.field.define", 2)
  check_type(spec.entity, "string", "crm.field.define: 'entity'", 2)
  check_type(spec.name, "string", "crm.field.define: 'name'", 2)
  check_type(spec.compute, "function", "crm.field.define: 'compute'", 2)
  text_of(spec.description, "crm.field.define: 'description'", 2)
  local ok, message = host.check_field(spec.entity, spec.name)
  if not ok then error("crm.field.define: " .. message, 2) end
  computed[spec.entity] = computed[spec.entity] or {}
  if computed[spec.entity][spec.name] then
    error(string.format("crm.field.define: %s.%s is already defined", spec.entity, spec.name), 2)
  end
  computed[spec.entity][spec.name] = spec.compute
end

--- The computed fields of an entity, sorted.
function crm.field.list(entity)
  check_type(entity, "string", "bad argument #1 to 'list' (entity)", 2)
  local names = {}
  for name in pairs(computed[entity] or {}) do names[#names + 1] = name end
  table.sort(names)
  return names
end

local kpis = {}                           -- name -> {unit, description, compute}
internals.kpis = kpis
local kpi_units = { money = true, count = true, ratio = true, days = true, score = true }

--- crm.kpi(name, {period = ..., by = ..., compare = ..., rank = ...}) -> report; crm.kpi.define{...}; crm.kpi.list()
crm.kpi = setmetatable({}, { __call = function(_, name, options) return host.kpi(name, options) end })

function crm.kpi.define(spec)
  check_type(spec, "table", "crm.kpi.define: the argument", 2)
  check_keys(spec, { name = true, label = true, unit = true, description = true, compute = true }, "crm.kpi.define", 2)
  check_type(spec.name, "string", "crm.kpi.define: 'name'", 2)
  if not spec.name:match("^[%a_][%w_]*$") then
    error("crm.kpi.define: 'name' may hold only letters, digits and '_', got '" .. spec.name .. "'", 2)
  end
  if host.is_builtin_kpi(spec.name) or kpis[spec.name] then
    error("crm.kpi.define: there is already a KPI named '" .. spec.name .. "'", 2)
  end
  local unit = spec.unit or "count"
  if not kpi_units[unit] then
    error("crm.kpi.define: 'unit' must be money, count, ratio, days or score, got '" .. tostring(unit) .. "'", 2)
  end
  -- label and description: a string, or the text in each language ({en = ..., zh = ...}).
  local label = text_of(spec.label, "crm.kpi.define: 'label'", 2)
  local description = text_of(spec.description, "crm.kpi.define: 'description'", 2)
  check_type(spec.compute, "function", "crm.kpi.define: 'compute'", 2)
  kpis[spec.name] = { unit = unit, label = label, description = description or "", compute = spec.compute }
end

function crm.kpi.list() return host.kpi_list() end

--- Runs a custom KPI's compute(ctx); a number is the company's value, a table maps groups to numbers.
function internals.kpi_compute(name, period, from, to, by, as_of)
  local ctx = { period = period, from = from, to = to, by = by, as_of = as_of }
  function ctx.kpi(other, options) return host.kpi_values(other, period, by, options) end
  local result = kpis[name].compute(ctx)
  if type(result) == "number" then return { company = result } end
  if type(result) ~= "table" then
    error(string.format("KPI '%s': compute must return a number or a table of group -> number, got %s", name, type(result)), 0)
  end
  for key, value in pairs(result) do
    if type(key) ~= "string" or type(value) ~= "number" then
      error(string.format("KPI '%s': compute returned %s = %s; groups must be strings and values numbers", name, tostring(key), tostring(value)), 0)
    end
  end
  return result
end

local tier_keys = { name = true, label = true, when = true, strategy = true, follow_up_days = true, follow_up = true,
                    description = true }

--- A tier's follow_up = {every_days = 30, kind = "visit", subject = ...}, checked; nil when not given.
local function follow_up_of(rule, where, days)
  if rule == nil then return nil end
  check_type(rule, "table", where, 3)
  check_keys(rule, { every_days = true, kind = true, subject = true }, where, 3)
  if math.type(rule.every_days) ~= "integer" or rule.every_days < 1 then
    error(where .. ".every_days must be a whole number of days, at least 1", 3)
  end
  if days ~= nil and days ~= rule.every_days then
    error(where .. ".every_days (" .. rule.every_days .. ") and follow_up_days (" .. days .. ") differ; give one", 3)
  end
  check_type(rule.kind, "string", where .. ".kind", 3)
  if rule.kind == "" then error(where .. ".kind must name an activity kind (visit, call...)", 3) end
  return { every_days = rule.every_days, kind = rule.kind, subject = text_of(rule.subject, where .. ".subject", 3) }
end

--- crm.segmentation{name = ..., description = ..., tiers = {{name = ..., when = function(c) ... end}, ...}, default = ...}
function crm.segmentation(spec)
  check_type(spec, "table", "crm.segmentation: the argument", 2)
  check_keys(spec, { name = true, description = true, tiers = true, default = true, default_label = true }, "crm.segmentation", 2)
  check_type(spec.name, "string", "crm.segmentation: 'name'", 2)
  if not spec.name:match("^[%w_%-%.]+$") then
    error("crm.segmentation: 'name' may hold only letters, digits, '_', '-' and '.', got '" .. spec.name .. "'", 2)
  end
  local description = text_of(spec.description, "crm.segmentation: 'description'", 2)
  check_type(spec.tiers, "table", "crm.segmentation: 'tiers'", 2)
  if #spec.tiers == 0 then error("crm.segmentation: 'tiers' must list at least one tier", 2) end
  if #spec.tiers > 250 then error("crm.segmentation: at most 250 tiers", 2) end
  local seen, tiers = {}, {}
  for i, tier in ipairs(spec.tiers) do
    local where = "crm.segmentation: tiers[" .. i .. "]"
    check_type(tier, "table", where, 2)
    check_keys(tier, tier_keys, where, 2)
    check_type(tier.name, "string", where .. ".name", 2)
    if tier.name == "" or seen[tier.name] then
      error(where .. ".name must be a distinct, non-empty name, got '" .. tier.name .. "'", 2)
    end
    seen[tier.name] = true
    check_type(tier.when, "function", where .. ".when (tier '" .. tier.name .. "')", 2)
    local strategy = text_of(tier.strategy, where .. ".strategy", 2)
    local label = text_of(tier.label, where .. ".label", 2)
    if tier.follow_up_days ~= nil and (math.type(tier.follow_up_days) ~= "integer" or tier.follow_up_days < 0) then
      error(where .. ".follow_up_days must be a whole number of days", 2)
    end
    local follow_up = follow_up_of(tier.follow_up, where .. ".follow_up", tier.follow_up_days)
    tiers[i] = { name = tier.name, label = label, when = tier.when, strategy = strategy,
                 follow_up_days = tier.follow_up_days or (follow_up and follow_up.every_days), follow_up = follow_up }
  end
  if spec.default ~= nil then check_type(spec.default, "string", "crm.segmentation: 'default'", 2) end
  local default_label = text_of(spec.default_label, "crm.segmentation: 'default_label'", 2)
  return setmetatable({ name = spec.name, description = description or "", tiers = tiers, default_label = default_label,
                        default = spec.default or "other" }, segmentation_mt)
end

function internals.is_segmentation(value)
  return getmetatable(value) == segmentation_mt
end

--- The __index of records of an entity: computed fields (cached in the record), then the host.
function internals.record_index(entity)
  return function(record, key)
    local fields = computed[entity]
    local compute = fields and fields[key]
    if compute then
      local value = compute(rawget(record, "__view") or record)  -- the read-only record, not its fields' table
      rawset(record, key, value)
      return value
    end
    local ok, value = host.record_field(entity, record, key)
    if not ok then error(value, 2) end
    return value
  end
end

--- read(records, names) -> rows: the fields `names` of each record (for exports), and
--- position() -> the index of the record being read, for errors.
function internals.field_reader()
  local position = 0
  local function read(records, names)
    local rows = {}
    for i, record in ipairs(records) do
      position = i
      local row = {}
      for j, name in ipairs(names) do row[j] = record[name] end
      rows[i] = row
    end
    position = 0
    return rows
  end
  return read, function() return position end
end

--- The names that may follow `a.b.c.` (or `a.b.c:`) in the REPL: the keys of the value the chain
--- names in the first of `roots` that has its first name (the session's locals, then the globals;
--- read raw: completing runs no script code), of its __index table, and the fields of a record. An
--- empty chain completes the names of every root.
function internals.completions(roots, chain)
  local values = {}
  for _, root in ipairs(roots) do
    local value = root
    for _, name in ipairs(chain) do
      if type(value) ~= "table" then value = nil; break end
      value = rawget(value, name)
    end
    if value ~= nil then
      values[#values + 1] = value
      if #chain > 0 then break end  -- a local shadows a global of its name
    end
  end
  local names, seen = {}, {}
  local function add(key)
    if type(key) == "string" and key:match("^[%a_][%w_]*$") and not key:match("^__") and not seen[key] then
      seen[key] = true; names[#names + 1] = key
    end
  end
  for _, value in ipairs(values) do
    if type(value) == "table" then
      for key in pairs(value) do add(key) end
      local mt = getmetatable(value)
      if type(mt) == "table" then
        if type(mt.__index) == "table" then for key in pairs(mt.__index) do add(key) end end
        if type(mt.__name) == "string" then
          for _, key in ipairs(host.entity_fields(mt.__name)) do add(key) end
          for key in pairs(computed[mt.__name] or {}) do add(key) end
        end
      end
    end
  end
  table.sort(names)
  return names
end

--- The evaluator of a segmentation over a reused customer view, a block of customers at a time.
--- `fetch(key, first, last[, into])` gives true and field `key` of customers first..last (a table
--- from 1, `into` refilled when given; nil for a key that is not a string), or false and why not;
--- each field read is fetched once a block into the table of the block before (no garbage a block),
--- and the view filled from those columns for each customer in turn.
function internals.evaluator(whens, default, fetch, bad)
  local fields = computed.customers or {}
  local keys, columns, prefilled, cached = {}, {}, {}, {}
  local first, last, offset = 0, -1, 0
  local function readonly(_, key) error("customer fields are read-only (setting '" .. tostring(key) .. "')", 2) end
  local meta = {
    __name = "customers",
    __index = function(t, key)
      if prefilled[key] then return nil end
      local compute = fields[key]
      if compute then
        local value = compute(t)
        if not cached[key] then cached[key] = true; cached[#cached + 1] = key end
        rawset(t, key, value)
        return value
      end
      local ok, column = fetch(key, first, last)
      if not ok then error(column, 2) end
      if column == nil then return nil end
      prefilled[key] = true
      keys[#keys + 1], columns[#columns + 1] = key, column
      local value = column[offset]
      rawset(t, key, value)
      return value
    end,
    __newindex = readonly,
    __tostring = function(t) return "customers " .. tostring(t.id) end,
  }
  local view = setmetatable({}, meta)
  local n, position = #whens, 0
  local function evaluate(from, to, out)
    first, last = from, to
    for j = 1, #keys do columns[j] = select(2, fetch(keys[j], from, to, columns[j])) end
    for i = from, to do
      offset = i - from + 1
      -- Filled by plain assignment (no call per field) while the view is writable.
      meta.__newindex = nil
      for j = 1, #keys do view[keys[j]] = columns[j][offset] end
      for j = 1, #cached do view[cached[j]] = nil end
      meta.__newindex = readonly
      local tier = default
      for k = 1, n do
        position = k
        local result = whens[k](view)
        if result == true then tier = k break
        elseif result ~= nil and result ~= false then bad(k, result) end
      end
      out[offset] = tier
    end
    position = 0
  end
  return evaluate, function() return position, first + offset - 1 end
end

return internals
"""#
