import CrescentStatistics
import CrescentStore
import Foundation

/// A fit of the customer value models to the store's orders, as saved and as `crescent clv show
/// --format json` prints it: `{"bg_nbd": {"r", "alpha", "a", "b", "log_likelihood"}, "gamma_gamma":
/// {"p", "q", "gamma", "log_likelihood"}, "time_unit", "customers", "calibration_end", ...}`.
public struct ClvModel: Codable, Sendable, Equatable {
    public struct Purchases: Codable, Sendable, Equatable {
        public var r: Double, alpha: Double, a: Double, b: Double
        public var logLikelihood: Double
        enum CodingKeys: String, CodingKey { case r, alpha, a, b, logLikelihood = "log_likelihood" }
    }
    public struct Spend: Codable, Sendable, Equatable {
        public var p: Double, q: Double, gamma: Double
        public var logLikelihood: Double
        enum CodingKeys: String, CodingKey { case p, q, gamma, logLikelihood = "log_likelihood" }
    }

    public var bgNbd: Purchases
    public var gammaGamma: Spend
    public var timeUnit: ClvTimeUnit
    /// Customers with a purchase up to the calibration end, and the repeat buyers Gamma-Gamma is fitted to.
    public var customers: Int
    public var repeatBuyers: Int
    public var orders: Int
    public var calibrationEnd: String
    public var asOf: String
    public var fittedAt: String
    /// The monthly discount rate of `clv_12m`.
    public var monthlyDiscount: Double

    enum CodingKeys: String, CodingKey {
        case bgNbd = "bg_nbd", gammaGamma = "gamma_gamma", timeUnit = "time_unit", customers, repeatBuyers = "repeat_buyers"
        case orders, calibrationEnd = "calibration_end", asOf = "as_of", fittedAt = "fitted_at", monthlyDiscount = "monthly_discount"
    }

    public var purchases: BetaGeometricNBD { BetaGeometricNBD(r: bgNbd.r, alpha: bgNbd.alpha, a: bgNbd.a, b: bgNbd.b) }
    public var spend: GammaGamma { GammaGamma(p: gammaGamma.p, q: gammaGamma.q, gamma: gammaGamma.gamma) }
    public var value: CustomerValue {
        CustomerValue(purchases: purchases, spend: spend, unitsPerMonth: timeUnit.perMonth, monthlyDiscount: monthlyDiscount)
    }

    /// Fits both models to the store's orders up to `calibrationEnd` (the customers' age counted to it).
    public static func fit(store: any RecordStore, asOf: CalendarDate, calibrationEnd: CalendarDate, unit: ClvTimeUnit,
                           monthlyDiscount: Double = 0.01) throws -> ClvModel {
        guard calibrationEnd <= asOf else {
            throw StoreError.usage(Message("clv.calibration_after", ["end": calibrationEnd.description, "as_of": asOf.description]))
        }
        let history = try PurchaseHistory(store: store, ids: try store.sortedIDs(.customers), fx: try FxRates(store: store),
                                          upTo: calibrationEnd, unit: unit)
        let data = history.summary, repeatBuyers = GammaGamma.fitted(data).count
        guard repeatBuyers > 0 else {
            throw StoreError.usage(Message("clv.too_few", ["customers": String(data.count), "end": calibrationEnd.description]))
        }
        guard let bg = BetaGeometricNBD.fit(data), let gg = GammaGamma.fit(data) else {
            throw StoreError.usage(Message("clv.no_fit", ["end": calibrationEnd.description]))
        }
        return ClvModel(bgNbd: Purchases(r: bg.model.r, alpha: bg.model.alpha, a: bg.model.a, b: bg.model.b, logLikelihood: bg.logLikelihood),
                        gammaGamma: Spend(p: gg.model.p, q: gg.model.q, gamma: gg.model.gamma, logLikelihood: gg.logLikelihood),
                        timeUnit: unit, customers: data.count, repeatBuyers: repeatBuyers, orders: history.orders,
                        calibrationEnd: calibrationEnd.description, asOf: asOf.description,
                        fittedAt: ISO8601DateFormatter().string(from: Date()), monthlyDiscount: monthlyDiscount)
    }

    /// Saves the fit (every fit is kept; the latest is the one in use).
    public func save(to store: any RecordStore) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        _ = try store.saveClvModel(String(decoding: try encoder.encode(self), as: UTF8.self))
    }

    /// The latest fit saved in the store; an error telling to run `clv fit` when none was.
    public static func required(in store: any RecordStore) throws -> ClvModel {
        guard let model = try latest(in: store) else { throw StoreError.usage(Message("clv.no_model")) }
        return model
    }

    /// The latest fit saved in the store, nil when none was.
    public static func latest(in store: any RecordStore) throws -> ClvModel? {
        guard let json = try store.latestClvModel() else { return nil }
        return try JSONDecoder().decode(ClvModel.self, from: Data(json.utf8))
    }
}
