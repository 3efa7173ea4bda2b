/// The thresholds a park must meet under a policy (DOMAIN.md 1), kept as data: profiles
/// are files shipped with GreenPark (`policy-profiles/*.yaml`) or a park's own file in
/// the same format, never code.
public struct PolicyProfile: Sendable, Equatable {
    /// No policy: a park that names `policy_profile: none` is checked against nothing.
    public static let none = PolicyProfile(id: "none", name: "no policy profile", source: "none given", rules: [])

    public var id: String
    public var name: String
    /// The rule text it implements.
    public var source: String
    public var rules: [PolicyRule]

    public init(id: String, name: String, source: String, rules: [PolicyRule]) {
        self.id = id
        self.name = name
        self.source = source
        self.rules = rules
    }
}

/// One check of a profile: a metric with a minimum or a maximum, which may step up from
/// given dates (e.g. green share >= 0.30, >= 0.35 for periods from 2030).
public struct PolicyRule: Sendable, Equatable {
    /// The metric: `self_consumption_ratio`, `green_share` or `surplus_share`.
    public var metric: PolicyMetric
    public var bound: Bound
    /// The threshold before any step.
    public var threshold: Fixed6
    /// Thresholds that apply to periods starting on or after a date, in date order.
    public var steps: [(from: CivilDate, threshold: Fixed6)]

    public enum Bound: String, Sendable {
        case min
        case max
    }

    public init(metric: PolicyMetric, bound: Bound, threshold: Fixed6, steps: [(from: CivilDate, threshold: Fixed6)] = []) {
        self.metric = metric
        self.bound = bound
        self.threshold = threshold
        self.steps = steps.sorted { $0.from < $1.from }
    }

    /// The threshold for a period that starts on `date` (local calendar).
    public func threshold(forPeriodStarting date: CivilDate) -> Fixed6 {
        steps.last { $0.from <= date }?.threshold ?? threshold
    }

    public static func == (lhs: PolicyRule, rhs: PolicyRule) -> Bool {
        lhs.metric == rhs.metric && lhs.bound == rhs.bound && lhs.threshold == rhs.threshold
            && lhs.steps.map(\.from) == rhs.steps.map(\.from) && lhs.steps.map(\.threshold) == rhs.steps.map(\.threshold)
    }
}

/// Ratios of a period that policies set thresholds on (DOMAIN.md 3, "Derived per period").
public enum PolicyMetric: String, Sendable, CaseIterable {
    /// sum A / sum G
    case selfConsumptionRatio = "self_consumption_ratio"
    /// sum A / sum C
    case greenShare = "green_share"
    /// surplus / G
    case surplusShare = "surplus_share"
}
