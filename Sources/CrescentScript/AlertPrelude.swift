/// The Lua side of alert rules: `crm.alert{name, severity, check}` registers a rule, and
/// `emit{key, subject, message, owner, data}` inside `check` reports one condition found,
/// checked where the rule's line can be named. Trusted host code run once per state.
let alertPrelude = #"""
local crm, internals = ...
local rules = {}
internals.alert_rules = rules
local severities = { info = true, warning = true, critical = true }

--- crm.alert{name = ..., severity = "info|warning|critical", description = ..., check = function(emit) ... end}
function crm.alert(spec)
  local what = "crm.alert"
  if type(spec) ~= "table" then error(what .. ": the argument must be a table", 2) end
  for key in pairs(spec) do
    if not ({ name = true, severity = true, description = true, check = true })[key] then
      error(what .. ": unknown key '" .. tostring(key) .. "' (keys: check, description, name, severity)", 2)
    end
  end
  if type(spec.name) ~= "string" or not spec.name:match("^[%w_%-%.]+$") then
    error(what .. ": 'name' must be letters, digits, '_', '-' and '.'", 2)
  end
  if not severities[spec.severity] then error(what .. ": 'severity' must be info, warning or critical", 2) end
  if type(spec.check) ~= "function" then error(what .. ": 'check' must be a function(emit)", 2) end
  for _, rule in ipairs(rules) do
    if rule.name == spec.name then error(what .. ": there is already a rule named '" .. spec.name .. "'", 2) end
  end
  local description = internals.localized(spec.description)
  if description ~= nil and type(description) ~= "string" then
    error(what .. ": 'description' must be a string or {en = ..., zh = ...}", 2)
  end
  rules[#rules + 1] = { name = spec.name, severity = spec.severity, description = description or "", check = spec.check }
  return spec
end

--- Runs rule k's check; returns what it emitted, each {key, subject, message, owner, data}.
function internals.run_alert_rule(k)
  local out = {}
  local function emit(alert)
    if type(alert) ~= "table" then error("emit: the argument must be a table {key, subject, message, owner, data}", 2) end
    if type(alert.key) ~= "string" and type(alert.key) ~= "number" then error("emit: 'key' must be a string", 2) end
    if type(alert.subject) ~= "string" then error("emit: 'subject' must be a string", 2) end
    if alert.message ~= nil and type(alert.message) ~= "string" then error("emit: 'message' must be a string", 2) end
    if alert.owner ~= nil and type(alert.owner) ~= "string" then error("emit: 'owner' must be a rep id", 2) end
    if alert.data ~= nil and type(alert.data) ~= "table" then error("emit: 'data' must be a table", 2) end
    local problem = alert.data ~= nil and internals.value_problem(alert.data)
    if problem then error("emit: 'data': " .. problem, 2) end
    out[#out + 1] = { key = tostring(alert.key), subject = alert.subject, message = alert.message or "", owner = alert.owner or false,
                      data = alert.data or {} }
  end
  rules[k].check(emit)
  return out
end
"""#
