import CrescentCore
import CrescentReport
import CrescentStore
import Foundation
import LuaKit

/// A result whose rows a script may filter, sort or change and hand back: the REPL then shows
/// the rows it was given in the result's own layout.
protocol RowsResult: ReportResult {
    associatedtype Row: Decodable
    /// The field of its Lua table that lists the rows.
    static var rowsField: String { get }
    /// The same result with other rows.
    func with(rows: [Row]) -> Self
}

extension KpiReport: RowsResult {
    static let rowsField = "rows"
}

/// Results as scripts see them: a table with exactly the fields of the result's JSON form (one
/// `encode(to:)`, through `LuaEncoder`), tagged `crm.<name>` (its rows `crm.<name>.row`) with
/// the id of the Swift value behind it, so that the REPL shows it in the layout of the command.
extension CrmModule {
    /// How many results are kept for the tables made of them: an older table shows as a plain one.
    static let resultsKept = 64

    /// Pushes `result` as a tagged table, with `methods` (a shared method table) when given.
    func push(_ result: some ReportResult, methods: LuaReference? = nil) throws {
        nextResult += 1
        results[nextResult] = result
        results[nextResult - Self.resultsKept] = nil
        let name = "crm." + type(of: result).resultName
        let rowsField = (result as? any RowsResult).map { type(of: $0).rowsField }
        state.push(try LuaEncoder().encode(result), tag: LuaTag(name: name, id: nextResult), methods: methods,
                   itemsOf: rowsField, itemTag: LuaTag(name: name + ".row", id: nextResult))
    }

    /// The result the value at `index` shows: a tagged result table (with the rows it holds now),
    /// or a plain list of one result's tagged rows; nil for anything else.
    func result(at index: Int32) throws -> (any ReportResult)? {
        if let tag = state.tag(at: index), tag.name.hasPrefix("crm."), !tag.name.hasSuffix(".row"), let result = results[tag.id] {
            guard let listed = result as? any RowsResult else { return result }
            guard case .map(let fields) = try state.value(at: index), case .array(let rows)? = fields[type(of: listed).rowsField] else {
                return nil
            }
            return Self.result(listed, rows: rows)
        }
        if let tag = state.firstItemTag(at: index), tag.name.hasSuffix(".row"), let listed = results[tag.id] as? any RowsResult,
           case .array(let rows) = try state.value(at: index) {
            return Self.result(listed, rows: rows)
        }
        return nil
    }

    /// `result` with `rows` decoded as its rows, or nil when one of them is not a row of it.
    private static func result<R: RowsResult>(_ result: R, rows: [LuaValue]) -> R? {
        guard let data = try? JSONEncoder().encode(rows), let decoded = try? JSONDecoder().decode([R.Row].self, from: data) else {
            return nil
        }
        return result.with(rows: decoded)
    }
}
