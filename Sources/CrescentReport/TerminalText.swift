/// Text from the data made safe for a terminal: control characters shown escaped, never sent.
///
/// A customer named `\u{1B}]0;...\u{07}` would retitle the window, `\u{1B}[2J` clear the screen, and
/// worse on some terminals. Every renderer for people passes data through here: C0 controls and
/// DEL show as `\x1b`, C1 controls as `\u{9b}`, and the bidirectional overrides that reorder what
/// is shown (U+202A–U+202E, U+2066–U+2069) as `\u{202e}`.
public enum TerminalText {
    /// `text` for one cell or line: line breaks and tabs are escaped too.
    public static func safe(_ text: String) -> String { escape(text, keepingLayout: false) }

    /// `text` for a message of several lines: line breaks and tabs stay.
    public static func safeLines(_ text: String) -> String { escape(text, keepingLayout: true) }

    /// `text` bound for a terminal as a whole: line breaks, tabs and colour codes (`ESC [ digits ; m`,
    /// which only the renderers write, having made their data safe) stay; every other control is escaped.
    public static func keepingColours(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { needsEscaping($0, keepingLayout: true) }) else { return text }
        var out = "", scalars = Array(text.unicodeScalars), i = 0
        while i < scalars.count {
            if scalars[i] == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "[" {
                var j = i + 2
                while j < scalars.count, ("0"..."9").contains(scalars[j]) || scalars[j] == ";" { j += 1 }
                if j < scalars.count, scalars[j] == "m" {
                    out.unicodeScalars.append(contentsOf: scalars[i...j])
                    i = j + 1
                    continue
                }
            }
            append(scalars[i], to: &out, keepingLayout: true)
            i += 1
        }
        return out
    }

    /// Whether `text` needs escaping at all (the common case is no: then it is returned as it is).
    static func needsEscaping(_ scalar: Unicode.Scalar, keepingLayout: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return !keepingLayout
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func escape(_ text: String, keepingLayout: Bool) -> String {
        guard text.unicodeScalars.contains(where: { needsEscaping($0, keepingLayout: keepingLayout) }) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars { append(scalar, to: &out, keepingLayout: keepingLayout) }
        return out
    }

    /// Appends `scalar`, escaped (`\x1b`, `\u{9b}`) when it must be.
    private static func append(_ scalar: Unicode.Scalar, to out: inout String, keepingLayout: Bool) {
        guard needsEscaping(scalar, keepingLayout: keepingLayout) else { out.unicodeScalars.append(scalar); return }
        let hex = String(scalar.value, radix: 16)
        out += scalar.value < 0x80 ? "\\x" + (hex.count == 1 ? "0" : "") + hex : "\\u{" + hex + "}"
    }
}
