import Foundation

/// A store's time zone: timestamps are kept as wall-clock times in it, so that the day, week,
/// month and quarter of an activity or a stage entry are those of the team's own calendar. A
/// timestamp imported with an offset (`2026-07-01 07:30+08:00`) keeps its instant and is stored
/// in the store's zone; one without an offset is taken as the store's wall-clock time already.
public enum StoreTimeZone {
    /// The meta key that holds the zone's identifier.
    public static let metaKey = "timezone"

    /// The zone named `identifier` (an IANA name such as Asia/Shanghai, or UTC), or a usage error
    /// that starts with `place` (the option or argument that gave it).
    public static func named(_ identifier: String, place: String = "the store's time zone") throws(StoreError) -> TimeZone {
        guard let zone = TimeZone(identifier: identifier), !identifier.isEmpty else {
            throw .usage(Message("timezone.invalid", ["place": place, "zone": identifier]))
        }
        return zone
    }

    /// The machine's zone: the default of a new store.
    public static var machine: String { TimeZone.current.identifier }

    /// Makes `zone` the process's local zone, so that "today" (the default as-of day) is the
    /// store's today wherever the program runs.
    public static func makeLocal(_ zone: TimeZone) {
        setenv("TZ", zone.identifier, 1)
        tzset()
    }
}

extension RecordStore {
    /// The name of the store's time zone (UTC for a store made before stores had one: what it counted in then).
    public func timeZoneName() throws(StoreError) -> String {
        try meta(StoreTimeZone.metaKey) ?? "UTC"
    }

    /// The store's time zone.
    public func timeZone() throws(StoreError) -> TimeZone {
        try StoreTimeZone.named(try timeZoneName())
    }
}
