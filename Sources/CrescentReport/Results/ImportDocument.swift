import CrescentStore

/// What an import stored (or, on a dry run, found valid): JSON `{"file", "sheet" (null for CSV),
/// "entity", "rows", "custom_fields", "dry_run", "encoding", "columns_read_as": {header: column}}`;
/// for people one sentence.
extension ImportReport: ReportResult {
    public static let resultName = "import"

    private enum Keys: String, CodingKey {
        case file, sheet, entity, rows, customFields = "custom_fields", dryRun = "dry_run", encoding, columnsReadAs = "columns_read_as"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(file, forKey: .file)
        try c.encode(sheet, forKey: .sheet)
        try c.encode(entity.rawValue, forKey: .entity)
        try c.encode(rows, forKey: .rows)
        try c.encode(customFields, forKey: .customFields)
        try c.encode(dryRun, forKey: .dryRun)
        try c.encode(encoding.rawValue, forKey: .encoding)
        try c.encode(Dictionary(uniqueKeysWithValues: synonymsUsed.map { ($0.header, $0.column) }), forKey: .columnsReadAs)
    }

    public func document(_ language: Language) -> ReportDocument {
        let words = Words(language)
        let custom = customFields.isEmpty ? "" : words.t("import.custom_fields", ["fields": customFields.joined(separator: ", ")])
        let said = words.t((dryRun ? "import.checked" : "import.done") + (rows == 1 ? ".one" : ""),
                           ["file": source, "rows": String(rows), "entity": words.t("entities.\(entity.rawValue)"), "custom": custom])
        var readAs = encoding == .utf8 ? "" : Message("import.read_as", ["encoding": encoding.label]).text(language)
        if !synonymsUsed.isEmpty {
            let columns = synonymsUsed.map { "\($0.header) → \($0.column)" }.joined(separator: words.t("list.separator"))
            readAs += words.t("import.columns_read_as", ["columns": columns])
        }
        var document = ReportDocument(name: "import", title: words.t("import.title"), currency: "", asOf: "", language: language,
                                      blocks: [.text(said + readAs)])
        document.showsHeading = false
        return document
    }
}
