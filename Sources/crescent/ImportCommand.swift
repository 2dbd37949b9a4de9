import ArgumentParser
import CrescentReport
import CrescentStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CSV file or a workbook's sheet into an entity, upserting by id.",
        discussion: """
            A workbook (.xlsx, .xlsm) is read from its first sheet, or --sheet; its header is the first row \
            naming two columns or more (a title above it is passed over), or --header-row. Cells keep their \
            types: numbers, dates (a date style, or a number in a date column, is an Excel serial date), \
            booleans; a merged cell's value applies to every cell it covers. Problems are told as \
            FILE[SHEET]!CELL: COLUMN: reason.
            A CSV file may be UTF-8 (with or without a byte-order mark), GB18030/GBK (as Excel on Chinese \
            Windows saves CSV) or UTF-16: the encoding is recognised, or given with --encoding. \
            The header row names the columns. Canonical columns are listed in docs/data.md; any other column \
            is kept as a custom field. The import is all or nothing: if any row is wrong, nothing of the file \
            is stored and up to 20 problems are listed as FILE:LINE: COLUMN: reason (exit code 65).
            """
    )

    @Argument(help: ArgumentHelp("The entity: \(Entity.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "entity"))
    var entity: String

    @Argument(help: ArgumentHelp("The CSV file or workbook.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The workbook's sheet: its name, or its number from 1 (default: the first).", valueName: "sheet"))
    var sheet: String?

    @Option(help: ArgumentHelp("The sheet's row that holds the header, from 1 (default: found).", valueName: "row"))
    var headerRow: Int?

    @Option(help: ArgumentHelp("Read the file as an import profile says (TOML; see docs/data.md): its columns, constants, "
                               + "value maps, date and amount forms, look-ups by name, sheet and encoding.", valueName: "profile.toml"))
    var profile: String?

    @Option(help: ArgumentHelp("Write the profile this import used (its columns as read) to a file, to edit and use again.",
                               valueName: "profile.toml"))
    var saveProfile: String?

    @Option(name: .customLong("map"), help: ArgumentHelp("Read a source column as a canonical one (repeatable).", valueName: "source_col=canonical_col"))
    var maps: [String] = []

    @Flag(help: "Check the file and report, without writing anything.")
    var dryRun = false

    @Option(help: ArgumentHelp("The file's encoding: utf-8, gb18030 (or gbk) or utf-16 (default: recognised).", valueName: "encoding"),
            transform: parseEncoding)
    var encoding: TextEncoding?

    @OptionGroup var output: OutputOptions
    @OptionGroup var storeOptions: StoreOptions

    /// Writes `used` to --save-profile, when given.
    private func save(_ used: ImportProfile) throws {
        guard let saveProfile else { return }
        try writeOutput(used.toml(), to: saveProfile)
        printNote(say("import.profile_saved", ["file": saveProfile]))
    }

    func renames() throws -> [String: String] {
        var renames: [String: String] = [:]
        for map in maps {
            let parts = map.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw usageError("import.usage.map", ["map": map])
            }
            renames[parts[0]] = parts[1]
        }
        return renames
    }

    func validate() throws {
        _ = try renames()
        if let headerRow, headerRow < 1 { throw usageError("import.usage.header_row", ["row": headerRow]) }
    }

    func run() throws {
        try reportingFailures {
            let target = try Entity.named(entity)
            let store = try storeOptions.open()
            let progress = ProgressBar(say("import.progress", ["file": file]))
            defer { progress.finish() }
            var options = ImportOptions(renames: try renames(), dryRun: dryRun, encoding: encoding)
            options.sheet = sheet
            options.headerRow = headerRow
            let loaded = try profile.map { path throws(StoreError) in try ImportProfile.read(path) }
            options.profile = loaded
            do {
                let report = try store.importFile(target, file: file, options: options, progress: progress.update)
                progress.finish()
                try save((loaded ?? ImportProfile()).used(by: report))
                try output.emit(report)
            } catch StoreError.badData(let report) where report.rows > 0 {
                progress.finish()
                try save((loaded ?? ImportProfile()).used(by: report))  // the header was read: its mapping is worth keeping
                throw StoreError.badData(report)
            }
        }
    }
}

/// `--encoding NAME`.
func parseEncoding(_ text: String) throws -> TextEncoding {
    guard let encoding = TextEncoding(name: text) else { throw usageError("import.usage.encoding", ["encoding": text]) }
    return encoding
}
