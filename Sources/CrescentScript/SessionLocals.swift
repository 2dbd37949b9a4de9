/// A REPL input's top-level `local` declarations made into the session's own variables, so that
/// `local x = 40` on one line is still `x` on the next (as IPython keeps names; lua.c forgets them).
///
/// `local x, y = 1, 2` becomes `x, y = 1, 2` and `local function f` becomes `function f`, with the
/// names declared in the session: the input's environment keeps them apart from the globals. Only the
/// outermost level is changed (a `local` inside a function, loop or block is that block's), and each
/// change keeps the input's lines where they were, so errors name the line typed. A local with an
/// attribute (`<const>`, `<close>`) stays a plain Lua local.
enum SessionLocals {
    /// The input with its top-level locals hoisted, and the names they declare.
    static func hoisted(_ source: String) -> (source: String, names: [String]) {
        var tokens = LuaTokens(Array(source.utf8))
        var edits: [(range: Range<Int>, replacement: String)] = []
        var names: [String] = []
        var depth = 0
        while let token = tokens.next() {
            guard case .name(let word) = token.kind else { continue }
            switch word {
            case "function", "do", "if", "repeat": depth += 1
            case "end", "until": depth = max(0, depth - 1)
            case "local" where depth == 0:
                guard let declaration = declaration(after: &tokens) else { continue }
                names += declaration.names
                // "local" becomes as many spaces; a name list with no value gets "= nil".
                edits.append((token.range, String(repeating: " ", count: token.range.count)))
                if declaration.isFunction { depth += 1 } else if let end = declaration.unassignedEnd { edits.append((end..<end, " = nil")) }
            default: break
            }
        }
        guard !edits.isEmpty else { return (source, []) }
        var bytes = Array(source.utf8)
        for edit in edits.reversed() { bytes.replaceSubrange(edit.range, with: Array(edit.replacement.utf8)) }
        return (String(decoding: bytes, as: UTF8.self), names)
    }

    private struct Declaration {
        var names: [String]
        var isFunction = false
        /// Where `= nil` goes when the names get no values.
        var unassignedEnd: Int?
    }

    /// The names after `local`: `function NAME`, or `NAME {, NAME}` and whether `=` follows; nil for
    /// one with an attribute, or anything else.
    private static func declaration(after tokens: inout LuaTokens) -> Declaration? {
        var lookahead = tokens
        guard let first = lookahead.next(), case .name(let word) = first.kind else { return nil }
        if word == "function" {
            guard let name = lookahead.next(), case .name(let function) = name.kind else { return nil }
            tokens = lookahead
            return Declaration(names: [function], isFunction: true)
        }
        var names = [word], end = first.range.upperBound
        while true {
            var after = lookahead
            guard let next = after.next() else { break }
            if next.kind == .symbol("<") { return nil }  // an attribute
            guard next.kind == .symbol(","), let name = after.next(), case .name(let more) = name.kind else {
                tokens = lookahead
                return Declaration(names: names, unassignedEnd: next.kind == .symbol("=") ? nil : end)
            }
            names.append(more)
            end = name.range.upperBound
            lookahead = after
        }
        tokens = lookahead
        return Declaration(names: names, unassignedEnd: end)
    }
}

/// Lua's tokens, as far as finding keywords needs: names (keywords among them) and one-character
/// symbols; strings, long strings, comments and numbers are skipped.
struct LuaTokens {
    struct Token: Equatable {
        enum Kind: Equatable {
            case name(String)
            case symbol(Character)
        }
        var kind: Kind
        var range: Range<Int>
    }

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> Token? {
        while position < bytes.count {
            let byte = bytes[position]
            let start = position
            if byte == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                position += 2
                if !skipLongBracket() { while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 } }
            } else if byte == UInt8(ascii: "["), peek(1) == UInt8(ascii: "[") || peek(1) == UInt8(ascii: "=") {
                if !skipLongBracket() { position += 1; return Token(kind: .symbol("["), range: start..<position) }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                skipString(closing: byte)
            } else if isNameStart(byte) {
                while position < bytes.count, isNameStart(bytes[position]) || isDigit(bytes[position]) { position += 1 }
                return Token(kind: .name(String(decoding: bytes[start..<position], as: UTF8.self)), range: start..<position)
            } else if isDigit(byte) {
                while position < bytes.count, isNameStart(bytes[position]) || isDigit(bytes[position]) || bytes[position] == UInt8(ascii: ".") {
                    position += 1
                }
            } else if byte <= UInt8(ascii: " ") {
                position += 1
            } else {
                position += 1
                return Token(kind: .symbol(Character(Unicode.Scalar(byte))), range: start..<position)
            }
        }
        return nil
    }

    private func peek(_ offset: Int) -> UInt8? { position + offset < bytes.count ? bytes[position + offset] : nil }
    private func isNameStart(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "_") || (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Skips `[==[ ... ]==]` at the position; false (nothing skipped) when there is none.
    private mutating func skipLongBracket() -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "[") else { return false }
        var level = 0, p = position + 1
        while p < bytes.count, bytes[p] == UInt8(ascii: "=") { level += 1; p += 1 }
        guard p < bytes.count, bytes[p] == UInt8(ascii: "[") else { return false }
        let close = [UInt8(ascii: "]")] + Array(repeating: UInt8(ascii: "="), count: level) + [UInt8(ascii: "]")]
        p += 1
        while p + close.count <= bytes.count, !bytes[p..<(p + close.count)].elementsEqual(close) { p += 1 }
        position = min(bytes.count, p + close.count)
        return true
    }

    private mutating func skipString(closing: UInt8) {
        position += 1
        while position < bytes.count, bytes[position] != closing, bytes[position] != UInt8(ascii: "\n") {
            position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
        }
        position += 1
    }
}
