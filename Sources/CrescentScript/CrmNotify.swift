import CrescentStore
import LuaKit

/// `crm.notify(channel, {title, text})`: a message for a chat group or webhook, queued with the
/// run's writes (sent after the run commits, never when it fails or is a dry run).
extension CrmModule {
    /// At most this many notifications per run: a group robot takes about 20 a minute.
    static let notificationLimit = 50

    func registerNotify(inTableAt table: Int32) {
        state.register("notify", inTableAt: table) { call in
            _ = try self.writing(call)
            let channel = try call.string(1)
            _ = try call.table(2)
            guard case .map(let fields) = try call.value(2), let title = fields["title"]?.stringValue, !title.isEmpty else {
                throw self.argumentError(2, "crm.arg.notify_title")
            }
            for key in fields.keys where !["title", "text"].contains(key) {
                throw self.argumentError(2, "crm.arg.notify_field", ["field": key])
            }
            guard self.notified < Self.notificationLimit else {
                throw LuaScriptError(Message("notify.over_limit", ["limit": Self.notificationLimit]).text(self.language))
            }
            let place = call.callerPlace ?? "?"
            try self.store.queueNotifications([NotificationRecord(channel: channel, title: title, text: fields["text"]?.stringValue ?? "",
                                                                  source: "run \(place)")])
            self.notified += 1
            return 0
        }
    }
}
