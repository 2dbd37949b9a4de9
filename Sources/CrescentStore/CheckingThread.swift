import Foundation

/// Reads and checks CSV rows on a second thread while the import's own thread stores
/// them, so parsing and SQLite's inserts use both cores. Rows are handed over in
/// batches through a small bounded queue; once a problem is found no more rows are
/// handed over (nothing will be committed), but checking goes on to list every problem.
final class CheckingThread: @unchecked Sendable {
    struct Batch {
        var rows: CheckedRows
        /// How far through the file checking is, from 0 to 1.
        var progress: Double
    }

    private let batches = BoundedHandoff<Batch>(capacity: 8)
    /// Set before `done` is signalled.
    private var finalReport: ImportReport?
    private let done = DispatchSemaphore(value: 0)
    private static let batchSize = 4_096

    /// Starts checking every record after the header.
    init(reader: any RecordSource, checker: RowChecker, report: ImportReport) {
        let thread = Thread { [self] in
            var reader = reader, checker = checker, report = report
            run(&reader, &checker, &report)
            finalReport = report
            batches.finish()
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func run(_ reader: inout any RecordSource, _ checker: inout RowChecker, _ report: inout ImportReport) {
        let width = checker.plan.boundFields.count
        var rows = CheckedRows(width: width, capacity: Self.batchSize)
        while true {
            let record: CSVRecord
            do {
                guard let next = try reader.next() else { break }
                record = next
            } catch {
                report.add(checker.plan.problem(error))
                if error.readsOn { report.rows += 1; continue }
                break
            }
            report.rows += 1
            checker.check(record, into: &report, appendingTo: &rows)
            if report.problemCount > 0 { rows = CheckedRows(width: width, capacity: 0) }
            if rows.count == Self.batchSize {
                guard batches.put(Batch(rows: rows, progress: reader.progress)) else { return }
                rows = CheckedRows(width: width, capacity: Self.batchSize)
            }
        }
        if report.problemCount == 0, rows.count > 0 { _ = batches.put(Batch(rows: rows, progress: reader.progress)) }
        let entity = checker.plan.entity
        for reference in checker.references.unresolvedSelfReferences(checker.selfReferences) {
            report.add(checker.plan.problem(line: reference.line, field: reference.field, column: reference.column,
                                            Message("import.unknown_id", ["value": reference.value, "entity": entity.label])))
        }
    }

    /// The next batch of checked rows, or nil when checking is over.
    func next() -> Batch? { batches.take() }

    /// Waits for checking to end and returns its report (rows and problems).
    func report() -> ImportReport {
        done.wait()
        done.signal()
        return finalReport!
    }

    /// Stops checking early (the import failed on the storing side) and waits for the thread.
    func cancel() {
        batches.stop()
        done.wait()
        done.signal()
    }
}
