-- Rep scorecard: the quarterly review of scripts/scorecards/rep-review.lua, dimension by
-- dimension, with the ladder's verdicts. crescent report rep-scorecard [--param period=2026-Q3]
local card = require("scorecards.rep-review")

return crm.report.plugin {
  name = "rep-scorecard",
  title = { en = "Rep scorecard", zh = "销售评分卡" },
  description = { en = "Results, process, customers and teamwork scores per rep, ranked, with the ladder's verdicts",
                  zh = "每位销售的业绩、过程、客户与团队协作得分及排名，附职级评定" },
  params = {
    { name = "period", type = "period", default = "last-quarter", help = { en = "the review period", zh = "考核期间" } },
    { name = "team", type = "team", help = { en = "only this team", zh = "只看该团队" } },
  },
  build = function(report, p)
    local dimensions = {}
    for i, d in ipairs(card.dimensions) do dimensions[i] = { name = d.label, key = d.name } end
    local rows, names, series = {}, {}, {}
    for i, d in ipairs(dimensions) do series[i] = { name = d.name, key = d.key, values = {} } end
    local promote, risk = 0, 0
    for _, s in ipairs(crm.scores(card, { period = p.period })) do
      if p.team == nil or s.team == p.team then
        local row = { s.rank, s.rep, s.name, s.team, { code = s.level, label = crm.label("level", s.level) } }
        -- By position: a dimension without a score (no surveys) leaves its cell empty, not the next one's.
        local n = #dimensions
        for i = 1, n do row[5 + i] = s.dimensions[i].score end
        row[6 + n], row[7 + n] = s.score, { code = s.ladder, label = crm.label("ladder", s.ladder) }
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
      { label = { en = "Reps reviewed", zh = "参评销售" }, value = #rows, kind = "integer" },
      { label = { en = "Ready to move up", zh = "可晋升" }, value = promote, kind = "integer" },
      { label = { en = "At risk", zh = "待改进" }, value = risk, kind = "integer" },
    }
    local columns = { { name = { en = "rank", zh = "排名" }, kind = "integer" }, { en = "rep", zh = "销售" }, { en = "name", zh = "姓名" },
                      { en = "team", zh = "团队" }, { en = "level", zh = "职级" } }
    for _, d in ipairs(dimensions) do columns[#columns + 1] = { name = d.name, key = d.key, kind = "number" } end
    columns[#columns + 1] = { name = { en = "score", zh = "总分" }, kind = "number" }
    columns[#columns + 1] = { en = "ladder", zh = "职级评定" }
    report:table { columns = columns, rows = rows }
    report:chart { kind = "stacked_bar", title = { en = "Weighted score by dimension (top 12)", zh = "各维度加权得分（前12名）" }, categories = names, series = series,
                   value_kind = "number", x_label = { en = "rep", zh = "销售" }, y_label = { en = "points", zh = "分" } }
  end,
}
