/// How a shared infrastructure cost is split among members (DOMAIN.md 6). Every method is
/// efficient to the fen: the shares sum exactly to the cost (largest remainder, ties to
/// the member listed first).
public enum CostSharingMethod: String, Sendable, CaseIterable {
    /// In proportion to the green energy each member received.
    case energy
    /// In proportion to each member's own peak green draw (its largest allocation in one interval).
    case peak
    /// Equally.
    case equal
    /// The exact Shapley value of the capacity game (up to 24 members).
    case shapley
    /// The Shapley value estimated from sampled orders, with a 95 % error bound per member.
    case shapleySampled = "shapley-sampled"
    /// A split in the least-core of the capacity game (an LP solved by Clp: GreenParkOptimization's
    /// `LeastCore`, up to its `maximumMembers`, 16).
    case leastCore = "least-core"

    /// The axioms the method meets, for reports.
    public var axioms: String {
        switch self {
        case .energy: "efficiency, null player (no green energy, no share); not capacity-causal"
        case .peak: "efficiency, null player; ignores coincidence of peaks"
        case .equal: "efficiency, symmetry; no null player"
        case .shapley: "efficiency, symmetry, null player, additivity (exact Shapley value of the capacity game)"
        case .shapleySampled: "efficiency exactly; symmetry, null player and additivity in expectation (sampled Shapley value)"
        case .leastCore: "efficiency; in the core whenever the core is not empty (least-core); stable against coalitions leaving"
        }
    }
}

/// One cost split among the members, in fen.
public struct CostSplit: Sendable, Equatable {
    public var method: CostSharingMethod
    public var amounts: [Int64]
    /// 95 % error bound per member in fen (sampled Shapley only).
    public var errorBounds: [Int64]?
    /// What was computed, for reports (orders sampled, candidate intervals, ...).
    public var note: String

    public init(method: CostSharingMethod, amounts: [Int64], errorBounds: [Int64]? = nil, note: String = "") {
        self.method = method
        self.amounts = amounts
        self.errorBounds = errorBounds
        self.note = note
    }
}
