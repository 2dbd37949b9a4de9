/// The Lua side of report plugins: `crm.report.plugin{...}` checks a plugin's declaration, and the
/// document object its `build` function fills (`report:heading`, `:text`, `:tiles`, `:table`,
/// `:chart`) checks every block where the plugin's line can be named. Trusted host code run once
/// per state with the crm table and the internals.
let reportPrelude = #"""
local crm, internals = ...
local plugin_mt = { __name = "crm.report.plugin" }
local param_types = { string = true, number = true, integer = true, boolean = true, date = true, period = true,
                      team = true, rep = true, segment = true, customer = true }
local value_kinds = { text = true, integer = true, number = true, money = true, percent = true, change = true }
local chart_kinds = { bar = true, stacked_bar = true, line = true, funnel = true }

local function fail(level, message) error(message, level + 1) end

local function check(value, expected, what, level)
  if type(value) ~= expected then fail(level + 1, string.format("%s must be a %s, got %s", what, expected, type(value))) end
end

local function check_kind(kind, what, level)
  if kind ~= nil and not value_kinds[kind] then
    fail(level + 1, what .. " must be text, integer, number, money, percent or change, got '" .. tostring(kind) .. "'")
  end
end

local localized = internals.localized

crm.report = {}

--- crm.report.plugin{name, title, description, params = {{name, type, default, help}}, build = function(report, params)}
function crm.report.plugin(spec)
  local what = "crm.report.plugin"
  if type(spec) ~= "table" then error(what .. ": the argument must be a table", 0) end
  for key in pairs(spec) do
    if not ({ name = true, title = true, description = true, params = true, build = true })[key] then
      error(what .. ": unknown key '" .. tostring(key) .. "' (keys: build, description, name, params, title)", 0)
    end
  end
  if type(spec.name) ~= "string" or not spec.name:match("^[%w_%-]+$") then
    error(what .. ": 'name' must be letters, digits, '_' and '-'", 0)
  end
  local title, description = localized(spec.title), localized(spec.description)
  if type(title) ~= "string" then error(what .. ": 'title' must be a string (or {en = ..., zh = ...})", 0) end
  if type(spec.build) ~= "function" then error(what .. ": 'build' must be a function(report, params)", 0) end
  local params, seen = {}, {}
  for i, p in ipairs(spec.params or {}) do
    local where = what .. ": params[" .. i .. "]"
    if type(p) ~= "table" or type(p.name) ~= "string" or not p.name:match("^[%a_][%w_]*$") or seen[p.name] then
      error(where .. " needs a distinct 'name' (letters, digits, '_')", 0)
    end
    seen[p.name] = true
    if not param_types[p.type] then
      error(where .. ".type must be string, number, integer, boolean, date, period, team, rep, customer or segment, got '" .. tostring(p.type) .. "'", 0)
    end
    if p.default ~= nil and type(p.default) ~= "string" and type(p.default) ~= "number" and type(p.default) ~= "boolean" then
      error(where .. ".default must be a string, number or boolean", 0)
    end
    params[i] = { name = p.name, type = p.type, default = p.default ~= nil and tostring(p.default) or nil,
                  help = localized(p.help) or "", label = localized(p.label), required = p.required == true }
  end
  return setmetatable({ name = spec.name, title = title, description = description or "", params = params,
                        build = spec.build }, plugin_mt)
end

function internals.is_plugin(value) return getmetatable(value) == plugin_mt end

local document = {}
document.__index = document
document.__name = "crm.report document"

function internals.new_document() return setmetatable({ blocks = {} }, document) end

function document:heading(text, level)
  text = localized(text)
  check(text, "string", "report:heading(text)", 2)
  if level ~= nil and (math.type(level) ~= "integer" or level < 1 or level > 3) then fail(2, "report:heading: level must be 1, 2 or 3") end
  self.blocks[#self.blocks + 1] = { type = "heading", text = text, level = level or 1 }
end

function document:text(text)
  text = localized(text)
  check(text, "string", "report:text(text)", 2)
  self.blocks[#self.blocks + 1] = { type = "text", text = text }
end

-- The name machines read for a text given per language: its English (CSV and JSON read the same in any language).
local function machine_key(value, given)
  if given ~= nil then return tostring(given) end
  if type(value) == "table" and type(value.en) == "string" then return value.en end
  return nil
end

function document:tiles(list)
  check(list, "table", "report:tiles(list)", 2)
  local tiles = {}
  for i, t in ipairs(list) do
    local where = "report:tiles: [" .. i .. "]"
    check(t, "table", where, 2)
    local label, note = localized(t.label), localized(t.note)
    check(label, "string", where .. ".label", 2)
    for _, key in ipairs({ "value", "target", "change" }) do
      if t[key] ~= nil and type(t[key]) ~= "number" then fail(2, where .. "." .. key .. " must be a number or nil") end
    end
    check_kind(t.kind, where .. ".kind", 2)
    if t.direction ~= nil and t.direction ~= "up" and t.direction ~= "down" and t.direction ~= "flat" then
      fail(2, where .. ".direction must be up, down or flat")
    end
    tiles[i] = { label = label, key = machine_key(t.label, t.key) or false, value = t.value or false, kind = t.kind or "number",
                 target = t.target or false, change = t.change or false, direction = t.direction or false,
                 note = note and tostring(note) or false }
  end
  self.blocks[#self.blocks + 1] = { type = "tiles", tiles = tiles }
end

-- The records behind cell [r][i]: the orders of an order KPI's group in a period (the period made exact).
local record_kpis = { revenue = true, orders = true }
local function records_link(spec, r, i)
  local where = string.format("report:table: rows[%d][%d].records", r, i)
  if type(spec) == "table" and spec.segment ~= nil then
    -- The members of a tier (or of every tier) of a saved segmentation.
    if type(spec.segment) ~= "string" or (spec.tier ~= nil and type(spec.tier) ~= "string") then
      fail(3, where .. ": expected {segment = name, tier = name}")
    end
    return { row = r - 1, column = i - 1, segment = spec.segment, tier = spec.tier or "" }
  end
  if type(spec) == "table" and spec.stage ~= nil then
    -- The open deals of a stage of the pipeline, of the company or of a scope (team:T1, rep:R1).
    local scope = spec.scope
    if type(spec.stage) ~= "string" or (scope ~= nil and (type(scope) ~= "string"
        or not (scope == "company" or scope:match("^team:.") or scope:match("^rep:.")))) then
      fail(3, where .. ": expected {stage = name, scope = 'team:ID' or 'rep:ID'}")
    end
    return { row = r - 1, column = i - 1, stage = spec.stage, scope = spec.scope or "company" }
  end
  if type(spec) ~= "table" or not record_kpis[spec.kpi] then
    fail(3, where .. ": expected {kpi = 'revenue' or 'orders', period = ..., by = ..., key = ...}, {segment = ..., tier = ...}"
      .. " or {stage = ..., scope = ...}")
  end
  local ok, period = pcall(crm.period, spec.period)
  if not ok then fail(3, where .. ".period: " .. tostring(period)) end
  local by = spec.by or "company"
  if type(by) ~= "string" or not ({ company = true, rep = true, team = true, region = true, industry = true, product = true })[by] then
    fail(3, where .. ".by: expected company, rep, team, region, industry or product")
  end
  if spec.key ~= nil and type(spec.key) ~= "string" then fail(3, where .. ".key must be a string") end
  return { row = r - 1, column = i - 1, kpi = spec.kpi, period = period.name, by = by, key = spec.key or "" }
end

function document:table(spec)
  check(spec, "table", "report:table{title, columns, rows}", 2)
  check(spec.columns, "table", "report:table: columns", 2)
  check(spec.rows, "table", "report:table: rows", 2)
  local columns = {}
  for i, c in ipairs(spec.columns) do
    if type(c) == "string" or (type(c) == "table" and c.name == nil and (c.en or c.zh)) then c = { name = c } end
    check(c, "table", "report:table: columns[" .. i .. "]", 2)
    local name = localized(c.name)
    check(name, "string", "report:table: columns[" .. i .. "].name", 2)
    check_kind(c.kind, "report:table: columns[" .. i .. "].kind", 2)
    columns[i] = { name = name, kind = c.kind, key = machine_key(c.name, c.key) }
  end
  local rows, links = {}, {}
  for r, row in ipairs(spec.rows) do
    check(row, "table", "report:table: rows[" .. r .. "]", 2)
    local cells = {}
    for i = 1, #columns do
      local v = row[i]
      if type(v) == "boolean" then v = tostring(v) end
      if type(v) == "table" and v.records ~= nil then
        -- A sum of records, linked to them: {value = ..., records = {kpi, period, by, key}}.
        links[#links + 1] = records_link(v.records, r, i)
        v = v.value
      end
      if type(v) == "table" then
        -- A code with the words people read for it: {code = "lead", label = "线索"}; machines read the code.
        if type(v.code) ~= "string" or (v.label ~= nil and type(v.label) ~= "string") then
          fail(2, string.format("report:table: rows[%d][%d]: a table cell is {code = ..., label = ...}", r, i))
        end
        v = { code = v.code, label = v.label or v.code }
      elseif v ~= nil and type(v) ~= "number" and type(v) ~= "string" then
        fail(2, string.format("report:table: rows[%d][%d] must be a number, string, {code, label} or nil, got %s", r, i, type(v)))
      end
      if v == nil then cells[i] = false else cells[i] = v end  -- false keeps the row an array
      local seen = type(v) == "table" and "string" or type(v)
      if v ~= nil and columns[i].kind == nil then columns[i].inferred = (columns[i].inferred == nil or columns[i].inferred == seen) and seen or "mixed" end
    end
    rows[r] = cells
  end
  for _, c in ipairs(columns) do
    c.kind = c.kind or (c.inferred == "number" and "number" or "text")
    c.inferred = nil
  end
  self.blocks[#self.blocks + 1] = { type = "table", title = localized(spec.title) or false, columns = columns, rows = rows, links = links }
end

function document:chart(spec)
  check(spec, "table", "report:chart{kind, title, categories, series}", 2)
  if not chart_kinds[spec.kind] then fail(2, "report:chart: kind must be bar, stacked_bar, line or funnel, got '" .. tostring(spec.kind) .. "'") end
  local title = localized(spec.title)
  check(title, "string", "report:chart: title", 2)
  check(spec.categories, "table", "report:chart: categories", 2)
  local series = spec.series
  if series == nil and spec.values ~= nil then series = { { name = spec.title, values = spec.values } } end
  check(series, "table", "report:chart: series (or values)", 2)
  local categories = {}
  for i, c in ipairs(spec.categories) do categories[i] = tostring(c) end
  if spec.category_keys ~= nil then
    check(spec.category_keys, "table", "report:chart: category_keys", 2)
    if #spec.category_keys ~= #categories then fail(2, "report:chart: category_keys must name each category once") end
  end
  local out = {}
  for s, one in ipairs(series) do
    check(one, "table", "report:chart: series[" .. s .. "]", 2)
    check(one.values, "table", "report:chart: series[" .. s .. "].values", 2)
    local values = {}
    for i = 1, #categories do
      local v = one.values[i]
      if v ~= nil and type(v) ~= "number" then fail(2, string.format("report:chart: series[%d].values[%d] must be a number", s, i)) end
      values[i] = v or 0
    end
    out[s] = { name = tostring(localized(one.name) or ("series " .. s)), key = machine_key(one.name, one.key) or false, values = values }
  end
  check_kind(spec.value_kind, "report:chart: value_kind", 2)
  self.blocks[#self.blocks + 1] = { type = "chart", kind = spec.kind, title = title, categories = categories, series = out,
                                    value_kind = spec.value_kind or "number", x_label = localized(spec.x_label) or false,
                                    y_label = localized(spec.y_label) or false, x_key = machine_key(spec.x_label, spec.x_key) or false,
                                    category_keys = spec.category_keys or false }
end

--- Runs a plugin's build function with a fresh document; returns the document's blocks.
function internals.build_report(plugin, params)
  local doc = internals.new_document()
  plugin.build(doc, params)
  return doc.blocks
end
"""#
