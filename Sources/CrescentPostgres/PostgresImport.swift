import CrescentStore

/// CSV imports into the PostgreSQL store: checked exactly as the SQLite store checks them, then
/// streamed with COPY, all in one transaction: on any problem nothing of the file is stored.
/// Into a table that holds records, the rows go to a temporary table and are upserted from it on
/// the entity's key; a large file into an empty table (a first load) is copied straight in, with
/// the table's keys and indexes built once afterwards (`BulkLoad`).
extension PostgresStore {
    public func importRecords(_ entity: Entity, from source: ImportSource, options: ImportOptions = ImportOptions(),
                              progress: ((Double) -> Void)? = nil) throws(StoreError) -> ImportReport {
        func attempt(bulk: Bool) throws(StoreError) -> ImportReport {
            try link.transaction(deciding: { () throws(StoreError) in
                (try importInTransaction(entity, source: source, options: options,
                                         progress: ProgressCallback(progress), bulk: bulk), commit: !options.dryRun)
            })
        }
        do {
            return try attempt(bulk: source.size >= BulkLoad.minimumBytes)
        } catch BulkLoad.duplicateKeys {
            return try attempt(bulk: false)  // a key repeats in the file: the last row must win, as an upsert does
        }
    }

    private func importInTransaction(_ entity: Entity, source: ImportSource, options: ImportOptions,
                                     progress: ProgressCallback, bulk: Bool) throws(StoreError) -> ImportReport {
        let link = link
        // Imports of one entity take turns: the later one checks against, and merges into, what the earlier stored.
        try link.query("SELECT pg_advisory_xact_lock(hashtext('crescent import ' || $1))", [entity.rawValue])
        var options = options
        if options.timeZone == nil { options.timeZone = try timeZone() }
        let check = try CheckedImport(entity, source: source, options: options, referencedIDs: { target throws(StoreError) in
            try Self.ids(of: target, link)
        }, namedRecords: { target throws(StoreError) in
            try link.query("SELECT id, name FROM \(target.rawValue) WHERE name IS NOT NULL")
                .compactMap { try? $0.decode((String, String).self) }.map { (id: $0.0, name: $0.1) }
        })
        let load = bulk ? try BulkLoad(entity, link) : nil
        let table = load == nil ? "incoming" : entity.rawValue
        if load == nil {
            // The entity's column types without its constraints (row_order is filled on insert).
            try link.query("CREATE TEMP TABLE incoming ON COMMIT DROP AS SELECT \((check.columns + ["extra"]).joined(separator: ", ")) "
                           + "FROM \(entity.rawValue) WITH NO DATA")
            try link.query("ALTER TABLE incoming ADD COLUMN ordinal BIGINT")
        }
        // Rows are numbered: in the temporary table, for the upsert to keep file order; in a first load, as their stored order.
        let columns = check.columns + ["extra", load == nil ? "ordinal" : "row_order"]
        let counter = Counter(first: try load?.firstRowOrder() ?? 1)
        do {
            let width = check.columns.count
            try link.copy(into: table, columns: columns) {
                guard let batch = check.next() else { return nil }
                progress.report(batch.progress)
                var text = CopyText(capacity: batch.values.count * 16)
                for (index, extra) in batch.extras.enumerated() {
                    for value in batch.values[(index * width)..<((index + 1) * width)] {
                        text.append(value)
                        text.tab()
                    }
                    if let extra { text.append(extra) } else { text.null() }
                    text.tab()
                    text.append(counter.next())
                    text.endRow()
                }
                return text.bytes
            }
        } catch {
            check.cancel()
            throw error
        }
        let report = try check.report()
        try database.transaction { (sql: any SQLSession) throws(StoreError) in
            let audit = ImportAudit(entity, fields: check.fields, fileName: source.fileName, user: link.address.user)
            if let load {
                try load.finish(lastRowOrder: counter.last)
                try audit.created(from: entity.rawValue, as: "t", where: "TRUE", [], sql)
            } else {
                let keys = check.keyColumns.joined(separator: ", ")
                let latest = "(SELECT DISTINCT ON (\(keys)) * FROM incoming ORDER BY \(keys), ordinal DESC)"
                try audit.changes(staged: latest, sql)
                let stored = check.keyColumns.map { "t.\($0) = i.\($0)" }.joined(separator: " AND ")
                try audit.created(from: latest, as: "i", where: "NOT EXISTS (SELECT 1 FROM \(entity.rawValue) t WHERE \(stored))", [], sql)
                try link.query(Self.upsert(entity, columns: check.columns, keys: check.keyColumns))
            }
            try audit.flush(sql)
        }
        for name in check.customNames {
            try link.query("INSERT INTO custom_fields(entity, name) VALUES ($1, $2) ON CONFLICT DO NOTHING", [entity.rawValue, name])
        }
        return report
    }

    /// Every id of `entity`, for the references of a file: one value from the server, split here,
    /// costs far less than a row per id. (Ids never hold the unit separator.)
    static func ids(of entity: Entity, _ link: PostgresLink) throws(StoreError) -> Set<String> {
        var joined = try link.query("SELECT coalesce(string_agg(id, chr(31)), '') FROM \(entity.rawValue)").first
            .flatMap { try? $0.decode(String.self) } ?? ""
        return joined.withUTF8 { bytes in
            guard !bytes.isEmpty else { return [] }
            // Sized up front: growing a set of a million ids rehashes it many times.
            var ids = Set<String>(minimumCapacity: bytes.count(where: { $0 == 0x1F }) + 1)
            var start = 0
            for end in bytes.indices where bytes[end] == 0x1F {
                ids.insert(String(decoding: bytes[start..<end], as: UTF8.self))
                start = end + 1
            }
            ids.insert(String(decoding: bytes[start...], as: UTF8.self))
            return ids
        }
    }

    /// The last row of each key wins, as when the SQLite store upserts row by row; custom fields
    /// merge into those stored. New records are stored in the order of their key's first row in
    /// the file, as SQLite's rowids are: reports list records in stored order.
    static func upsert(_ entity: Entity, columns: [String], keys: [String]) -> String {
        let table = entity.rawValue, key = keys.joined(separator: ", ")
        let updates = columns.filter { !keys.contains($0) }.map { "\($0) = excluded.\($0)" }
            + ["extra = CASE WHEN excluded.extra IS NULL THEN \(table).extra "
               + "ELSE (coalesce(\(table).extra, '{}')::jsonb || excluded.extra::jsonb)::text END"]
        let selected = (columns + ["extra"]).joined(separator: ", ")
        return """
            INSERT INTO \(table) (\(selected))
            SELECT \(selected) FROM (
                SELECT DISTINCT ON (\(key)) \(selected), min(ordinal) OVER (PARTITION BY \(key)) AS first
                FROM incoming ORDER BY \(key), ordinal DESC) latest
            ORDER BY first
            ON CONFLICT (\(key)) DO UPDATE SET \(updates.joined(separator: ", "))
            """
    }
}

/// The caller's progress callback, called from the COPY task while the caller waits for it.
private struct ProgressCallback: @unchecked Sendable {
    let report: (Double) -> Void
    init(_ callback: ((Double) -> Void)?) { report = callback ?? { _ in } }
}

/// Row numbers, taken on the COPY task.
private final class Counter: @unchecked Sendable {
    private(set) var last: Int
    init(first: Int) { last = first - 1 }
    func next() -> Int { last += 1; return last }
}
