import CrescentCore
import CrescentReport
import CrescentStore
import LuaKit

/// `crm.task{...}` and `crm.tasks{...}`: follow-up tasks from scripts.
extension CrmModule {
    func registerTasks(inTableAt table: Int32) {
        // crm.task{customer_id = ..., kind = ..., subject = ..., due_on = ...} -> the task made: open, due on
        // crm.as_of, for the customer's (or deal's) owner, its source the script, unless the fields say otherwise.
        state.register("task", inTableAt: table) { call in
            let writer = try self.writing(call)
            let task = try TaskActions.create(try self.fieldsArgument(call, 1), asOf: self.asOf, source: writer.source,
                                              writer: writer, store: self.store, place: call.callerPlace)
            try self.binding(.tasks).push(task)
            return 1
        }
        // crm.tasks{owner = ..., customer = ..., status = "open", due = "overdue", source = ...} -> tasks by due day
        state.register("tasks", inTableAt: table) { call in
            let options = call.isNil(1) ? [:] : try self.taskOptions(call)
            func text(_ key: String) -> String? { options[key]?.stringValue }
            let query = TaskQuery(owner: text("owner"), customer: text("customer"), status: text("status") ?? "open",
                                  due: text("due"), source: text("source"))
            let filter: TaskFilter
            do throws(StoreError) { filter = try query.filter(asOf: self.asOf) } catch { throw LuaArgumentError(index: 1, message: error.text(self.language)) }
            try self.pushRecords(try self.store.tasks(filter), of: .tasks)
            return 1
        }
    }

    /// The options of `crm.tasks`: known keys, each a string.
    private func taskOptions(_ call: LuaCall) throws -> [String: LuaValue] {
        _ = try call.table(1)
        let known = ["owner", "customer", "status", "due", "source"]
        guard case .map(let options) = try call.value(1) else { return [:] }
        for (key, value) in options {
            guard known.contains(key) else {
                throw self.argumentError(1, "crm.arg.unknown_option", ["option": key, "hint": didYouMean(key, among: known).description, "options": known.joined(separator: ", ")])
            }
            guard value.stringValue != nil else { throw self.argumentError(1, "crm.arg.not_string", ["name": key]) }
        }
        return options
    }
}

/// `crm.alerts{status}`: the alerts the rules raised, most urgent first.
extension CrmModule {
    func registerAlerts(inTableAt table: Int32) {
        // crm.alerts{status = "not_closed"} -> {rule, key, severity, subject, message, owner, raised_on, status, data}...
        state.register("alerts", inTableAt: table) { call in
            var status = "not_closed"
            if !call.isNil(1) {
                _ = try call.table(1)
                if case .map(let options) = try call.value(1), let given = options["status"] { status = given.stringValue ?? "" }
            }
            let filters: [String: AlertFilter] = ["not_closed": .notClosed, "open": .open, "all": .all]
            guard let filter = filters[status] else {
                throw self.argumentError(1, "crm.arg.task_status", ["got": status])
            }
            try self.push(AlertList(try self.store.alerts(filter), ownerNames: try self.store.names(of: .reps)))
            return 1
        }
    }
}
