-- Rep scorecard: the quarterly review of scripts/scorecards/rep-review.lua, dimension by
-- dimension, with the ladder's verdicts. crescent report rep-scorecard [--param period=2026-Q3]
local card = require("scorecards.rep-review")

return crm.report.plugin {
  name = "rep-scorecard",
  title = "Rep scorecard",
  description = "Results, process, customers and teamwork scores per rep, ranked, with the ladder's verdicts",
  params = {
    { name = "period", type = "period", default = "last-quarter", help = "the review period" },
    { name = "team", type = "team", help = "only this team" },
  },
  build = function(report, p)
    local dimensions = {}
    for i, d in ipairs(card.dimensions) do dimensions[i] = d.name end
    local rows, names, series = {}, {}, {}
    for i, name in ipairs(dimensions) do series[i] = { name = name, values = {} } end
    local promote, risk = 0, 0
    for _, s in ipairs(crm.scores(card, { period = p.period })) do
      if p.team == nil or s.team == p.team then
        local row = { s.rank, s.rep, s.name, s.team, s.level }
        for i in ipairs(dimensions) do row[#row + 1] = s.dimensions[i].score end
        row[#row + 1] = s.score
        row[#row + 1] = s.ladder
        rows[#rows + 1] = row
        if s.ladder:find("ready") then promote = promote + 1 elseif s.ladder == "at risk" then risk = risk + 1 end
        if #names < 12 then
          names[#names + 1] = s.name .. " (" .. s.rep .. ")"
          for i, d in ipairs(card.dimensions) do
            series[i].values[#names] = (s.dimensions[i].score or 0) * d.weight
          end
        end
      end
    end
    report:tiles {
      { label = "Reps reviewed", value = #rows, kind = "integer" },
      { label = "Ready to move up", value = promote, kind = "integer" },
      { label = "At risk", value = risk, kind = "integer" },
    }
    local columns = { { name = "rank", kind = "integer" }, "rep", "name", "team", "level" }
    for _, name in ipairs(dimensions) do columns[#columns + 1] = { name = name, kind = "number" } end
    columns[#columns + 1] = { name = "score", kind = "number" }
    columns[#columns + 1] = "ladder"
    report:table { columns = columns, rows = rows }
    report:chart { kind = "stacked_bar", title = "Weighted score by dimension (top 12)", categories = names, series = series,
                   value_kind = "number", x_label = "rep", y_label = "points" }
  end,
}
