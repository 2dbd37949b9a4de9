/// One stage of the sales funnel, in order.
public struct FunnelStage: Sendable, Equatable {
    public let name: String
    /// The chance that a deal in this stage is won, 0 to 1.
    public let probability: Double
    /// Deals longer than this in the stage are stalled; nil when the stage has no limit.
    public let maxDwellDays: Double?
    /// The stage has exit criteria (a Lua predicate over the deal, kept by the script layer).
    public let hasExitCriteria: Bool
    /// The forecast category of the stage's open deals; nil: pipeline (the won stage is always closed).
    public let forecastCategory: ForecastCategory?

    public init(name: String, probability: Double, maxDwellDays: Double? = nil, hasExitCriteria: Bool = false,
                forecastCategory: ForecastCategory? = nil) {
        self.name = name
        self.probability = probability
        self.maxDwellDays = maxDwellDays
        self.hasExitCriteria = hasExitCriteria
        self.forecastCategory = forecastCategory
    }
}

/// The configured funnel: stages in order, the last being the won stage, plus the lost closing state.
public struct FunnelStages: Sendable, Equatable {
    public let stages: [FunnelStage]
    public let lostStage: String

    /// The default funnel: lead, contacted, qualified, proposal, negotiation, won; lost closes a deal.
    public static let standard = FunnelStages(stages: [
        FunnelStage(name: "lead", probability: 0.10, maxDwellDays: 14),
        FunnelStage(name: "contacted", probability: 0.15, maxDwellDays: 21),
        FunnelStage(name: "qualified", probability: 0.25, maxDwellDays: 30),
        FunnelStage(name: "proposal", probability: 0.40, maxDwellDays: 30, forecastCategory: .bestCase),
        FunnelStage(name: "negotiation", probability: 0.65, maxDwellDays: 30, forecastCategory: .commit),
        FunnelStage(name: "won", probability: 1.0),
    ], lostStage: "lost")

    public init(stages: [FunnelStage], lostStage: String = "lost") {
        self.stages = stages
        self.lostStage = lostStage
    }

    /// The position of a stage, nil for the lost state or a stage not configured.
    public func order(of stage: String) -> Int? { stages.firstIndex { $0.name == stage } }

    public func probability(of stage: String) -> Double {
        stage == lostStage ? 0 : order(of: stage).map { stages[$0].probability } ?? 0
    }

    /// The forecast category of a deal: its own (`forecast_category`) when it names one, else its
    /// stage's: won deals are closed, lost ones omitted, open ones their stage's category or pipeline.
    public func forecastCategory(stage: String, status: String, own: String?) -> ForecastCategory {
        if let own, let category = ForecastCategory(parsing: own) { return category }
        switch status {
        case "won": return .closed
        case "lost": return .omitted
        default: return order(of: stage).flatMap { stages[$0].forecastCategory } ?? (stage == lostStage ? .omitted : .pipeline)
        }
    }

    /// The share of deals expected to move from stage `index` to the next: the ratio of their win probabilities.
    public func expectedConversion(from index: Int) -> Double? {
        guard index + 1 < stages.count, stages[index + 1].probability > 0 else { return nil }
        return stages[index].probability / stages[index + 1].probability
    }
}
