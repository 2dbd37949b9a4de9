/// The language results, reports and messages are written in.
public enum Language: String, CaseIterable, Sendable, Codable {
    case en, zh

    /// The language asked for: `given` (`--lang`), else `CRESCENT_LANG`, else the locale
    /// (`LC_ALL`, `LC_MESSAGES`, `LANG`: `zh_CN.UTF-8` is Chinese); English otherwise. Nil when
    /// `given` or `CRESCENT_LANG` names no language Crescent has.
    public static func resolve(_ given: String?, environment: [String: String]) -> Language? {
        if let given { return Language(code: given) }
        if let chosen = environment["CRESCENT_LANG"], !chosen.isEmpty { return Language(code: chosen) }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let locale = environment[name], !locale.isEmpty else { continue }
            return locale.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }

    /// `zh`, `zh-CN`, `zh_CN.UTF-8`, `en`, `en-US`... (case does not matter).
    public init?(code: String) {
        let base = code.lowercased().prefix { $0.isLetter }
        guard let language = Language(rawValue: String(base)) else { return nil }
        self = language
    }

    /// The BCP 47 tag for HTML's `lang`.
    public var tag: String { self == .zh ? "zh-Hans" : "en" }
}
