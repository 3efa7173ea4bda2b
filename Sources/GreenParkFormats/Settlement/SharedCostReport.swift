import GreenParkCore

/// The park's shared infrastructure costs of a run, split among members by each item's
/// method (DOMAIN.md 6), and `shared_costs.csv`.
public struct SharedCostReport: Sendable {
    public struct Item: Sendable {
        public var cost: SharedCost
        /// The cost for the run's period, in fen.
        public var periodCostFen: Int64
        public var split: CostSplit
    }

    public var items: [Item]
    public var members: [String]

    /// Splits every item of `park.sharedCosts` for the allocated period `[data.from, data.to)`;
    /// `yearSeconds` is the length of the local year the period starts in.
    public init(park: Park, data: PeriodData, outcome: AllocationOutcome, yearSeconds: Int64) {
        members = park.members.map(\.id)
        let game = PeakGame(problem: data.problem)
        items = park.sharedCosts.map { cost in
            let amount = cost.cost(seconds: data.to.seconds - data.from.seconds, yearSeconds: yearSeconds)
            let split: CostSplit
            switch cost.method {
            case .energy, .peak, .equal:
                split = SimpleCostSplits.split(amount, method: cost.method, problem: data.problem, outcome: outcome)
            case .shapley:
                split = ShapleyCostSplit.exact(amount, game: game)
            case .shapleySampled:
                split = ShapleyCostSplit.sampled(amount, game: game, seed: Self.seed(cost.id))
            case .leastCore:
                split = LeastCore.split(amount, game: game)
            }
            return Item(cost: cost, periodCostFen: amount, split: split)
        }
    }

    /// The length of the local year that `instant` falls in, in seconds.
    public static func yearSeconds(of instant: Timestamp, local: LocalTime) -> Int64 {
        let year = local.date(of: instant).year
        return local.startOfDay(CivilDate(year: year + 1, month: 1, day: 1)).seconds - local.startOfDay(CivilDate(year: year, month: 1, day: 1)).seconds
    }

    /// A stable seed per item (FNV-1a of its id), so the same run samples the same orders.
    static func seed(_ id: String) -> UInt64 {
        id.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    public static let header = "item,member_id,method,amount_fen,error_bound_fen"

    /// `item,member_id,method,amount_fen,error_bound_fen` (the bound only for sampled Shapley).
    public func csv() -> String {
        var out = Self.header + "\n"
        for item in items {
            for (i, member) in members.enumerated() {
                let bound = item.split.errorBounds.map { String($0[i]) } ?? ""
                out += "\(item.cost.id),\(member),\(item.cost.method.rawValue),\(item.split.amounts[i]),\(bound)\n"
            }
        }
        return out
    }
}
