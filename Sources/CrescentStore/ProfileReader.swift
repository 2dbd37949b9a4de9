import TOMLKit

/// Reads a parsed profile's tables into an `ImportProfile`, refusing unknown keys, columns the
/// entity does not have, and values of the wrong type, each at its line of the file.
struct ProfileReader {
    let path: String
    let text: String

    private static let keys = ["entity", "source", "sheet", "header_row", "encoding", "day_order", "amounts_in_wan",
                               "decimal_comma", "columns", "constants", "values", "lookup"]

    func profile(_ table: TOMLTable) throws(StoreError) -> ImportProfile {
        var profile = ImportProfile()
        for key in table.keys where !Self.keys.contains(key) {
            throw refused(key, Message("profile.unknown_key", ["key": key, "hint": didYouMean(key, among: Self.keys),
                                                               "keys": Self.keys.joined(separator: ", ")]))
        }
        if let name = try string(table, "entity") { profile.entity = try entity(name) }
        profile.source = try string(table, "source")
        profile.sheet = try string(table, "sheet") ?? (table["sheet"]?.int).map(String.init)
        if let row = table["header_row"] {
            guard let number = row.int, number >= 1 else { throw refused("header_row", Message("profile.not_row")) }
            profile.headerRow = number
        }
        if let name = try string(table, "encoding") {
            guard let encoding = TextEncoding(name: name) else {
                throw refused("encoding", Message("profile.bad_choice", ["value": name, "choices": "utf-8, gb18030, gbk, utf-16"]))
            }
            profile.encoding = encoding
        }
        if let order = try string(table, "day_order") {
            guard let dayOrder = ImportProfile.DayOrder(rawValue: order) else {
                let choices = ImportProfile.DayOrder.allCases.map(\.rawValue).joined(separator: ", ")
                throw refused("day_order", Message("profile.bad_choice", ["value": order, "choices": choices]))
            }
            profile.dayOrder = dayOrder
        }
        profile.amountsInWan = try flag(table, "amounts_in_wan")
        profile.decimalComma = try flag(table, "decimal_comma")
        let fields = profile.entity.map { Set($0.fields.map(\.name)) }
        func field(_ name: String, in key: String) throws(StoreError) {
            guard let fields, let entity = profile.entity else { return }
            if !fields.contains(name) {
                throw refused(key, Message("profile.unknown_column", ["column": name, "entity": entity.rawValue,
                                                                      "hint": didYouMean(name, among: entity.fields.map(\.name))]))
            }
        }
        profile.columns = try columns(table)
        for (header, targets) in profile.columns {
            for column in targets { try field(column, in: header) }
        }
        profile.constants = try pairs(table, "constants")
        for column in profile.constants.keys { try field(column, in: column) }
        if let values = table["values"] {
            guard let sections = values.table else { throw refused("values", Message("profile.not_table")) }
            for column in sections.keys {
                try field(column, in: column)
                profile.values[column] = try pairs(sections, column)
            }
        }
        for (column, by) in try pairs(table, "lookup") {
            try field(column, in: column)
            guard by == "name" else { throw refused(column, Message("profile.bad_choice", ["value": by, "choices": "name"])) }
            if let entity = profile.entity, entity.field(named: column)?.references?.field(named: "name") == nil {
                throw refused(column, Message("profile.not_reference", ["column": column]))
            }
            profile.lookupByName.insert(column)
        }
        return profile
    }

    private func flag(_ table: TOMLTable, _ key: String) throws(StoreError) -> Bool {
        guard let value = table[key] else { return false }
        guard let flag = value.bool else { throw refused(key, Message("profile.not_boolean")) }
        return flag
    }

    private func entity(_ name: String) throws(StoreError) -> Entity {
        guard let entity = Entity(rawValue: name) else {
            throw refused("entity", Message("profile.bad_choice", ["value": name, "choices": Entity.allCases.map(\.rawValue).joined(separator: ", ")]))
        }
        return entity
    }

    private func string(_ table: TOMLTable, _ key: String) throws(StoreError) -> String? {
        guard let value = table[key] else { return nil }
        if key == "sheet", value.int != nil { return nil }  // a sheet by number
        guard let text = value.string else { throw refused(key, Message("profile.not_text")) }
        return text
    }

    /// `[columns]`: each header's column, or columns (`["stage", "status"]`).
    private func columns(_ table: TOMLTable) throws(StoreError) -> [String: [String]] {
        guard let value = table["columns"] else { return [:] }
        guard let section = value.table else { throw refused("columns", Message("profile.not_table")) }
        var columns: [String: [String]] = [:]
        for header in section.keys {
            if let column = section[header]?.string {
                columns[header] = [column]
            } else if let list = section[header]?.array, !list.isEmpty {
                var targets: [String] = []
                for item in list {
                    guard let column = item.string else { throw refused(header, Message("profile.not_text")) }
                    targets.append(column)
                }
                columns[header] = targets
            } else {
                throw refused(header, Message("profile.not_text"))
            }
        }
        return columns
    }

    /// A table of text values (`[constants]`).
    private func pairs(_ table: TOMLTable, _ key: String) throws(StoreError) -> [String: String] {
        guard let value = table[key] else { return [:] }
        guard let section = value.table else { throw refused(key, Message("profile.not_table")) }
        var pairs: [String: String] = [:]
        for name in section.keys {
            guard let text = section[name]?.string ?? section[name]?.int.map(String.init) else {
                throw refused(name, Message("profile.not_text"))
            }
            pairs[name] = text
        }
        return pairs
    }

    /// The error for `key`, at the first line of the file that sets it.
    private func refused(_ key: String, _ reason: Message) -> StoreError {
        var place = path
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix(key) || trimmed.hasPrefix("\"\(key)\"") || trimmed.hasPrefix("[\(key)]") || trimmed.hasPrefix("[values.\(key)]") {
                place = "\(path):\(number + 1)"
                break
            }
        }
        return .usage(Message("profile.refused", ["place": place, "key": key, "reason": reason]))
    }
}
