/// The Lua side of commission plans and scorecards: checking their definitions where a script's
/// line can be named, and evaluating their rules. Trusted host code run once per state with the
/// crm table and the internals of `crmPrelude`.
let planPrelude = #"""
local crm, internals = ...
local plan_mt = { __name = "crm.commission_plan" }
local scorecard_mt = { __name = "crm.scorecard" }

-- Definitions are usually returned in a tail call, where Lua knows no line of the script:
-- the host prefixes the script's name instead.
local function fail(what, message) error(what .. ": " .. message, 0) end

local function check_keys(spec, allowed, what)
  for key in pairs(spec) do
    if not allowed[key] then
      local names = {}
      for name in pairs(allowed) do names[#names + 1] = name end
      table.sort(names)
      fail(what, string.format("unknown key '%s' (keys: %s)", tostring(key), table.concat(names, ", ")))
    end
  end
end

-- A declared text: a string or {en = ..., zh = ...}, taken in crm.lang; "" when not given.
local function text(value, what)
  local chosen = internals.localized(value)
  if chosen ~= nil and type(chosen) ~= "string" then fail(what, "must be a string or {en = ..., zh = ...}, got " .. type(value)) end
  return chosen or ""
end

local function check_number(value, what, minimum)
  if type(value) ~= "number" or value ~= value or value < (minimum or 0) then
    fail(what, "must be a number of at least " .. tostring(minimum or 0) .. ", got " .. tostring(value))
  end
end

local function check_rates(rates, what)
  if rates == nil then return {} end
  if type(rates) ~= "table" then fail(what, "must be a table of id = rate") end
  for key, rate in pairs(rates) do
    if type(key) ~= "string" then fail(what, "keys must be strings") end
    check_number(rate, what .. "." .. key)
  end
  return rates
end

--- crm.commission_plan{name, base_rate, product_rates, category_rates, tiers, spiffs, cap, clawback}
function crm.commission_plan(spec)
  local what = "crm.commission_plan"
  if type(spec) ~= "table" then fail(what, "the argument must be a table") end
  check_keys(spec, { name = true, description = true, base_rate = true, product_rates = true, category_rates = true,
                     tiers = true, spiffs = true, cap = true, clawback = true }, what)
  if type(spec.name) ~= "string" or spec.name == "" then fail(what, "'name' must be a non-empty string") end
  check_number(spec.base_rate, what .. ": 'base_rate'")
  local tiers = {}
  for i, tier in ipairs(spec.tiers or {}) do
    local where = what .. ": tiers[" .. i .. "]"
    if type(tier) ~= "table" then fail(where, "must be a table {from = ..., to = ..., multiplier = ...}") end
    check_keys(tier, { from = true, to = true, multiplier = true }, where)
    check_number(tier.from, where .. ".from")
    if tier.to ~= nil then check_number(tier.to, where .. ".to") end
    check_number(tier.multiplier, where .. ".multiplier")
    local previous = tiers[i - 1]
    if (previous and previous.to ~= tier.from) or (not previous and tier.from ~= 0) then
      fail(where, "tiers must start at 0 and each start where the one before ends")
    end
    if previous and previous.to == nil then fail(where, "only the last tier may leave 'to' out") end
    if tier.to ~= nil and tier.to <= tier.from then fail(where, "'to' must be above 'from'") end
    tiers[i] = { from = tier.from, to = tier.to, multiplier = tier.multiplier }
  end
  local spiffs = {}
  for i, spiff in ipairs(spec.spiffs or {}) do
    local where = what .. ": spiffs[" .. i .. "]"
    if type(spiff) ~= "table" then fail(where, "must be a table") end
    check_keys(spiff, { name = true, on = true, when = true, amount = true, rate = true }, where)
    if type(spiff.name) ~= "string" then fail(where, "'name' must be a string") end
    if spiff.on ~= "orders" and spiff.on ~= "deals" then fail(where, "'on' must be \"orders\" or \"deals\"") end
    if type(spiff.when) ~= "function" then fail(where, "'when' must be a function of the " .. spiff.on:sub(1, -2)) end
    if (spiff.amount == nil) == (spiff.rate == nil) then fail(where, "give one of 'amount' (per match) or 'rate' (of the amount)") end
    if spiff.amount ~= nil then check_number(spiff.amount, where .. ".amount") end
    if spiff.rate ~= nil then check_number(spiff.rate, where .. ".rate") end
    spiffs[i] = { name = spiff.name, on = spiff.on, when = spiff.when, amount = spiff.amount, rate = spiff.rate }
  end
  if spec.cap ~= nil then check_number(spec.cap, what .. ": 'cap'") end
  if spec.clawback ~= nil and type(spec.clawback) ~= "boolean" then fail(what, "'clawback' must be true or false") end
  return setmetatable({ name = spec.name, description = text(spec.description, what .. ": 'description'"), base_rate = spec.base_rate,
                        product_rates = check_rates(spec.product_rates, what .. ": product_rates"),
                        category_rates = check_rates(spec.category_rates, what .. ": category_rates"),
                        tiers = tiers, spiffs = spiffs, cap = spec.cap, clawback = spec.clawback ~= false }, plan_mt)
end

local configured_stages = nil
local forecast_categories = { pipeline = true, best_case = true, commit = true, closed = true, omitted = true }

--- crm.stages{{name = ..., probability = ..., max_dwell_days = ..., forecast = "commit", exit = function(deal) ... end}, ..., lost = "lost"}:
--- the funnel's stages in order, the last being the won stage; kept in scripts/funnel/.
function crm.stages(spec)
  local what = "crm.stages"
  if type(spec) ~= "table" then fail(what, "the argument must be a list of stages") end
  if configured_stages then fail(what, "the funnel stages are already configured") end
  if #spec < 2 then fail(what, "list at least two stages, the last being the won stage") end
  local seen, stages = {}, {}
  for key in pairs(spec) do
    if key ~= "lost" and (math.type(key) ~= "integer" or key < 1 or key > #spec) then fail(what, "unknown key '" .. tostring(key) .. "'") end
  end
  for i, stage in ipairs(spec) do
    local where = what .. ": [" .. i .. "]"
    if type(stage) ~= "table" then fail(where, "must be a table {name = ..., probability = ...}") end
    check_keys(stage, { name = true, probability = true, max_dwell_days = true, exit = true, forecast = true }, where)
    if type(stage.name) ~= "string" or stage.name == "" or seen[stage.name] then fail(where, "needs a distinct, non-empty 'name'") end
    seen[stage.name] = true
    check_number(stage.probability, where .. ".probability")
    if stage.probability > 1 then fail(where, "'probability' is a share from 0 to 1") end
    if stage.max_dwell_days ~= nil then check_number(stage.max_dwell_days, where .. ".max_dwell_days") end
    if stage.exit ~= nil and type(stage.exit) ~= "function" then fail(where, "'exit' must be a function of the deal") end
    if stage.forecast ~= nil and not forecast_categories[stage.forecast] then
      fail(where, "'forecast' is one of pipeline, best_case, commit, closed, omitted")
    end
    stages[i] = { name = stage.name, probability = stage.probability, max_dwell_days = stage.max_dwell_days, exit = stage.exit,
                  forecast = stage.forecast }
  end
  if spec.lost ~= nil and (type(spec.lost) ~= "string" or seen[spec.lost]) then fail(what, "'lost' must name a closing state that is not a stage") end
  configured_stages = { stages = stages, lost = spec.lost or "lost" }
end

function internals.stages() return configured_stages end

--- Which deals (records, all in stage k) meet stage k's exit criteria: an array of booleans.
function internals.exit_ready(k, deals)
  local stage, out = configured_stages.stages[k], {}
  for i, deal in ipairs(deals) do
    local result = stage.exit(deal)
    if result ~= nil and type(result) ~= "boolean" then
      error(string.format("stage '%s': 'exit' returned a %s for %s, expected true, false or nil", stage.name, type(result), tostring(deal)), 0)
    end
    out[i] = result == true
  end
  return out
end

function internals.is_plan(value) return getmetatable(value) == plan_mt end

--- Which records of `records` spiff k of `plan` pays for: an array of booleans.
function internals.spiff_matches(plan, k, records)
  local when, out = plan.spiffs[k].when, {}
  for i, record in ipairs(records) do
    local result = when(record)
    if result ~= nil and type(result) ~= "boolean" then
      error(string.format("spiff '%s': 'when' returned a %s for %s, expected true, false or nil", plan.spiffs[k].name, type(result), tostring(record)), 0)
    end
    out[i] = result == true
  end
  return out
end

--- crm.scorecard{name, dimensions = {{name, label, weight, measures = {...} | score = function(rep)}}, ladder = {...}}
function crm.scorecard(spec)
  local what = "crm.scorecard"
  if type(spec) ~= "table" then fail(what, "the argument must be a table") end
  check_keys(spec, { name = true, description = true, dimensions = true, ladder = true }, what)
  if type(spec.name) ~= "string" or spec.name == "" then fail(what, "'name' must be a non-empty string") end
  if type(spec.dimensions) ~= "table" or #spec.dimensions == 0 then fail(what, "'dimensions' must list at least one dimension") end
  local dimensions = {}
  for i, d in ipairs(spec.dimensions) do
    local where = what .. ": dimensions[" .. i .. "]"
    if type(d) ~= "table" then fail(where, "must be a table") end
    check_keys(d, { name = true, label = true, weight = true, measures = true, score = true }, where)
    if type(d.name) ~= "string" then fail(where, "'name' must be a string") end
    check_number(d.weight, where .. ".weight")
    if (d.measures == nil) == (d.score == nil) then fail(where, "give one of 'measures' (KPIs) or 'score' (a function of the rep)") end
    local measures = {}
    for j, m in ipairs(d.measures or {}) do
      local at = where .. ".measures[" .. j .. "]"
      if type(m) ~= "table" then fail(at, "must be a table") end
      check_keys(m, { kpi = true, weight = true, target = true, kind = true, stage = true, lower_is_better = true }, at)
      if type(m.kpi) ~= "string" then fail(at, "'kpi' must be a KPI name") end
      if m.weight ~= nil then check_number(m.weight, at .. ".weight") end
      if m.target ~= nil then check_number(m.target, at .. ".target") end
      measures[j] = { kpi = m.kpi, weight = m.weight or 1, target = m.target, kind = m.kind, stage = m.stage,
                      lower_is_better = m.lower_is_better == true }
    end
    if d.score ~= nil and type(d.score) ~= "function" then fail(where, "'score' must be a function of the rep record") end
    local label = d.label ~= nil and text(d.label, where .. ".label") or d.name
    dimensions[i] = { name = d.name, label = label, weight = d.weight, measures = measures, score = d.score }
  end
  local ladder = {}
  for i, rung in ipairs(spec.ladder or {}) do
    local at = what .. ": ladder[" .. i .. "]"
    if type(rung) ~= "table" or type(rung.level) ~= "string" then fail(at, "must be a table with a 'level'") end
    check_keys(rung, { level = true, promote_at = true, at_risk_below = true }, at)
    if rung.promote_at ~= nil then check_number(rung.promote_at, at .. ".promote_at") end
    if rung.at_risk_below ~= nil then check_number(rung.at_risk_below, at .. ".at_risk_below") end
    ladder[i] = { level = rung.level, promote_at = rung.promote_at, at_risk_below = rung.at_risk_below }
  end
  return setmetatable({ name = spec.name, description = text(spec.description, what .. ": 'description'"), dimensions = dimensions, ladder = ladder }, scorecard_mt)
end

function internals.is_scorecard(value) return getmetatable(value) == scorecard_mt end

--- Scores dimension k of `card` for each rep record with its score function (0 to 100, or nil).
function internals.dimension_scores(card, k, reps)
  local score, out = card.dimensions[k].score, {}
  for i, rep in ipairs(reps) do
    local value = score(rep)
    if value ~= nil and type(value) ~= "number" then
      error(string.format("dimension '%s': 'score' returned a %s for %s, expected a number from 0 to 100 or nil",
                          card.dimensions[k].name, type(value), tostring(rep)), 0)
    end
    out[i] = value or false
  end
  return out
end
"""#
