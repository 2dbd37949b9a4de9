/// Writing CSV fields, quoted only when they must be, and safe to open in a spreadsheet.
///
/// A text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula
/// by Excel, LibreOffice or Google Sheets (OWASP's "CSV injection"): it is written with a `'` in
/// front, which they show as text. Numbers (`-2.5`, `+86`) are left as they are. The importer takes
/// the mark off again (`CSVWriter.unmarked`), so an export imports back unchanged; to keep that
/// reversible, a text that already starts with `'` before such a character gets one more.
public enum CSVWriter {
    public static func field(_ text: String) -> String {
        let text = marked(text)
        // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var quoted: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {  // a quote followed by a combining mark is one Character too
            quoted.append(byte)
            if byte == UInt8(ascii: "\"") { quoted.append(byte) }
        }
        return String(decoding: quoted + [UInt8(ascii: "\"")], as: UTF8.self)
    }

    /// `text` (whole records) with each record ending in CRLF; a line break inside a quoted field stays.
    public static func withCRLF(_ text: String) -> String {
        var out = String.UnicodeScalarView(), quoted = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            if scalar == "\n", !quoted { out.append("\r") }
            out.append(scalar)
        }
        return String(out)
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// `text` with the `'` a spreadsheet needs to show it as text, when it needs one.
    public static func marked(_ text: String) -> String {
        opensAFormula(text.drop { $0 == "'" }) ? "'" + text : text
    }

    /// The text an exported field was made from: `marked` undone.
    public static func unmarked(_ text: String) -> String {
        text.utf8.first == UInt8(ascii: "'") && opensAFormula(text.drop { $0 == "'" }) ? String(text.dropFirst()) : text
    }

    private static func opensAFormula(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"),
                                           UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(first) else { return false }
        return !isPlainNumber(text)
    }

    /// `-12`, `+3.5`, `1e-3`: what a spreadsheet reads as a number, not a formula.
    private static func isPlainNumber(_ text: Substring) -> Bool {
        guard text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || "+-.eE".utf8.contains($0) }),
              text.utf8.dropFirst().contains(where: { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return false }
        return Double(text) != nil
    }
}
