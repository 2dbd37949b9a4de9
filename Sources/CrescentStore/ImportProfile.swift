import Foundation
import TOMLKit

/// How a file from a given source is read: a TOML file naming the entity, the sheet and header
/// row, the column mapping, constant values, value mappings, the forms of dates and amounts, the
/// encoding, and the reference columns that hold names rather than ids. See docs/data.md.
public struct ImportProfile: Sendable, Equatable {
    /// In which order a date written `7/1/2026` (the year last) gives its day and month.
    public enum DayOrder: String, Sendable, CaseIterable { case monthFirst = "month_first", dayFirst = "day_first" }

    public var entity: Entity?
    /// What the profile reads (a product's export, and the version it follows), for people.
    public var source: String?
    public var sheet: String?
    public var headerRow: Int?
    public var encoding: TextEncoding?
    public var dayOrder: DayOrder?
    /// Amounts may be written in 万 (ten thousands): `12.5万` is 125000.
    public var amountsInWan = false
    /// Numbers are written with a decimal comma (`1.234,50`), as in much of Europe.
    public var decimalComma = false
    /// Source header → canonical columns (one, or more read from the same header: a stage that
    /// also gives the status); a header the file lacks is passed over.
    public var columns: [String: [String]] = [:]
    /// Canonical column → the value every record gets (a column the file lacks).
    public var constants: [String: String] = [:]
    /// Canonical column → (value as written → value stored): `{成交 = "won"}`; `"*"` stands for
    /// any other value that is not empty.
    public var values: [String: [String: String]] = [:]
    /// Reference columns whose values are names, found among the referenced records' names.
    public var lookupByName: Set<String> = []
    /// The file the profile was read from.
    public var file: String?

    public init() {}

    /// The profile an import used: this one (or none) with what the import found, the entity, the
    /// sheet and its header row, the encoding, and every header it read as another column.
    public func used(by report: ImportReport) -> ImportProfile {
        var profile = self
        profile.file = nil
        profile.entity = report.entity
        if let sheet = report.sheet {
            profile.sheet = sheet
            profile.headerRow = report.headerRow
        }
        if report.encoding != .utf8 { profile.encoding = report.encoding }
        for (header, column) in report.headersReadAs where profile.columns[header]?.first != column {
            profile.columns[header] = [column]
        }
        return profile
    }

    /// Reads the profile at `path`; a profile that is not TOML, or names what does not exist, is refused, saying where.
    public static func read(_ path: String) throws(StoreError) -> ImportProfile {
        let bytes = try readWholeFile(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .usage(Message("profile.not_utf8", ["file": path]))
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .usage(Message("profile.bad_toml", ["place": "\(path):\(error.source.begin.line):\(error.source.begin.column)",
                                                      "reason": error.description]))
        } catch {
            throw .usage(Message("profile.bad_toml", ["place": path, "reason": "\(error)"]))
        }
        var profile = try ProfileReader(path: path, text: text).profile(table)
        profile.file = path
        return profile
    }

    /// The profile as TOML, keys in the order a person reads them.
    public func toml() -> String {
        var lines = ["# A Crescent import profile: crescent import ENTITY FILE --profile THIS_FILE (see docs/data.md)."]
        func add(_ key: String, _ value: String?) { if let value { lines.append("\(key) = \(tomlString(value))") } }
        add("entity", entity?.rawValue)
        add("source", source)
        add("sheet", sheet)
        if let headerRow { lines.append("header_row = \(headerRow)") }
        add("encoding", encoding?.rawValue)
        add("day_order", dayOrder?.rawValue)
        if amountsInWan { lines.append("amounts_in_wan = true") }
        if decimalComma { lines.append("decimal_comma = true") }
        func section(_ name: String, _ pairs: [String: String]) {
            guard !pairs.isEmpty else { return }
            lines.append("")
            lines.append("[\(name)]")
            for key in pairs.keys.sorted() { lines.append("\(tomlKey(key)) = \(pairs[key]!)") }
        }
        section("columns", columns.mapValues { targets in
            targets.count == 1 ? tomlString(targets[0]) : "[" + targets.map(tomlString).joined(separator: ", ") + "]"
        })
        section("constants", constants.mapValues(tomlString))
        for column in values.keys.sorted() { section("values.\(tomlKey(column))", values[column]!.mapValues(tomlString)) }
        section("lookup", Dictionary(uniqueKeysWithValues: lookupByName.map { ($0, tomlString("name")) }))
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A TOML basic string.
func tomlString(_ text: String) -> String {
    var quoted = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": quoted += "\\\""
        case "\\": quoted += "\\\\"
        case "\n": quoted += "\\n"
        case "\t": quoted += "\\t"
        case "\r": quoted += "\\r"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                quoted += String(format: "\\u%04X", scalar.value)
            } else {
                quoted.unicodeScalars.append(scalar)
            }
        }
    }
    return quoted + "\""
}

/// A key as TOML writes it: bare when it can be.
private func tomlKey(_ key: String) -> String {
    key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        ? key : tomlString(key)
}
