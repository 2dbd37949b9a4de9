import Foundation

/// The Gamma-Gamma model of spend per purchase (Fader and Hardie 2013, "The Gamma-Gamma Model of
/// Monetary Value"): a customer's purchases are Gamma(p, ν) around a mean, with ν ~ Gamma(q, γ)
/// across customers. It is fitted to repeat buyers only, on the mean of their repeat purchases.
public struct GammaGamma: Sendable, Equatable, Codable {
    public var p: Double, q: Double, gamma: Double

    public init(p: Double, q: Double, gamma: Double) {
        (self.p, self.q, self.gamma) = (p, q, gamma)
    }

    /// The customers of `data` the model is fitted to: repeat buyers whose purchases are worth something.
    public static func fitted(_ data: PurchaseSummary) -> [Int] {
        data.frequency.indices.filter { data.frequency[$0] > 0 && data.monetary[$0] > 0 }
    }

    /// The maximum-likelihood parameters for the repeat buyers of `data`, searched on their
    /// logarithms with money scaled to a mean of 1; nil when there are none or it does not converge.
    public static func fit(_ data: PurchaseSummary, minimizer: Minimizer = Minimizer()) -> (model: Self, logLikelihood: Double)? {
        let buyers = fitted(data)
        guard !buyers.isEmpty else { return nil }
        let frequency = buyers.map { Double(data.frequency[$0]) }, monetary = buyers.map { data.monetary[$0] }
        let scale = Double(monetary.count) / monetary.reduce(0, +)
        let scaled = Spends(frequency: frequency, monetary: monetary.map { $0 * scale }), n = Double(buyers.count)
        let found = minimizer.minimize({ theta in
            let model = GammaGamma(p: exp(theta[0]), q: exp(theta[1]), gamma: exp(theta[2]))
            let (value, gradient) = model.logLikelihood(scaled)
            let parameters = [model.p, model.q, model.gamma]
            return (-value / n, (0..<3).map { -gradient[$0] * parameters[$0] / n })
        }, from: [0, 0, 0])
        guard found.converged else { return nil }
        let p = found.point.map(exp)
        let model = GammaGamma(p: p[0], q: p[1], gamma: p[2] / scale)
        return (model, model.logLikelihood(Spends(frequency: frequency, monetary: monetary)).value)
    }

    /// The log-likelihood of repeat buyers' mean spends and its gradient in (p, q, γ).
    public func logLikelihood(frequency: [Double], monetary: [Double]) -> (value: Double, gradient: [Double]) {
        logLikelihood(Spends(frequency: frequency, monetary: monetary))
    }

    /// Repeat buyers' frequencies and mean spends with what the likelihood takes of them alone,
    /// worked out once for a whole fit: their logarithms, and each buyer's distinct frequency.
    struct Spends: Sendable {
        let frequency: [Double], monetary: [Double], logMonetary: [Double], logFrequency: [Double]
        /// The distinct frequencies, and the index among them of each buyer's.
        let distinct: [Double], slot: [Int32]

        init(frequency: [Double], monetary: [Double]) {
            (self.frequency, self.monetary) = (frequency, monetary)
            logMonetary = monetary.map(log)
            logFrequency = frequency.map(log)
            distinct = Set(frequency).sorted()
            let slots = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($0.element, Int32($0.offset)) })
            slot = frequency.map { slots[$0]! }
        }
    }

    func logLikelihood(_ data: Spends) -> (value: Double, gradient: [Double]) {
        typealias F = SpecialFunctions
        let (p, q, gamma) = (self.p, self.q, self.gamma)
        // Γ and ψ of p·x depend on x alone: taken once per frequency.
        let byFrequency = data.distinct.map { x in
            let px = p * x
            return (value: F.logGamma(px + q) - F.logGamma(px), dp: x * (F.digamma(px + q) - F.digamma(px)), dq: F.digamma(px + q))
        }
        let n = Double(data.frequency.count)
        let sums = parallelSum(count: data.frequency.count, width: 4) { range in
            var value = 0.0, dp = 0.0, dq = 0.0, dg = 0.0
            for i in range {
                let x = data.frequency[i], px = p * x, terms = byFrequency[Int(data.slot[i])]
                let spend = x * data.monetary[i] + gamma, logSpend = log(spend)
                value += terms.value + (px - 1) * data.logMonetary[i] + px * data.logFrequency[i] - (px + q) * logSpend
                dp += terms.dp + x * (data.logMonetary[i] + data.logFrequency[i] - logSpend)
                dq += terms.dq - logSpend
                dg -= (px + q) / spend
            }
            return [value, dp, dq, dg]
        }
        return (n * (q * log(gamma) - F.logGamma(q)) + sums[0],
                [sums[1], n * (log(gamma) - F.digamma(q)) + sums[2], n * q / gamma + sums[3]])
    }

    /// The expected mean value of a customer's purchases given `x` repeat purchases of mean `monetary`:
    /// the population mean pγ/(q − 1) weighted against the customer's own (equation 5 of the paper).
    public func expectedPurchaseValue(frequency x: Int32, monetary: Double) -> Double {
        let weight = p * Double(x) / (p * Double(x) + q - 1)
        return (1 - weight) * gamma * p / (q - 1) + weight * monetary
    }
}
