import CrescentStore

extension PostgresStore {
    /// As the SQLite store's: the same plan, with the moves sent a batch at a time as two arrays.
    public func changeTimeZone(to zone: String, dryRun: Bool) throws(StoreError) -> [TimestampColumnChange] {
        let (from, to) = (try timeZone(), try StoreTimeZone.named(zone))
        let link = link
        return try link.transaction(deciding: { () throws(StoreError) in
            var changes: [TimestampColumnChange] = []
            for (table, column) in StoreTimeZone.timestampColumns {
                let counts = try link.query("SELECT \(column), count(*) FROM \(table) WHERE \(column) IS NOT NULL GROUP BY 1")
                    .compactMap { try? $0.decode((String, Int).self) }.map { (value: $0.0, rows: $0.1) }
                let (change, moves) = StoreTimeZone.plan(table, column, counts: counts, from: from, to: to)
                changes.append(change)
                if dryRun || moves.isEmpty { continue }
                // Stored timestamps hold no comma, quote or brace: they go into array literals as they are.
                for start in stride(from: 0, to: moves.count, by: 5_000) {
                    let batch = moves[start..<min(start + 5_000, moves.count)]
                    try link.query("""
                        UPDATE \(table) t SET \(column) = $3 || m.new FROM unnest($1::text[], $2::text[]) AS m(old, new)
                        WHERE t.\(column) = m.old
                        """, ["{" + batch.map(\.old).joined(separator: ",") + "}", "{" + batch.map(\.new).joined(separator: ",") + "}",
                              StoreTimeZone.movingMark])
                }
                try link.query("UPDATE \(table) SET \(column) = substr(\(column), 2) WHERE \(column) LIKE $1", [StoreTimeZone.movingMark + "%"])
            }
            try setMeta(StoreTimeZone.metaKey, zone)
            return (changes, commit: !dryRun)
        })
    }
}
