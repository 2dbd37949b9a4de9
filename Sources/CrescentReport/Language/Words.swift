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
        var text = texts[key] ?? key
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// Whether the catalog has `key`.
    public func has(_ key: String) -> Bool { texts[key] != nil }
}

/// The catalogs, one per language, as dictionaries of key to text.
public enum Catalog {}