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

    /// Splits every item of `park.sharedCosts` for the allocated period `[data.from, data.to)`.
    public init(park: Park, data: PeriodData, outcome: AllocationOutcome, local: LocalTime) {
        members = park.members.map(\.id)
        let game = PeakGame(problem: data.problem)
        items = park.sharedCosts.map { cost in
            let amount = Self.periodCost(cost, from: data.from, to: data.to, local: local)
            let split: CostSplit
            switch cost.method {
            case .energy, .peak, .equal:
                split = SimpleCostSplits.split(amount, method: cost.method, problem: data.problem, outcome: outcome)
            case .shapley:
                split = ShapleyCostSplit.exact(amount, game: game)
            case .shapleySampled:
                split = ShapleyCostSplit.sampled(amount, game: game, orders: cost.orders, seed: Self.seed(cost.id))
            case .leastCore:
                split = LeastCore.split(amount, game: game)
            }
            return Item(cost: cost, periodCostFen: amount, split: split)
        }
    }

    /// The cost of `[from, to)`: per local year, what accrued by `to` minus what accrued by
    /// `from` (``SharedCost/accrued(seconds:yearSeconds:)``), so consecutive periods sum
    /// exactly to the annual cost.
    public static func periodCost(_ cost: SharedCost, from: Timestamp, to: Timestamp, local: LocalTime) -> Int64 {
        var total: Int64 = 0, start = from
        while start < to {
            let year = local.date(of: start).year
            let yearStart = local.startOfDay(CivilDate(year: year, month: 1, day: 1)), yearEnd = local.startOfDay(CivilDate(year: year + 1, month: 1, day: 1))
            let end = min(to, yearEnd), length = yearEnd.seconds - yearStart.seconds
            total += cost.accrued(seconds: end.seconds - yearStart.seconds, yearSeconds: length) - cost.accrued(seconds: start.seconds - yearStart.seconds, yearSeconds: length)
            start = end
        }
        return total
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
