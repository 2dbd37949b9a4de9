-- A follow-up task of a top-tier customer (value-tier A) is open past its due day.
local definition = require("segments.value-tier")   -- its tiers make the follow-up tasks

crm.alert {
  name = "overdue-top-tier-task",
  severity = "warning",
  description = { en = "Follow-up task of a tier A customer open past its due day", zh = "A级客户的跟进任务已逾期" },
  check = function(emit)
    local ok, segment = pcall(crm.segment, definition.name)
    if not ok then return end   -- never segmented yet: no tasks to check
    local top = definition.tiers[1].name
    local members = {}
    for _, c in ipairs(segment:members(top)) do members[c.id] = c end
    for _, task in ipairs(crm.tasks { due = "overdue" }) do
      local c = task.customer_id and members[task.customer_id]
      if c then
        local late = crm.period(task.due_on .. ".." .. crm.as_of).days - 1
        emit {
          key = task.id,
          subject = string.format(crm.t { en = "%s (tier %s): \"%s\" overdue by %d days", zh = "%s（%s级）：“%s”已逾期 %d 天" },
                                  c.name, top, task.subject, late),
          message = string.format(crm.t { en = "Task %s, %s, was due on %s.", zh = "任务 %s（%s）应于 %s 完成。" },
                                  task.id, task.kind, task.due_on),
          owner = task.owner_id,
          data = { task = task.id, customer_id = c.id, due_on = task.due_on, days_overdue = late },
        }
      end
    end
  end,
}
