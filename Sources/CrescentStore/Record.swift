/// One stored record: its canonical fields and its custom fields.
public struct Record: Equatable, Sendable {
    public let entity: Entity
    /// Canonical fields by name; absent ones are `.null`.
    public var values: [String: StoredValue]
    /// Columns the import did not know, kept as text under their own names.
    public var custom: [String: String]

    public init(entity: Entity, values: [String: StoredValue], custom: [String: String] = [:]) {
        self.entity = entity
        self.values = values
        self.custom = custom
    }

    /// A field as text; nil when it is empty or not there.
    public func text(_ field: String) -> String? {
        guard let value = self[field], !value.isNull else { return nil }
        return value.text
    }

    /// A canonical or custom field; nil when the record has no such field at all.
    public subscript(field: String) -> StoredValue? {
        if let value = values[field] { return value }
        if let text = custom[field] { return .text(text) }
        return nil
    }
}

/// What an import did, or why it wrote nothing.
public struct ImportReport: Equatable, Sendable {
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        /// The column, when the problem is in one field.
        public let column: String?
        public let message: Message
        /// The character of the line where the problem is, when the file itself is at fault there.
        public let character: Int?
        /// The sheet, when the file is a workbook (`line` is then the sheet's row, 0 for the whole sheet).
        public let sheet: String?
        /// The sheet's cell (`D17`), when the problem is in one.
        public let cell: String?

        public init(file: String, line: Int, character: Int? = nil, column: String?, message: Message,
                    sheet: String? = nil, cell: String? = nil) {
            self.file = file
            self.line = line
            self.character = character
            self.column = column
            self.message = message
            self.sheet = sheet
            self.cell = cell
        }

        /// Where the problem is: `FILE:LINE[:CHARACTER]` (`FILE` for the whole file), or for a sheet
        /// `FILE[SHEET]!D17` (`!17:17` for a whole row, nothing for the whole sheet).
        public var place: String {
            guard let sheet else { return line == 0 ? file : "\(file):\(line)" + (character.map { ":\($0)" } ?? "") }
            return "\(file)[\(sheet)]" + (cell.map { "!\($0)" } ?? (line > 0 ? "!\(line):\(line)" : ""))
        }

        /// `PLACE: [COLUMN: ]reason`, the reason in `language`.
        public func text(_ language: Language) -> String {
            place + ": " + (column.map { "\($0): " } ?? "") + message.text(language)
        }

        public var description: String { text(.en) }
    }

    public var entity: Entity
    public var file: String
    public var rows = 0
    public var customFields: [String] = []
    public var dryRun = false
    /// The encoding the file was read in.
    public var encoding = TextEncoding.utf8
    /// The sheet read, when the file is a workbook.
    public var sheet: String?

    /// The file, and its sheet when it is a workbook: `book.xlsx[客户]`.
    public var source: String { sheet.map { "\(file)[\($0)]" } ?? file }
    /// Headers read as the canonical column they are a known name of.
    public var synonymsUsed: [ColumnSynonym] = []
    /// Every header read as another column (by a map, a profile or a known name): header → column.
    public var headersReadAs: [String: String] = [:]
    /// The row the header was found on (a sheet's row, or 1).
    public var headerRow = 1

    /// A header and the canonical column it was read as (客户名称 → name).
    public struct ColumnSynonym: Equatable, Sendable {
        public let header: String
        public let column: String
    }
    /// The first problems found (at most `maxListed`), and how many there were in all.
    public var problems: [Problem] = []
    public var problemCount = 0

    public static let maxListed = 20

    mutating func add(_ problem: Problem) {
        problemCount += 1
        if problems.count < Self.maxListed { problems.append(problem) }
    }

    /// Every listed problem on its own line, then how many more there were, in `language`.
    public func problemSummary(_ language: Language) -> String {
        var lines = problems.map { $0.text(language) }
        if problemCount > problems.count { lines.append(Message.counting("import.more_problems", problemCount - problems.count).text(language)) }
        if encoding != .utf8 { lines.append(Message("import.read_as", ["encoding": encoding.label]).text(language).trimmingCharacters(in: .whitespaces)) }
        lines.append(Message.counting("import.problems", problemCount, ["file": source]).text(language))
        return lines.joined(separator: "\n")
    }
}
