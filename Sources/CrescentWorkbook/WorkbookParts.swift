/// The small XML parts of a workbook, each read whole: the package's and the workbook's
/// relationships, the list of sheets, and which cell styles show dates.

/// Calls `element` for every element that opens, with its name and attributes (and `closed` for every one that ends).
final class ElementVisitor: XMLEvents {
    private let element: (XMLName, XMLAttributes) -> Void
    private let closed: (XMLName) -> Void

    init(element: @escaping (XMLName, XMLAttributes) -> Void, closed: @escaping (XMLName) -> Void = { _ in }) {
        self.element = element
        self.closed = closed
    }

    func start(_ name: XMLName, _ attributes: XMLAttributes) { element(name, attributes) }
    func end(_ name: XMLName) { closed(name) }
    func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

extension ZipArchive {
    /// Feeds the whole of part `name` to `events`; false when there is no such part.
    @discardableResult
    func parse(_ name: String, with events: any XMLEvents, fileName: String) throws(WorkbookError) -> Bool {
        guard let stream = try open(name) else { return false }
        let parser = XMLStream(events)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try stream.read(into: &chunk)
            do {
                try parser.feed(chunk, count: count, last: count == 0)
            } catch {
                throw WorkbookError(.part(fileName, name), Message("workbook.bad_xml", ["line": error.line, "reason": error.reason]))
            }
            if count == 0 { return true }
        }
    }

    typealias Relationship = (type: String, target: String)

    /// The relationships of a part: id → (type, target resolved against `folder`).
    func relationships(_ name: String, folder: String, fileName: String) throws(WorkbookError) -> [String: Relationship] {
        var found: [String: Relationship] = [:]
        try parse(name, with: ElementVisitor { element, attributes in
            guard element.is("Relationship"), let id = attributes.string("Id"),
                  let target = attributes.string("Target") else { return }
            found[id] = (attributes.string("Type") ?? "", resolve(target, in: folder))
        }, fileName: fileName)
        return found
    }
}

/// A relationship's target as an archive entry name: `/xl/x.xml` is from the root, `worksheets/a.xml` from `folder`.
func resolve(_ target: String, in folder: String) -> String {
    var parts = target.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
    for part in target.split(separator: "/") {
        if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(String(part)) }
    }
    return parts.joined(separator: "/")
}

/// Which cell styles (`s` of a cell: an index into `cellXfs`) show numbers as dates or times.
struct CellStyles {
    enum Shown { case number, date, time, dateTime }
    private(set) var shown: [Shown] = []

    init() {}

    init(archive: ZipArchive, part: String, fileName: String) throws(WorkbookError) {
        var formats: [Int: String] = [:]
        var inCellFormats = false
        var styleFormats: [Int] = []
        try archive.parse(part, with: ElementVisitor(element: { element, attributes in
            if element.is("numFmt"), let id = attributes.string("numFmtId").flatMap({ Int($0) }) {
                formats[id] = attributes.string("formatCode") ?? ""
            } else if element.is("cellXfs") {
                inCellFormats = true
            } else if element.is("xf"), inCellFormats {
                styleFormats.append(attributes.string("numFmtId").flatMap { Int($0) } ?? 0)
            }
        }, closed: { element in
            if element.is("cellXfs") { inCellFormats = false }
        }), fileName: fileName)
        shown = styleFormats.map { id in formats[id].map(Self.shown(byCode:)) ?? Self.shown(builtIn: id) }
    }

    func shown(style: Int) -> Shown { style < shown.count ? shown[style] : .number }

    /// Excel's built-in formats, the Chinese (and other East Asian) ones among them.
    static func shown(builtIn id: Int) -> Shown {
        switch id {
        case 14...17, 27...31, 36, 50...54, 57, 58: .date
        case 18...21, 32...35, 45...47, 55, 56: .time
        case 22: .dateTime
        default: .number
        }
    }

    /// A custom format shows a date when, outside quoted text, escapes and `[...]` (colours,
    /// locales, elapsed hours), it uses y, d or m, and a time when it uses h or s.
    static func shown(byCode code: String) -> Shown {
        var letters = Set<Character>()
        var quoted = false, escaped = false
        var bracket: String?
        for character in code.lowercased() {
            if escaped { escaped = false; continue }
            switch character {
            case "\"": quoted.toggle()
            case "\\" where !quoted: escaped = true
            case "[" where !quoted: bracket = ""
            case "]" where !quoted:
                // [h]:mm counts elapsed hours: a time; [red] and [$¥-804] show nothing of one.
                if let inside = bracket, !inside.isEmpty, inside.allSatisfy({ "hms".contains($0) }) { letters.formUnion(inside) }
                bracket = nil
            default:
                if quoted { break }
                if bracket != nil { bracket?.append(character) } else { letters.insert(character) }
            }
        }
        if code.lowercased().hasPrefix("general") { return .number }
        let time = letters.contains("h") || letters.contains("s")
        let date = letters.contains("y") || letters.contains("d") || (letters.contains("m") && !time)
        switch (date, time) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        default: return .number
        }
    }
}
