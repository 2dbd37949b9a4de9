-- A large open deal whose expected close date has passed.
local threshold = 50000   -- in the base currency

crm.alert {
  name = "slipped-big-deal",
  severity = "critical",
  description = { en = "Deal above the threshold whose expected close date has passed", zh = "大额商机已过预计成交日期" },
  check = function(emit)
    for _, d in ipairs(crm.find("deals", { status = "open" })) do
      if (d.amount or 0) >= threshold and d.expected_close_on and d.expected_close_on < crm.as_of then
        emit {
          key = d.id,
          subject = string.format(crm.t { en = "Deal %s (%s, %.0f) slipped past %s", zh = "商机 %s（%s，%.0f）已过预计成交日期 %s" },
                                  d.id, d.name or "", d.amount, d.expected_close_on),
          message = crm.t { en = "Update the expected close date or the stage, or escalate.",
                           zh = "请更新预计成交日期或商机阶段，或上报处理。" },
          owner = d.owner_id,
          data = { size = d.amount, amount = d.amount, expected_close_on = d.expected_close_on, stage = d.stage },
        }
      end
    end
  end,
}
