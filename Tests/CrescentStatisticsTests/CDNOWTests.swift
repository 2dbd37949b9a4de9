import Foundation
import Testing
@testable import CrescentStatistics

/// The papers' figures on their CDNOW sample (Tests/Data/cdnow), and the `lifetimes` package's
/// predictions on it (lifetimes-reference.json, written by make_reference.py there).
@Suite struct CDNOWTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Data/cdnow")

    struct Reference: Decodable {
        struct Fit: Decodable {
            let bg_nbd: [String: Double], gamma_gamma: [String: Double], repeat_buyers: Int, predictions: [Prediction]
        }
        struct Prediction: Decodable {
            let customer: String, frequency: Int32, recency: Double, age: Double, monetary: Double
            let p_alive: Double, expected_orders_90d: Double, expected_order_value: Double, clv_12m: Double
        }
        let fits: [String: Fit]
    }

    /// Each customer's purchase days up to 1997-09-30 from orders.csv, a day's orders being one purchase.
    static func calibration(daysPerUnit: Double) throws -> (PurchaseSummary, [String: Int]) {
        let text = try String(contentsOf: folder.appendingPathComponent("orders.csv"), encoding: .utf8)
        var days: [String: [Int: Double]] = [:]
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        func day(_ s: Substring) -> Int { Int(formatter.date(from: String(s))!.timeIntervalSince1970 / 86_400) }
        let end = day("1997-09-30")
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            if day(f[2]) <= end { days[String(f[1]), default: [:]][day(f[2]), default: 0] += Double(f[4])! }
        }
        var summary = PurchaseSummary(), index: [String: Int] = [:]
        for (customer, purchases) in days.sorted(by: { $0.key < $1.key }) {
            let sorted = purchases.keys.sorted(), first = sorted[0], x = sorted.count - 1
            let repeatSpend = sorted.dropFirst().reduce(0) { $0 + purchases[$1]! }
            index[customer] = summary.count
            summary.append(frequency: Int32(x), recency: Double(sorted.last! - first) / daysPerUnit,
                           age: Double(end - first) / daysPerUnit, monetary: x == 0 ? 0 : repeatSpend / Double(x))
        }
        return (summary, index)
    }

    struct NotFitted: Error {}

    /// Both models fitted to `data` (a failure does not print the data).
    static func fits(_ data: PurchaseSummary) throws
        -> (bg: (model: BetaGeometricNBD, logLikelihood: Double), gg: (model: GammaGamma, logLikelihood: Double)) {
        guard let bg = BetaGeometricNBD.fit(data), let gg = GammaGamma.fit(data) else { throw NotFitted() }
        return (bg, gg)
    }

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: folder.appendingPathComponent("lifetimes-reference.json")))
    }

    @Test func fitsThePublishedParameters() throws {
        let (data, _) = try Self.calibration(daysPerUnit: 7)
        #expect(data.count == 2357)
        let (bg, logLikelihood) = try Self.fits(data).bg
        // Fader, Hardie and Lee (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4.
        #expect(rounded(bg.r, 3) == 0.243 && rounded(bg.alpha, 3) == 4.414 && rounded(bg.a, 3) == 0.793 && rounded(bg.b, 3) == 2.426)
        #expect(rounded(logLikelihood, 1) == -9582.4)
        #expect(GammaGamma.fitted(data).count == 946)
        let gg = try Self.fits(data).gg.model
        // Fader and Hardie (2013): p = 6.25, q = 3.74, γ = 15.44.
        #expect(rounded(gg.p, 2) == 6.25 && rounded(gg.q, 2) == 3.74 && rounded(gg.gamma, 2) == 15.44)
    }

    @Test(arguments: [("week", 7.0, 4.345), ("day", 1.0, 30.0)])
    func predictsAsLifetimesDoes(_ unit: String, _ daysPerUnit: Double, _ unitsPerMonth: Double) throws {
        let fit = try #require(try Self.reference().fits[unit])
        let (data, index) = try Self.calibration(daysPerUnit: daysPerUnit)
        let fits = try Self.fits(data), bg = fits.bg.model, gg = fits.gg.model
        // The optimum itself: both searches stop at a gradient near 0.
        for (name, mine) in [("r", bg.r), ("alpha", bg.alpha), ("a", bg.a), ("b", bg.b)] {
            #expect(relative(mine, fit.bg_nbd[name]!) < 1e-5, "\(unit) \(name)")
        }
        for (name, mine) in [("p", gg.p), ("q", gg.q), ("gamma", gg.gamma)] {
            #expect(relative(mine, fit.gamma_gamma[name]!) < 1e-5, "\(unit) \(name)")
        }
        // Predictions at lifetimes' own parameters must agree to 1e-6.
        let theirs = BetaGeometricNBD(r: fit.bg_nbd["r"]!, alpha: fit.bg_nbd["alpha"]!, a: fit.bg_nbd["a"]!, b: fit.bg_nbd["b"]!)
        let theirSpend = GammaGamma(p: fit.gamma_gamma["p"]!, q: fit.gamma_gamma["q"]!, gamma: fit.gamma_gamma["gamma"]!)
        let value = CustomerValue(purchases: theirs, spend: theirSpend, unitsPerMonth: unitsPerMonth)
        for p in fit.predictions {
            let i = try #require(index[p.customer])
            #expect(data.frequency[i] == p.frequency && abs(data.recency[i] - p.recency) < 1e-12 && abs(data.monetary[i] - p.monetary) < 1e-9)
            let x = p.frequency, tx = p.recency, age = p.age
            #expect(relative(theirs.probabilityAlive(frequency: x, recency: tx, age: age), p.p_alive) < 1e-6, "\(p.customer)")
            #expect(relative(try #require(theirs.expectedPurchases(in: 90 / daysPerUnit, frequency: x, recency: tx, age: age)),
                             p.expected_orders_90d) < 1e-6, "\(p.customer)")
            #expect(relative(theirSpend.expectedPurchaseValue(frequency: x, monetary: p.monetary), p.expected_order_value) < 1e-6)
            #expect(relative(try #require(value.value(months: 12, frequency: x, recency: tx, age: age, monetary: p.monetary)),
                             p.clv_12m) < 1e-6, "\(p.customer)")
        }
    }

    @Test func gradientsAreTheLikelihoodsSlopes() throws {
        let (data, _) = try Self.calibration(daysPerUnit: 7)
        let bg = BetaGeometricNBD(r: 0.3, alpha: 5, a: 0.7, b: 2)
        let (_, gradient) = bg.logLikelihood(data)
        for k in 0..<4 {
            func at(_ h: Double) -> Double {
                var p = [bg.r, bg.alpha, bg.a, bg.b]
                p[k] += h
                return BetaGeometricNBD(r: p[0], alpha: p[1], a: p[2], b: p[3]).logLikelihood(data).value
            }
            #expect(relative(gradient[k], (at(1e-6) - at(-1e-6)) / 2e-6) < 1e-5, "BG/NBD parameter \(k)")
        }
        let buyers = GammaGamma.fitted(data)
        let x = buyers.map { Double(data.frequency[$0]) }, m = buyers.map { data.monetary[$0] }
        let gg = GammaGamma(p: 5, q: 3, gamma: 12)
        let ggGradient = gg.logLikelihood(frequency: x, monetary: m).gradient
        for k in 0..<3 {
            func at(_ h: Double) -> Double {
                var p = [gg.p, gg.q, gg.gamma]
                p[k] += h
                return GammaGamma(p: p[0], q: p[1], gamma: p[2]).logLikelihood(frequency: x, monetary: m).value
            }
            #expect(relative(ggGradient[k], (at(1e-6) - at(-1e-6)) / 2e-6) < 1e-5, "Gamma-Gamma parameter \(k)")
        }
    }

    private func rounded(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }

    private func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
}
