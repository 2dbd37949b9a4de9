import CrescentStore

/// A multi-dimensional evaluation of reps, as a scorecard script declares it (docs/scorecards.md).
public struct Scorecard: Sendable {
    /// A KPI measured for each rep and scored from 0 to 100.
    public struct Measure: Sendable, Equatable {
        public let kpi: String
        public let weight: Double
        /// The value that scores 100; nil to use the rep's target for the KPI, else the rank among reps.
        public let target: Double?
        public let options: KpiOptions
        public let lowerIsBetter: Bool

        public init(kpi: String, weight: Double = 1, target: Double? = nil, options: KpiOptions = KpiOptions(), lowerIsBetter: Bool = false) {
            self.kpi = kpi
            self.weight = weight
            self.target = target
            self.options = options
            self.lowerIsBetter = lowerIsBetter
        }
    }

    public struct Dimension: Sendable, Equatable {
        public let name: String
        /// What people read as its heading (the scorecard's `label` in the language asked for; else the name).
        public let label: String
        public let weight: Double
        /// Empty when a Lua `score` function gives the dimension's score directly.
        public let measures: [Measure]

        public init(name: String, label: String? = nil, weight: Double, measures: [Measure]) {
            self.name = name
            self.label = label ?? name
            self.weight = weight
            self.measures = measures
        }
    }

    /// A level of the sales ladder: reps on it scoring at least `promoteAt` are ready for the next
    /// level; those below `atRiskBelow` are at risk.
    public struct Rung: Sendable, Equatable {
        public let level: String
        public let promoteAt: Double?
        public let atRiskBelow: Double?

        public init(level: String, promoteAt: Double?, atRiskBelow: Double?) {
            self.level = level
            self.promoteAt = promoteAt
            self.atRiskBelow = atRiskBelow
        }
    }

    public var name: String
    public var description: String
    public var dimensions: [Dimension]
    public var ladder: [Rung]

    public init(name: String, description: String = "", dimensions: [Dimension], ladder: [Rung] = []) {
        self.name = name
        self.description = description
        self.dimensions = dimensions
        self.ladder = ladder
    }
}

/// A rep as the scorecard lists it.
public struct ScoredRep: Sendable, Equatable {
    public let id: String
    public let name: String
    public let team: String
    public let level: String

    public init(id: String, name: String, team: String, level: String) {
        self.id = id
        self.name = name
        self.team = team
        self.level = level
    }
}

/// One measure of one rep: the KPI's value, what scores 100, and the score.
public struct MeasureScore: Sendable, Equatable {
    public let value: Double?
    public let target: Double?
    public let score: Double?
}

/// Where the sales ladder puts a rep after a review.
public enum LadderVerdict: Sendable, Equatable {
    case stay
    /// Scored at or above the rung's bar: ready for the next level.
    case readyFor(String)
    /// Scored below the rung's floor.
    case atRisk

    /// In English, as the JSON's `ladder` says it: "ready for mid", "at risk", or "".
    public var description: String {
        switch self {
        case .stay: return ""
        case .readyFor(let level): return "ready for \(level)"
        case .atRisk: return "at risk"
        }
    }

    /// The verdict `description` names, as a script reads it from the JSON's `ladder`.
    public init?(description: String) {
        switch description {
        case "": self = .stay
        case "at risk": self = .atRisk
        case let text where text.hasPrefix("ready for "): self = .readyFor(String(text.dropFirst("ready for ".count)))
        default: return nil
        }
    }
}

/// A rep's scores: per dimension, the total, the rank among all reps, and the ladder's verdict.
public struct RepScore: Sendable, Equatable {
    public let rep: ScoredRep
    /// Per dimension, per measure (empty for a scripted dimension).
    public let measures: [[MeasureScore]]
    public let dimensions: [Double?]
    public let total: Double?
    public var rank: Int?
    public let ladder: LadderVerdict
    /// The verdict in English.
    public var verdict: String { ladder.description }
}

/// A scorecard's review of every rep for a period: what `crescent scorecard` prints and `crm.scores` returns.
public struct ScorecardReport: Sendable {
    public let card: Scorecard
    public let period: Period
    public let asOf: CalendarDate
    public let scores: [RepScore]

    public init(card: Scorecard, period: Period, asOf: CalendarDate, scores: [RepScore]) {
        self.card = card
        self.period = period
        self.asOf = asOf
        self.scores = scores
    }
}
