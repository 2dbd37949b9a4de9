import Foundation
import RealModule

/// The special functions the purchase models need. The log-gamma function is swift-numerics';
/// digamma and the Gauss hypergeometric series are here because swift-numerics has neither.
public enum SpecialFunctions {
    /// ln Γ(x) for x > 0.
    @inline(__always)
    public static func logGamma(_ x: Double) -> Double { Double.logGamma(x) }

    /// ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x lifts x above 10, where
    /// the asymptotic series (Abramowitz and Stegun 6.3.18) is exact to double precision.
    public static func digamma(_ x: Double) -> Double {
        precondition(x > 0, "digamma is taken of positive values only")
        var value = 0.0, x = x
        while x < 10 {
            value -= 1 / x
            x += 1
        }
        let inverse2 = 1 / (x * x)
        // Bernoulli numbers B2k / 2k: 1/12, -1/120, 1/252, -1/240, 1/132, -691/32760, 1/12.
        let series = inverse2 * (1.0 / 12 - inverse2 * (1.0 / 120 - inverse2 * (1.0 / 252 - inverse2 * (1.0 / 240
            - inverse2 * (1.0 / 132 - inverse2 * (691.0 / 32760 - inverse2 / 12))))))
        return value + log(x) - 0.5 / x - series
    }

    /// The Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series, summed
    /// until a term no longer changes the sum; nil when it has not converged (z too close to 1).
    public static func hypergeometric2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double? {
        precondition(z >= 0 && z < 1, "the series is summed for 0 <= z < 1 only")
        var term = 1.0, sum = 1.0, k = 0.0
        while k < 1_000_000 {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
            sum += term
            if abs(term) <= 1e-17 * abs(sum) { return sum.isFinite ? sum : nil }
            k += 1
        }
        return nil
    }

    /// ln(e^x + e^y) without overflow.
    @inline(__always)
    public static func logAddExp(_ x: Double, _ y: Double) -> Double {
        let high = max(x, y)
        return high == -.infinity ? high : high + log(exp(x - high) + exp(y - high))
    }
}
