import Foundation

/// The texts of one language: every label, heading and message a person reads, by key, from the
/// catalog of that language (`Catalog+en.swift`, `Catalog+zh.swift`, the same keys in both).
public struct Words: Sendable {
    public let language: Language
    private let texts: [String: String]

    public init(_ language: Language) {
        self.language = language
        texts = language == .zh ? Catalog.zh : Catalog.en
    }

    /// The text of `key` with its `{name}` placeholders filled in from `values`. A key missing
    /// from the catalog reads as itself (a test keeps every key used in both catalogs).
    public func t(_ key: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
        t(key, values.map { ($0.key, $0.value) })
    }

    /// `t` with the values as a list: one pass over the text, so a value that itself holds `{x}`
    /// (a file name, a customer's name) is kept as it is.
    public func t(_ key: String, _ values: [(String, String)]) -> String {
        let template = texts[key] ?? key
        guard !values.isEmpty, template.contains("{") else { return template }
        let byName = Dictionary(values, uniquingKeysWith: { first, _ in first })
        var text = "", rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            text += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            text += byName[name] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return text + rest
    }

    /// Whether the catalog has `key`.
    public func has(_ key: String) -> Bool { texts[key] != nil }
}

/// The catalogs, one per language, as dictionaries of key to text.
public enum Catalog {}