import Foundation
import Testing
@testable import CrescentStatistics

@Suite struct SpecialFunctionTests {
    /// Known values (scipy.special.digamma for the last three).
    @Test func digammaMatchesKnownValues() {
        let eulerGamma = 0.57721566490153286
        let known: [(Double, Double)] = [
            (1, -eulerGamma), (0.5, -eulerGamma - 2 * log(2.0)), (2, 1 - eulerGamma),
            (10, 2.2517525890667211), (0.1, -10.423754940411076), (150.5, 5.010637145933704),
        ]
        for (x, expected) in known {
            #expect(abs(SpecialFunctions.digamma(x) - expected) <= 1e-14 * max(1, abs(expected)), "ψ(\(x))")
        }
        // ψ is the derivative of ln Γ.
        for x in [0.3, 2.7, 41.0] {
            let h = 1e-6, slope = (SpecialFunctions.logGamma(x + h) - SpecialFunctions.logGamma(x - h)) / (2 * h)
            #expect(abs(SpecialFunctions.digamma(x) - slope) < 1e-7)
        }
    }

    @Test func hypergeometricSeriesMatchesClosedForms() throws {
        for z in [0.0, 0.1, 0.5, 0.9] {
            // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z and ₂F₁(a, b; b; z) = (1 − z)^−a.
            let log = try #require(SpecialFunctions.hypergeometric2F1(1, 1, 2, z))
            #expect(abs(log - (z == 0 ? 1 : -Foundation.log(1 - z) / z)) < 1e-14)
            let power = try #require(SpecialFunctions.hypergeometric2F1(2.5, 3.25, 3.25, z))
            #expect(abs(power - pow(1 - z, -2.5)) < 1e-12 * power)
        }
    }

    @Test func logAddExpDoesNotOverflow() {
        #expect(SpecialFunctions.logAddExp(1000, 1000) == 1000 + log(2.0))
        #expect(abs(SpecialFunctions.logAddExp(-2, 1) - log(exp(-2) + exp(1))) < 1e-15)
        #expect(SpecialFunctions.logAddExp(-.infinity, -.infinity) == -.infinity)
    }
}

@Suite struct MinimizerTests {
    @Test func findsRosenbrocksMinimumFromTheClassicStart() {
        let found = Minimizer().minimize({ p in
            let (x, y) = (p[0], p[1])
            return (100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x), [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)])
        }, from: [-1.2, 1])
        #expect(found.converged)
        #expect(abs(found.point[0] - 1) < 1e-9 && abs(found.point[1] - 1) < 1e-9)
        #expect(found.iterations < 100)
    }

    @Test func findsTheMinimumOfAnIllConditionedQuadratic() {
        let scales = [1.0, 1e3, 1e-3, 50]
        let found = Minimizer().minimize({ p in
            (zip(p, scales).reduce(0) { $0 + $1.1 * ($1.0 - 2) * ($1.0 - 2) }, zip(p, scales).map { 2 * $1 * ($0 - 2) })
        }, from: [0, 0, 0, 0])
        #expect(found.converged)
        #expect(found.point.allSatisfy { abs($0 - 2) < 1e-6 })
    }

    @Test func saysWhenItCannotConverge() {
        var limited = Minimizer()
        limited.maxIterations = 3
        let found = limited.minimize({ p in
            let (x, y) = (p[0], p[1])
            return (100 * (y - x * x) * (y - x * x) + (1 - x) * (1 - x), [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)])
        }, from: [-1.2, 1])
        #expect(!found.converged)
    }
}
