/// An exact decimal with four places, kept as a count of ten-thousandths.
/// Money and target values use it: sums never drift as binary floats do.
public struct Decimal4: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var units: Int64
    public static let scale: Int64 = 10_000

    public init(units: Int64) { self.units = units }

    /// Parses `1234.5`, `-0.25`, `+7`, `1e3` is refused. At most four decimal places.
    public init?(parsing text: some StringProtocol) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return nil }
        var whole: Int64 = 0, fraction: Int64 = 0, places = 0, digits = 0, seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard byte >= 48, byte <= 57 else { return nil }
            let digit = Int64(byte - 48)
            digits += 1
            if seenPoint {
                places += 1
                guard places <= 4 else { return nil }
                fraction = fraction * 10 + digit
            } else {
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(digit)
                guard !o1, !o2, s <= Int64.max / Self.scale - 1 else { return nil }
                whole = s
            }
        }
        guard digits > 0 else { return nil }
        for _ in places..<4 { fraction *= 10 }
        units = (whole * Self.scale + fraction) * (negative ? -1 : 1)
    }

    public init(_ value: Int) { units = Int64(value) * Self.scale }

    public var doubleValue: Double { Double(units) / Double(Self.scale) }

    /// The shortest exact text: `12.5`, `100`, `-0.0025`.
    public var description: String {
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(Self.scale)
        var fraction = magnitude % UInt64(Self.scale)
        var text = (units < 0 ? "-" : "") + String(whole)
        guard fraction != 0 else { return text }
        var places = 4
        while fraction % 10 == 0 { fraction /= 10; places -= 1 }
        let digits = String(fraction)
        text += "." + String(repeating: "0", count: places - digits.count) + digits
        return text
    }

    public static func < (a: Decimal4, b: Decimal4) -> Bool { a.units < b.units }
    public static func + (a: Decimal4, b: Decimal4) -> Decimal4 { Decimal4(units: a.units + b.units) }
    public static func - (a: Decimal4, b: Decimal4) -> Decimal4 { Decimal4(units: a.units - b.units) }
}
