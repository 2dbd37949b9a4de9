-- Text helpers for scripts that print tables: columns stay aligned with Chinese,
-- Japanese and Korean text, whose characters take two columns on a terminal.
local M = {}

local function is_wide(cp)
  return (cp >= 0x1100 and cp <= 0x115F) or (cp >= 0x2E80 and cp <= 0xA4CF)
      or (cp >= 0xAC00 and cp <= 0xD7A3) or (cp >= 0xF900 and cp <= 0xFAFF)
      or (cp >= 0xFE30 and cp <= 0xFE4F) or (cp >= 0xFF00 and cp <= 0xFF60)
      or (cp >= 0xFFE0 and cp <= 0xFFE6) or (cp >= 0x1F300 and cp <= 0x1FAFF)
      or (cp >= 0x20000 and cp <= 0x3FFFD)
end

--- Columns `s` takes on a terminal.
function M.width(s)
  local w = 0
  for _, cp in utf8.codes(s) do w = w + (is_wide(cp) and 2 or 1) end
  return w
end

--- `s` padded with spaces to `n` columns (left-aligned), or right-aligned when `right` is true.
function M.pad(s, n, right)
  s = tostring(s)
  local fill = string.rep(" ", math.max(0, n - M.width(s)))
  return right and fill .. s or s .. fill
end

--- 1234567.891 -> "1,234,568"
function M.thousands(x)
  local s = string.format("%.0f", x)
  local sign, digits = s:match("^(-?)(%d+)$")
  return sign .. digits:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
end

--- Prints rows (arrays of strings) under headers, each column as wide as its widest cell.
--- `right` lists the columns to right-align (numbers).
function M.table(headers, rows, right)
  right = right or {}
  local widths = {}
  for i, h in ipairs(headers) do widths[i] = M.width(h) end
  for _, row in ipairs(rows) do
    for i, cell in ipairs(row) do widths[i] = math.max(widths[i], M.width(tostring(cell))) end
  end
  local function line(cells)
    local out = {}
    for i, cell in ipairs(cells) do out[i] = M.pad(cell, widths[i], right[i]) end
    print((table.concat(out, "  "):gsub("%s+$", "")))
  end
  line(headers)
  local rule = {}
  for i, w in ipairs(widths) do rule[i] = string.rep("-", w) end
  line(rule)
  for _, row in ipairs(rows) do line(row) end
end

return M
