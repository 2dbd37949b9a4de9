import Foundation

/// What the layers above need of a record store, whatever keeps the records: the SQLite file of
/// `SQLiteStore` today, a database server next. Every operation is a domain operation (import a
/// file, the order totals of a period by rep...), so that each backend writes its own queries and
/// no SQL leaves the store. Requirements have no default arguments: the extension below adds them.
public protocol RecordStore: AnyObject, Sendable {
    /// Where the store is, for messages: a file path or a server address.
    var location: String { get }

    // Store
    func baseCurrency() throws(StoreError) -> String
    func meta(_ key: String) throws(StoreError) -> String?
    func setMeta(_ key: String, _ value: String) throws(StoreError)
    func customFields(of entity: Entity) throws(StoreError) -> [String]
    /// Makes `zone` the store's time zone, every stored timestamp moved to its wall clock (the same
    /// instants), in one transaction; with `dryRun`, only says what would change.
    func changeTimeZone(to zone: String, dryRun: Bool) throws(StoreError) -> [TimestampColumnChange]
    /// Runs `body` with the reads it makes seeing one snapshot of the store, so that they agree
    /// while other processes write (a server store); `body` must not write.
    func consistentRead<T>(_ body: () throws -> T) throws -> T
    /// Whether reads on other threads may run while this thread writes, each seeing what this
    /// thread's reads would: false inside a transaction this thread holds (its writes are not
    /// committed), and for a store read through the connection it writes with.
    var readsBesideWrites: Bool { get }

    // Records
    /// Imports the records of `source` (CSV text, a sheet) into `entity`: all or nothing.
    func importRecords(_ entity: Entity, from source: ImportSource, options: ImportOptions,
                       progress: ((Double) -> Void)?) throws(StoreError) -> ImportReport
    func export(_ entity: Entity, format: ExportFormat, to output: TextSink, extra: ExtraColumns?) throws
    func record(_ entity: Entity, id: String) throws(StoreError) -> Record?
    func find(_ entity: Entity, where filter: [String: StoredValue], limit: Int?) throws(StoreError) -> [Record]
    func records(_ entity: Entity, ids: [String]) throws(StoreError) -> [Record]
    func count(_ entity: Entity, where filter: [String: StoredValue]) throws(StoreError) -> Int
    func forEachPage(_ entity: Entity, size: Int, _ body: ([Record]) throws -> Void) throws
    /// Every record's `fields`, read in place, in no order a caller may rely on: for whole-table computations.
    func scan(_ entity: Entity, fields: [String], _ body: (ScanRow) throws -> Void) throws(StoreError)
    func sortedIDs(_ entity: Entity) throws(StoreError) -> IdIndex
    func names(of entity: Entity) throws(StoreError) -> [String: String]
    func repTeams() throws(StoreError) -> [String: String]

    // Writes and their audit trail (RecordWrites.swift)
    /// Runs `body` with every read and write this thread makes on the store in one transaction,
    /// committed when it returns `commit`, else rolled back (a dry run, or when it throws).
    func transaction<T>(_ body: () throws -> (T, commit: Bool)) throws -> T
    func recordWriter(source: String, limit: Int, dryRun: Bool, undoes: Int64?) throws(StoreError) -> RecordWriter
    func changes(_ filter: ChangeFilter) throws(StoreError) -> [ChangeEntry]
    func tasks(_ filter: TaskFilter) throws(StoreError) -> [Record]
    func undo(run: Int64, with writer: RecordWriter) throws(StoreError)

    // Sales aggregates (KPIs, funnel, commissions)
    /// Order totals per group and currency; the costs of their products only when `costs`.
    func orderTotals(from: CalendarDate, to: CalendarDate, by grouping: Grouping, costs: Bool) throws(StoreError) -> [OrderTotal]
    func orderingCustomers(from: CalendarDate, to: CalendarDate, by grouping: Grouping) throws(StoreError) -> [(key: String?, customer: String)]
    func firstOrders(from: CalendarDate, to: CalendarDate, by grouping: Grouping) throws(StoreError) -> [(key: String?, customer: String)]
    func deals(_ selection: DealSelection, by grouping: Grouping) throws(StoreError) -> [DealRow]
    func activityCounts(from: CalendarDate, to: CalendarDate, kind: String?, by grouping: Grouping) throws(StoreError) -> [(key: String?, count: Int)]
    func surveyScores(from: CalendarDate, to: CalendarDate, by grouping: Grouping) throws(StoreError) -> [(key: String?, responses: Int, total: Double)]
    func scanStageEntries(by grouping: Grouping, _ body: (_ deal: ScanRow, _ entry: ScanRow) throws -> Void) throws(StoreError)
    /// Every deal's stage entries as columns, grouped as asked: kept where the store can (by rep or
    /// for the company), else read from the records (`scannedStageEntries`).
    func stageEntries(by grouping: Grouping) throws(StoreError) -> StageEntries
    /// The orders of each customer up to `asOf`, summed by the store where it can: `totals` gets one
    /// row per customer for the orders in the base currency (or none) — customer_id, orders, amount,
    /// orders from `since` on, their amount, first day, last day — and `foreign` each order in
    /// another currency — customer_id, ordered_on, amount, currency — to convert at its day's rate.
    /// False when the store does not sum (a local file scans its orders as fast): then scan them.
    func customerOrderTotals(since: CalendarDate, asOf: CalendarDate, totals: (ScanRow) throws -> Void,
                             foreign: (ScanRow) throws -> Void) throws(StoreError) -> Bool
    /// The orders of the customers of `ids` as columns: kept beside the records where the store
    /// can (KeptColumns), else read from them (`scannedCustomerOrders`).
    func customerOrders(of ids: IdIndex) throws(StoreError) -> CustomerOrders
    /// The same orders folded into `state` a part at a time where the store keeps them, so that a fold
    /// never holds them all (see `foldCustomerOrders` of `RecordStore` and of `SQLiteStore`).
    func foldCustomerOrders<State>(of ids: IdIndex, into state: inout State, restart: (inout State) -> Void,
                                   _ add: (inout State, CustomerOrders) -> Void) throws(StoreError)
    func orderLines(from: CalendarDate, to: CalendarDate) throws(StoreError) -> [OrderLine]
    /// A page of the orders of one group, by day then id; and every one's day, amount and currency, to total.
    func groupOrders(_ query: GroupOrderQuery, limit: Int, offset: Int) throws(StoreError) -> [GroupOrder]
    func groupOrderAmounts(_ query: GroupOrderQuery) throws(StoreError) -> [(day: CalendarDate, amount: Int64, currency: String)]
    func groupActivities(_ query: GroupActivityQuery, limit: Int, offset: Int) throws(StoreError) -> [GroupActivity]
    func groupActivityCount(_ query: GroupActivityQuery) throws(StoreError) -> Int

    // Targets
    func targets(metric: String?) throws(StoreError) -> [Target]
    func saveTargets(_ targets: [Target], source: String) throws(StoreError)

    // Segmentation runs
    func segmentRuns(segment: String?) throws(StoreError) -> [SegmentRunRecord]
    func savedSegmentations() throws(StoreError) -> [(latest: SegmentRunRecord, runs: Int)]
    func forEachTierChange(segment: String, _ body: (_ customerID: UnsafeRawBufferPointer, _ tier: String, _ runID: Int64) throws -> Void) throws(StoreError)
    func currentMembers(segment: String) throws(StoreError) -> [(customerID: String, tier: String, runID: Int64)]
    /// Each customer's tier now in `segment` by ordinal of `ids` (nil: none): kept where the store
    /// can, else read from the memberships (`scannedLatestTiers`).
    func latestTiers(segment: String, of ids: IdIndex) throws(StoreError) -> LatestTiers
    /// Saves a run and its changes, pulled from `changes` inside the save's transaction (see
    /// `SQLiteStore.saveSegmentRun`); the run's summary is the one `changes` completes with.
    func saveSegmentRun(_ run: SegmentRunRecord, previousRun: Int64?, streaming changes: any TierChangeStream) throws(StoreError) -> Int64
    func tierHistory(segment: String, customerID: String) throws(StoreError) -> [TierSpell]
    func tierMoves(segment: String, since: String?) throws(StoreError) -> [TierMove]
    func currentTiers(customerID: String) throws(StoreError) -> [String: String]

    // Alerts
    func recordAlertRun(asOf: String, ran: Set<String>, emitted: [RaisedAlert], deliver: Bool) throws(StoreError) -> [AlertRecord]
    func alerts(_ filter: AlertFilter) throws(StoreError) -> [AlertRecord]
    func acknowledgeAlerts(key: String, rule: String?) throws(StoreError) -> [AlertRecord]
    func pendingDeliveries() throws(StoreError) -> [AlertRecord]
    func recordDelivery(id: Int64, sent: Bool) throws(StoreError)

    // The outbox of notifications (Notifications.swift)
    func queueNotifications(_ notifications: [NotificationRecord]) throws(StoreError)
    func dueNotifications(at now: Date) throws(StoreError) -> [NotificationRecord]
    func recordAttempt(_ id: Int64, error: String?, retryAt: Date?) throws(StoreError)
    func notifications(_ statuses: [NotificationRecord.Status]) throws(StoreError) -> [NotificationRecord]

    // Schedules (ScheduleRuns.swift)
    func claimScheduleSlot(name: String, slot: String) throws(StoreError) -> Bool
    func finishScheduleRun(name: String, slot: String, failure: String?) throws(StoreError)
    func latestScheduleRuns() throws(StoreError) -> [String: ScheduleRunRecord]

    // Forecasts and customer value models (ForecastAdjustments.swift)
    func adjustForecast(_ adjustment: ForecastAdjustment) throws(StoreError) -> ForecastAdjustment
    func forecastAdjustments(period: Period) throws(StoreError) -> [ForecastAdjustment]
    func saveClvModel(_ json: String) throws(StoreError) -> Int64
    func latestClvModel() throws(StoreError) -> String?
    // (ForecastSnapshots.swift)
    func saveForecastSnapshot(_ snapshot: ForecastSnapshot) throws(StoreError) -> Int
    func forecastSnapshots(period: Period) throws(StoreError) -> [ForecastSnapshot]
}

/// The usual arguments of the requirements.
extension RecordStore {
    /// Imports CSV text already in memory (UTF-8); `fileName` names it in errors.
    public func importCSV(_ entity: Entity, bytes: [UInt8], fileName: String, options: ImportOptions = ImportOptions(),
                          progress: ((Double) -> Void)? = nil) throws(StoreError) -> ImportReport {
        try importRecords(entity, from: .csv(bytes, fileName: fileName), options: options, progress: progress)
    }

    public func export(_ entity: Entity, format: ExportFormat, to output: TextSink) throws {
        try export(entity, format: format, to: output, extra: nil)
    }

    public func find(_ entity: Entity, where filter: [String: StoredValue] = [:]) throws(StoreError) -> [Record] {
        try find(entity, where: filter, limit: nil)
    }

    public func count(_ entity: Entity) throws(StoreError) -> Int { try count(entity, where: [:]) }

    public func forEachPage(_ entity: Entity, _ body: ([Record]) throws -> Void) throws { try forEachPage(entity, size: 2000, body) }

    public func targets() throws(StoreError) -> [Target] { try targets(metric: nil) }

    public func segmentRuns() throws(StoreError) -> [SegmentRunRecord] { try segmentRuns(segment: nil) }

    public func tierMoves(segment: String) throws(StoreError) -> [TierMove] { try tierMoves(segment: segment, since: nil) }

    public func saveSegmentRun(_ run: SegmentRunRecord, previousRun: Int64?,
                               changes: [(customerID: String, tier: String)]) throws(StoreError) -> Int64 {
        try saveSegmentRun(run, previousRun: previousRun, changes: TierChanges(changes), tiers: nil)
    }

    /// Saves a run and its changes, all made; `tiers`: every customer's tier after the run.
    public func saveSegmentRun(_ run: SegmentRunRecord, previousRun: Int64?, changes: TierChanges,
                               tiers: LatestTiers?) throws(StoreError) -> Int64 {
        try saveSegmentRun(run, previousRun: previousRun, streaming: MadeTierChanges(changes, summary: run.summary, tiers: tiers))
    }
}

extension SQLiteStore: RecordStore {
    public var location: String { path }

    /// Scanning the orders from the file costs less than grouping them.
    public func customerOrderTotals(since: CalendarDate, asOf: CalendarDate, totals: (ScanRow) throws -> Void,
                                    foreign: (ScanRow) throws -> Void) throws(StoreError) -> Bool { false }
}
