/// A smooth function of several variables to minimise: its value and gradient at a point.
public typealias Objective = ([Double]) -> (value: Double, gradient: [Double])

/// What a minimisation found.
public struct Minimum: Sendable, Equatable {
    public let point: [Double]
    public let value: Double
    public let iterations: Int
    /// The gradient's largest component fell under the tolerance (false: stopped for lack of progress
    /// or at the iteration limit).
    public let converged: Bool
}

/// Unconstrained minimisation by BFGS (Nocedal and Wright, Numerical Optimization, 2nd ed.,
/// algorithm 6.1) with a backtracking line search on the Armijo condition. The inverse Hessian
/// is updated only when the step has positive curvature, so it stays positive definite.
public struct Minimizer: Sendable {
    /// Stop when every component of the gradient is at most this.
    public var gradientTolerance = 1e-10
    /// Where the search stops for lack of progress (rounding limits how small a gradient can get),
    /// it has converged if every component of the gradient is at most this (scipy's `gtol` as
    /// `lifetimes` sets it).
    public var acceptedGradient = 1e-7
    public var maxIterations = 500

    public init() {}

    public func minimize(_ objective: Objective, from start: [Double]) -> Minimum {
        let n = start.count
        var x = start, (value, gradient) = objective(x)
        var inverseHessian = identity(n)
        var iteration = 0, stalled = 0
        while iteration < maxIterations {
            if gradient.map(abs).max() ?? 0 <= gradientTolerance || !value.isFinite {
                return Minimum(point: x, value: value, iterations: iteration, converged: value.isFinite)
            }
            iteration += 1
            var direction = multiply(inverseHessian, gradient).map { -$0 }
            var slope = dot(direction, gradient)
            if slope >= 0 {  // not a descent direction: start again from steepest descent
                inverseHessian = identity(n)
                direction = gradient.map { -$0 }
                slope = dot(direction, gradient)
            }
            guard let (step, next, nextValue, nextGradient) = lineSearch(objective, x, value, direction, slope) else {
                if inverseHessian == identity(n) { break }
                inverseHessian = identity(n)
                continue
            }
            let s = direction.map { $0 * step }, y = zip(nextGradient, gradient).map { $0 - $1 }
            let curvature = dot(s, y)
            if curvature > 1e-300 { update(&inverseHessian, s, y, curvature) }
            stalled = abs(value - nextValue) <= 1e-16 * max(1, abs(value)) ? stalled + 1 : 0
            (x, value, gradient) = (next, nextValue, nextGradient)
            if stalled >= 5 { break }
        }
        let converged = value.isFinite && gradient.map(abs).max() ?? 0 <= max(gradientTolerance, acceptedGradient)
        return Minimum(point: x, value: value, iterations: iteration, converged: converged)
    }

    /// Halves the step from 1 until the value falls by at least 1e-4 of the slope's promise.
    private func lineSearch(_ objective: Objective, _ x: [Double], _ value: Double, _ direction: [Double], _ slope: Double)
        -> (Double, [Double], Double, [Double])? {
        var step = 1.0
        for _ in 0..<60 {
            let next = zip(x, direction).map { $0 + step * $1 }
            let (nextValue, nextGradient) = objective(next)
            if nextValue.isFinite && nextValue <= value + 1e-4 * step * slope { return (step, next, nextValue, nextGradient) }
            step /= 2
        }
        return nil
    }

    /// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1 / (yᵀ s).
    private func update(_ h: inout [[Double]], _ s: [Double], _ y: [Double], _ curvature: Double) {
        let n = s.count, rho = 1 / curvature
        let hy = multiply(h, y), yhy = dot(y, hy)
        for i in 0..<n {
            for j in 0..<n {
                h[i][j] += (rho * rho * yhy + rho) * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j])
            }
        }
    }

    private func identity(_ n: Int) -> [[Double]] { (0..<n).map { i in (0..<n).map { $0 == i ? 1 : 0 } } }
    private func multiply(_ m: [[Double]], _ v: [Double]) -> [Double] { m.map { dot($0, v) } }
    private func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
}
