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
        let scaled = monetary.map { $0 * scale }, n = Double(buyers.count)
        let found = minimizer.minimize({ theta in
            let model = GammaGamma(p: exp(theta[0]), q: exp(theta[1]), gamma: exp(theta[2]))
            let (value, gradient) = model.logLikelihood(frequency: frequency, monetary: scaled)
            let parameters = [model.p, model.q, model.gamma]
            return (-value / n, (0..<3).map { -gradient[$0] * parameters[$0] / n })
        }, from: [0, 0, 0])
        guard found.converged else { return nil }
        let p = found.point.map(exp)
        let model = GammaGamma(p: p[0], q: p[1], gamma: p[2] / scale)
        return (model, model.logLikelihood(frequency: frequency, monetary: monetary).value)
    }

    /// The log-likelihood of repeat buyers' mean spends and its gradient in (p, q, γ).
    public func logLikelihood(frequency: [Double], monetary: [Double]) -> (value: Double, gradient: [Double]) {
        typealias F = SpecialFunctions
        let (p, q, gamma) = (self.p, self.q, self.gamma)
        // Γ and ψ of p·x depend on x alone: taken once per frequency.
        var byFrequency: [Double: (value: Double, dp: Double, dq: Double)] = [:]
        for x in Set(frequency) {
            let px = p * x
            byFrequency[x] = (F.logGamma(px + q) - F.logGamma(px), x * (F.digamma(px + q) - F.digamma(px)), F.digamma(px + q))
        }
        let n = Double(frequency.count)
        var value = n * (q * log(gamma) - F.logGamma(q)), dp = 0.0, dq = n * (log(gamma) - F.digamma(q)), dg = n * q / gamma
        for i in frequency.indices {
            let x = frequency[i], m = monetary[i], px = p * x, terms = byFrequency[x]!
            let logSpend = log(x * m + gamma)
            value += terms.value + (px - 1) * log(m) + px * log(x) - (px + q) * logSpend
            dp += terms.dp + x * (log(m) + log(x) - logSpend)
            dq += terms.dq - logSpend
            dg -= (px + q) / (x * m + gamma)
        }
        return (value, [dp, dq, dg])
    }

    /// The expected mean value of a customer's purchases given `x` repeat purchases of mean `monetary`:
    /// the population mean pγ/(q − 1) weighted against the customer's own (equation 5 of the paper).
    public func expectedPurchaseValue(frequency x: Int32, monetary: Double) -> Double {
        let weight = p * Double(x) / (p * Double(x) + q - 1)
        return (1 - weight) * gamma * p / (q - 1) + weight * monetary
    }
}
