@_exported import CrescentText

/// Why a workbook cannot be read, and where: the file, one of its parts, a sheet or a cell.
public struct WorkbookError: Error, Sendable, Worded, MessageValue, CustomStringConvertible {
    public enum Place: Sendable, Equatable {
        case file(String)
        /// An XML part of the archive (`xl/workbook.xml`).
        case part(String, String)
        case sheet(String, String)
        /// A cell, as `A1`.
        case cell(String, String, String)
    }

    public let place: Place
    public let message: Message

    public init(_ place: Place, _ message: Message) {
        self.place = place
        self.message = message
    }

    /// `book.xlsx[客户]!D17: reason`, the reason in `language`.
    public func text(_ language: Language) -> String { "\(place.text): \(message.text(language))" }

    public func worded(_ language: Language) -> String { text(language) }

    public var description: String { text(.en) }
}

extension WorkbookError.Place {
    /// The place as people and spreadsheets write it: `book.xlsx`, `book.xlsx(xl/styles.xml)`, `book.xlsx[客户]!D17`.
    public var text: String {
        switch self {
        case .file(let file): file
        case .part(let file, let part): "\(file)(\(part))"
        case .sheet(let file, let sheet): "\(file)[\(sheet)]"
        case .cell(let file, let sheet, let cell): "\(file)[\(sheet)]!\(cell)"
        }
    }
}
