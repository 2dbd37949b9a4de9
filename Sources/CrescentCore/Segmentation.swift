import CrescentStore

/// A segmentation as its script defines it, less the `when` predicates, which stay in the script.
public struct Segmentation: Sendable, Equatable {
    public struct Tier: Sendable, Equatable {
        public var name: String
        /// What people read for it, in the language the script ran in (the name when not given).
        public var label: String?
        public var strategy: String?
        /// How often a customer in the tier is followed up, in days (a `follow_up` rule's, when it has one).
        public var followUpDays: Int?
        /// The follow-up task `segment run` keeps open for each customer in the tier.
        public var followUp: FollowUpRule?
        public init(name: String, label: String? = nil, strategy: String? = nil, followUpDays: Int? = nil,
                    followUp: FollowUpRule? = nil) {
            self.name = name
            self.label = label
            self.strategy = strategy
            self.followUpDays = followUpDays ?? followUp?.everyDays
            self.followUp = followUp
        }
    }

    public var name: String
    public var description: String
    /// Tried in order; the first whose predicate holds wins.
    public var tiers: [Tier]
    /// The tier of a customer no predicate accepts.
    public var defaultTier: String
    /// What people read for the default tier.
    public var defaultLabel: String?

    /// The label of tier `name`, when the script gave one.
    public func label(of name: String) -> String? {
        tiers.first { $0.name == name }?.label ?? (name == defaultTier ? defaultLabel : nil)
    }

    public init(name: String, description: String = "", tiers: [Tier], defaultTier: String) {
        self.name = name
        self.description = description
        self.tiers = tiers
        self.defaultTier = defaultTier
    }

    /// Every tier name in order, the default last: a customer's assignment indexes this list.
    public var tierNames: [String] {
        let names = tiers.map(\.name)
        return names.contains(defaultTier) ? names : names + [defaultTier]
    }
}

/// A tier's follow-up: a task of `kind` for the customer's owner, due `everyDays` after the last
/// activity of that kind (`follow_up = {every_days = 30, kind = "visit", subject = ...}`).
public struct FollowUpRule: Sendable, Equatable {
    public var everyDays: Int
    /// The activity kind that does the follow-up, and the task's kind.
    public var kind: String
    /// The task's subject, in the language the script ran in.
    public var subject: String

    public init(everyDays: Int, kind: String, subject: String) {
        self.everyDays = everyDays
        self.kind = kind
        self.subject = subject
    }
}

/// The tier of every customer before a run, read from the last saved run of the segmentation.
public struct PreviousMembership: Sendable {
    /// The last saved run, nil when there is none.
    public let run: SegmentRunRecord?
    /// Each customer's tier by ordinal; none for a customer not in the last run.
    public let tiers: LatestTiers

    public init(store: any RecordStore, segment: String, ids: IdIndex) throws(StoreError) {
        run = try store.segmentRuns(segment: segment).last
        tiers = try store.latestTiers(segment: segment, of: ids)
    }
}
