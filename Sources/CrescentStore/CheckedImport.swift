/// A CSV file read and checked for a backend that stores rows its own way (the PostgreSQL store):
/// the same parsing, checks and error report as the SQLite store's import, handed over in batches.
/// The backend stores each batch, then asks for the report, which throws when any row was wrong:
/// the backend must then store nothing (roll its transaction back).
/// One consumer at a time may take its batches (they come through `CheckingThread`'s lock).
public final class CheckedImport: @unchecked Sendable {
    let plan: ImportPlan
    private let checking: CheckingThread
    public let dryRun: Bool

    /// Starts checking `source`; `referencedIDs` gives the ids of an entity the file may refer to.
    /// `namedRecords` the ids and names of an entity a profile finds references in by name.
    public init(_ entity: Entity, source: ImportSource, options: ImportOptions,
                referencedIDs: (Entity) throws(StoreError) -> Set<String>,
                namedRecords: (Entity) throws(StoreError) -> [(id: String, name: String)]) throws(StoreError) {
        let (reader, plan) = try ImportPlan.read(entity, source: source, options: options, timeZone: options.timeZone)
        self.plan = plan
        dryRun = options.dryRun
        let references = try ReferenceIndex(plan: plan, ids: referencedIDs, names: namedRecords)
        var report = plan.startingReport(dryRun: options.dryRun)
        report.encoding = source.encoding
        checking = CheckingThread(reader: reader, checker: RowChecker(plan: plan, references: references), report: report)
    }

    public var entity: Entity { plan.entity }
    /// The fields the file gives, in the order of `columns`.
    public var fields: [Field] { plan.boundFields }
    /// The columns each row's values are for, in order (decimals as their `_e4` column); `extra` follows.
    public var columns: [String] { plan.boundFields.map(\.column) }
    /// The key columns the store upserts on.
    public var keyColumns: [String] { entity.fields.filter { entity.key.contains($0.name) }.map(\.column) }
    /// Custom columns of the file (kept as JSON in `extra`).
    public var customNames: [String] { plan.customNames }

    /// The next checked rows, one after the other in `values` (`columns.count` values per row, in
    /// `columns` order, decimals as ten-thousandths), each row's custom fields as a JSON object or
    /// nil, and how far through the file checking is.
    public func next() -> (values: [StoredValue], extras: [String?], progress: Double)? {
        guard let batch = checking.next() else { return nil }
        return (batch.rows.values, batch.rows.extras, batch.progress)
    }

    /// Stops checking early, when storing failed.
    public func cancel() { checking.cancel() }

    /// The import's report once checking is over; a `.badData` error when any row was wrong.
    public func report() throws(StoreError) -> ImportReport {
        let report = checking.report()
        if report.problemCount > 0 { throw .badData(report) }
        return report
    }
}
