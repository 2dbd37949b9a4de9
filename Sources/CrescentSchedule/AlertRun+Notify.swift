import CrescentNotify
import CrescentScript
import CrescentStore

extension AlertRun {
    /// Saves the run (see `record`) and queues the notifications of the alerts it raised for the
    /// channels `config` routes them to, in one transaction: the notifications are sent after it.
    public func record(in store: any RecordStore, asOf day: CalendarDate, deliver: Bool, notifying config: NotifyConfig?,
                       language: Language) throws -> [AlertRecord] {
        try store.transaction {
            let raised = try record(in: store, asOf: day, deliver: deliver)
            if let config {
                try store.queueNotifications(config.notifications(for: raised, ownerNames: try store.names(of: .reps), language: language))
            }
            return (raised, commit: true)
        }
    }
}
