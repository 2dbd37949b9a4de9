import Foundation

/// The BG/NBD model of repeat purchases (Fader, Hardie and Lee 2005, "Counting Your Customers the
/// Easy Way"): while alive a customer buys at a Poisson rate λ ~ Gamma(r, α) and after each purchase
/// drops out with probability p ~ Beta(a, b). Time is in the unit of the data it was fitted to.
public struct BetaGeometricNBD: Sendable, Equatable, Codable {
    public var r: Double, alpha: Double, a: Double, b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        (self.r, self.alpha, self.a, self.b) = (r, alpha, a, b)
    }

    /// The parameters that maximise the likelihood of `data`, and that log-likelihood. The search runs
    /// on the logarithms of the parameters (so they stay positive), with time scaled so the longest age
    /// is 10 (so α starts near its answer); `nil` when it does not converge.
    public static func fit(_ data: PurchaseSummary, minimizer: Minimizer = Minimizer()) -> (model: Self, logLikelihood: Double)? {
        guard data.count > 0, let longest = data.age.max(), longest > 0 else { return nil }
        // Customers of the same (x, tₓ, T) add the same terms: each such history is taken once, weighted.
        let (histories, weights) = data.grouped()
        let scale = 10 / longest
        var scaled = histories
        scaled.recency = histories.recency.map { $0 * scale }
        scaled.age = histories.age.map { $0 * scale }
        let counts = histories.frequencyCounts(weights: weights), n = Double(data.count)
        let found = minimizer.minimize({ theta in
            let model = BetaGeometricNBD(r: exp(theta[0]), alpha: exp(theta[1]), a: exp(theta[2]), b: exp(theta[3]))
            let (value, gradient) = model.logLikelihood(scaled, counts: counts, weights: weights)
            // d/dθ = p d/dp; the mean keeps the tolerance independent of the number of customers.
            let parameters = [model.r, model.alpha, model.a, model.b]
            return (-value / n, (0..<4).map { -gradient[$0] * parameters[$0] / n })
        }, from: [0, 0, 0, 0])
        guard found.converged else { return nil }
        let p = found.point.map(exp)
        let model = BetaGeometricNBD(r: p[0], alpha: p[1] / scale, a: p[2], b: p[3])
        return (model, model.logLikelihood(histories, counts: counts, weights: weights).value)
    }

    /// The log-likelihood of `data` and its gradient in (r, α, a, b).
    public func logLikelihood(_ data: PurchaseSummary) -> (value: Double, gradient: [Double]) {
        logLikelihood(data, counts: data.frequencyCounts(weights: nil), weights: nil)
    }

    /// Terms in x alone are summed once per frequency (`counts`); the rest once per entry of `data`,
    /// times its weight (the customers it stands for; 1 each when nil).
    func logLikelihood(_ data: PurchaseSummary, counts: [(x: Int32, customers: Double)],
                       weights: [Double]?) -> (value: Double, gradient: [Double]) {
        typealias F = SpecialFunctions
        let n = counts.reduce(0) { $0 + $1.customers }
        var total = [n * (r * log(alpha) - F.logGamma(r) + F.logGamma(a + b) - F.logGamma(b)),
                     n * (log(alpha) - F.digamma(r)), n * r / alpha,
                     n * F.digamma(a + b), n * (F.digamma(a + b) - F.digamma(b))]
        for (x, customers) in counts {
            let x = Double(x)
            total[0] += customers * (F.logGamma(r + x) + F.logGamma(b + x) - F.logGamma(a + b + x))
            total[1] += customers * F.digamma(r + x)
            total[3] -= customers * F.digamma(a + b + x)
            total[4] += customers * (F.digamma(b + x) - F.digamma(a + b + x))
        }
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b)
        let (frequency, recency, age) = (data.frequency, data.recency, data.age)
        let perCustomer = parallelSum(count: data.count, width: 5) { range in
            var sum = [0.0, 0, 0, 0, 0]
            for i in range {
                let x = Double(frequency[i]), rx = r + x, k = weights?[i] ?? 1
                let logAge = log(alpha + age[i]), a3 = -rx * logAge
                guard x > 0 else {
                    sum[0] += k * a3; sum[1] -= k * logAge; sum[2] -= k * rx / (alpha + age[i])
                    continue
                }
                let logRecency = log(alpha + recency[i])
                let a4 = log(a) - log(b + x - 1) - rx * logRecency
                let high = max(a3, a4), e3 = exp(a3 - high), e4 = exp(a4 - high)
                let w = e4 / (e3 + e4)
                sum[0] += k * (high + log(e3 + e4))
                sum[1] -= k * ((1 - w) * logAge + w * logRecency)
                sum[2] -= k * ((1 - w) * rx / (alpha + age[i]) + w * rx / (alpha + recency[i]))
                sum[3] += k * w / a
                sum[4] -= k * w / (b + x - 1)
            }
            return sum
        }
        return (total[0] + perCustomer[0], (1...4).map { total[$0] + perCustomer[$0] })
    }

    /// The probability that a customer with this history is still alive at the end of it.
    public func probabilityAlive(frequency x: Int32, recency: Double, age: Double) -> Double {
        guard x > 0 else { return 1 }
        let x = Double(x)
        let logRatio = (r + x) * log((alpha + age) / (alpha + recency)) + log(a / (b + x - 1))
        return 1 / (1 + exp(logRatio))
    }

    /// The expected number of repeat purchases in the first `t` units after a customer's first
    /// purchase, knowing nothing more of them (equation 9 of the paper); nil when its series does not converge.
    public func expectedPurchases(upTo t: Double) -> Double? {
        expectedPurchases(in: t, frequency: 0, recency: 0, age: 0)
    }

    /// The expected number of purchases in the next `t` units by a customer with this history
    /// (equation 10 of the paper); nil when its hypergeometric series does not converge.
    public func expectedPurchases(in t: Double, frequency x: Int32, recency: Double, age: Double) -> Double? {
        guard t > 0 else { return 0 }
        let x = Double(x), z = t / (alpha + age + t)
        let first = (a + b + x - 1) / (a - 1)
        guard let hyper = SpecialFunctions.hypergeometric2F1(r + x, b + x, a + b + x - 1, z) else { return nil }
        let second = 1 - exp(log(hyper) + (r + x) * log((alpha + age) / (alpha + age + t)))
        let alive = x > 0 ? 1 + a / (b + x - 1) * pow((alpha + age) / (alpha + recency), r + x) : 1
        return first * second / alive
    }
}
