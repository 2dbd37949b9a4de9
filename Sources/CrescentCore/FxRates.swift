import CrescentStore

/// Conversion of amounts into the store's base currency through the `fx_rates` records:
/// an amount on a day converts at the latest rate valid from that day or before.
public struct FxRates: Sendable {
    public let base: String
    private let baseBytes: [UInt8]
    /// Per currency: (valid from day, ten-thousandths of base per unit), by day.
    private var rates: [String: [(day: Int, rate: Int64)]] = [:]

    public init(store: any RecordStore) throws(StoreError) {
        base = try store.baseCurrency()
        baseBytes = Array(base.utf8)
        var rates: [String: [(day: Int, rate: Int64)]] = [:]
        try store.scan(.fxRates, fields: ["currency", "valid_from", "rate_to_base"]) { row in
            guard let currency = row.string(0), let day = row.day(1), let rate = row.int64(2) else { return }
            rates[currency, default: []].append((day, rate))
        }
        self.rates = rates.mapValues { $0.sorted { $0.day < $1.day } }
    }

    /// Rates given directly (tests): currency -> [(valid from, rate to base)].
    public init(base: String, rates: [String: [(CalendarDate, Decimal4)]] = [:]) {
        self.base = base
        baseBytes = Array(base.utf8)
        self.rates = rates.mapValues { $0.map { ($0.0.dayNumber, $0.1.units) }.sorted { $0.day < $1.day } }
    }

    /// True when an amount in this currency needs no conversion (the base currency, or none given).
    public func isBase(_ currency: UnsafeRawBufferPointer) -> Bool {
        currency.isEmpty || currency.elementsEqual(baseBytes)
    }

    /// `units` (ten-thousandths) of `currency` on `day`, in ten-thousandths of the base currency;
    /// nil when no rate is valid on that day.
    public func convert(_ units: Int64, currency: UnsafeRawBufferPointer, day: Int) -> Int64? {
        if isBase(currency) { return units }
        return convert(units, currency: String(decoding: currency, as: UTF8.self), day: day)
    }

    public func convert(_ units: Int64, currency: String, day: Int) -> Int64? {
        if currency.isEmpty || currency == base { return units }
        guard let list = rates[currency] else { return nil }
        var low = 0, high = list.count
        while low < high {
            let mid = (low + high) / 2
            if list[mid].day <= day { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let product = Double(units) * Double(list[low - 1].rate) / 10_000
        return Int64(product.rounded())
    }
}

/// The first amount that could not be converted, to report after a whole-table pass.
public struct MissingRate: Error, CustomStringConvertible, Sendable, Worded {
    public let currency: String
    public let day: Int
    public let entity: String

    public var message: Message {
        Message("fx.missing_rate", ["currency": currency, "day": CalendarDate(dayNumber: day).description, "entity": entity])
    }

    public func text(_ language: Language) -> String { message.text(language) }

    public var description: String { message.description }
}
