import CrescentStore
import PostgresNIO

/// The PostgreSQL store as an `SQLDatabase`, for the operations written once for both backends:
/// `?` parameters numbered, values bound with their types, rows decoded as scans decode them.
struct PostgresDatabase: SQLDatabase {
    let link: PostgresLink

    var dialect: SQLDialect { .postgres }
    var location: String { link.address.description }
    var user: String { link.address.user }
    var restrictsRows: Bool { link.isMember }

    func transaction<T>(_ body: (any SQLSession) throws(StoreError) -> (T, commit: Bool)) throws(StoreError) -> T {
        try link.transaction(deciding: { () throws(StoreError) in try body(Session(link: link)) })
    }

    func read<T>(_ body: (any SQLSession) throws(StoreError) -> T) throws(StoreError) -> T {
        try body(Session(link: link))
    }

    private struct Session: SQLSession {
        let link: PostgresLink
        var dialect: SQLDialect { .postgres }

        func execute(_ sql: String, _ values: [SQLValue]) throws(StoreError) -> Int {
            try link.execute(dialect.numbered(sql), Self.bindings(values))
        }

        func forEachRow(_ sql: String, _ values: [SQLValue], _ body: (SQLRow) throws(StoreError) -> Void) throws(StoreError) {
            let cells = ScanCells()
            for row in try link.query(PostgresQuery(unsafeSQL: dialect.numbered(sql), binds: Self.bindings(values))) {
                PostgresLink.decode(row, into: cells)
                try body(SQLRow(names: row.map(\.columnName), values: (0..<cells.count).map { Self.value(cells, $0) }))
            }
        }

        private static func bindings(_ values: [SQLValue]) -> PostgresBindings {
            var bindings = PostgresBindings()
            for value in values {
                switch value {
                case .null: bindings.appendNull()
                case .integer(let i): bindings.append(i)
                case .real(let d): bindings.append(d)
                case .text(let s): bindings.append(s)
                }
            }
            return bindings
        }

        private static func value(_ cells: ScanCells, _ index: Int) -> SQLValue {
            switch cells[index] {
            case .null: return .null
            case .integer(let i): return .integer(i)
            case .number(let d): return .real(d)
            case .text: return .text(String(decoding: cells.bytes(index), as: UTF8.self))
            }
        }
    }
}

extension PostgresStore: SQLStore {
    public var database: any SQLDatabase { PostgresDatabase(link: link) }
}
