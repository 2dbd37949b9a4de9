import CrescentCore
import CrescentStore

/// What every list of the records behind a KPI's value writes of itself: in JSON `kpi`, `period`,
/// `by`, `key`, `label`, `as_of`, `from`, `to`, `offset` and `limit`; for people the group's name and
/// the days counted.
extension RecordsHeader {
    private enum Keys: String, CodingKey { case kpi, period, by, key, label, asOf = "as_of", from, to, offset, limit }

    /// Writes the header's fields into the object `encoder` writes (beside the list's own).
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kpi, forKey: .kpi)
        try c.encode(period.description, forKey: .period)
        try c.encode(grouping.rawValue, forKey: .by)
        try c.encode(key, forKey: .key)
        try c.encode(label, forKey: .label)
        try c.encode(asOf.description, forKey: .asOf)
        try c.encode(span.start.description, forKey: .from)
        try c.encode(span.end.description, forKey: .to)
        try c.encode(offset, forKey: .offset)
        try c.encode(limit, forKey: .limit)
    }

    /// The group for people: the company, "(none)", or a name with its key.
    func group(_ words: Words) -> String {
        grouping == .company ? words.t("kpi.company") : key.isEmpty ? words.t("kpi.none") : label.map { "\($0) (\(key))" } ?? key
    }

    /// The list's title: `title` (a catalog key) with the KPI's name (or `what`), the group and the period.
    func title(_ title: String, _ words: Words, what: String? = nil) -> String {
        words.t(title, ["kpi": what ?? words.kpiName(kpi), "group": group(words), "period": period.description])
    }

    /// The days counted, as the list's parameter.
    func parameters(_ words: Words) -> [(String, String)] { [(words.t("records.span"), "\(span.start) – \(span.end)")] }

    /// "`first` to `last` of `count`" of a page of `shown` rows, in the words of `key` (a catalog key), or `none`.
    func shown(_ key: String, none: String, rows shown: Int, count: Int, _ words: Words, more: [(String, String)] = []) -> String {
        shown == 0 ? words.t(none) : words.t(key, [("first", "\(offset + 1)"), ("last", "\(offset + shown)"), ("count", "\(count)")] + more)
    }
}
