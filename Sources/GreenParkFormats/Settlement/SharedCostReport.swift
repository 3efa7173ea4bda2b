import GreenParkCore
import GreenParkOptimization

/// The park's shared infrastructure costs of one billing month (or the part of it a run
/// covers), split among members by each item's method (DOMAIN.md 6), and `shared_costs.csv`.
///
/// One rule for every report (docs/settlement.md): the game's period is the billing month.
/// Each month's cost is split on that month's data alone, so `settle`, `run`'s
/// settlement.csv and `run`'s shared_costs.csv give every member the same amounts; a longer
/// period is the sum of its months.
public struct SharedCostReport: Sendable {
    public struct Item: Sendable {
        public var cost: SharedCost
        /// The cost for the month's period, in fen.
        public var periodCostFen: Int64
        public var split: CostSplit
    }

    /// The billing month's label (as in settlement.csv).
    public var month: String
    public var items: [Item]
    public var members: [String]

    /// Splits every item of `park.sharedCosts` for `[from, to)`, the intervals `range` of
    /// `data` (all of them by default), labelled `month`.
    public init(park: Park, data: PeriodData, outcome: AllocationOutcome, local: LocalTime, month: String,
                intervals range: Range<Int>? = nil) {
        let range = range ?? 0..<data.problem.intervalCount
        let from = data.start(ofInterval: range.lowerBound), to = data.start(ofInterval: range.upperBound)
        self.month = month
        members = park.members.map(\.id)
        let game = PeakGame(problem: data.problem, intervals: range)
        items = park.sharedCosts.map { cost in
            let amount = Self.periodCost(cost, from: from, to: to, local: local)
            let split: CostSplit
            switch cost.method {
            case .energy, .peak, .equal:
                split = SimpleCostSplits.split(amount, method: cost.method, problem: data.problem, outcome: outcome,
                                               intervals: range)
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

    /// One report per billing month of `data`'s period, each on that month's intervals.
    public static func monthly(park: Park, data: PeriodData, outcome: AllocationOutcome,
                               local: LocalTime) -> [SharedCostReport] {
        func interval(_ t: Timestamp) -> Int { Int((t.seconds - data.from.seconds) / data.resolution.seconds) }
        return BillingMonth.months(from: data.from, to: data.to, local: local).map { month in
            SharedCostReport(park: park, data: data, outcome: outcome, local: local, month: month.label,
                             intervals: interval(month.from)..<interval(month.to))
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

    public static let header = "month,item,member_id,method,amount_fen,error_bound_fen,note"

    /// `month,item,member_id,method,amount_fen,error_bound_fen,note` for every month, item
    /// and member (the bound only for sampled Shapley; the note says what was computed, e.g.
    /// the number of orders sampled).
    public static func csv(_ reports: [SharedCostReport]) -> String {
        var out = header + "\n"
        for report in reports {
            for item in report.items {
                for (i, member) in report.members.enumerated() {
                    let bound = item.split.errorBounds.map { String($0[i]) } ?? ""
                    out += "\(report.month),\(item.cost.id),\(member),\(item.cost.method.rawValue),"
                        + "\(item.split.amounts[i]),\(bound),\(field(item.split.note))\n"
                }
            }
        }
        return out
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Each item's amounts per member summed over `reports` (the months of a longer period).
    public static func totals(_ reports: [SharedCostReport]) -> [(item: SharedCost, costFen: Int64, amounts: [Int64])] {
        guard let first = reports.first else { return [] }
        return first.items.indices.map { k in
            var amounts = [Int64](repeating: 0, count: first.members.count), cost: Int64 = 0
            for report in reports {
                cost += report.items[k].periodCostFen
                for i in amounts.indices { amounts[i] += report.items[k].split.amounts[i] }
            }
            return (first.items[k].cost, cost, amounts)
        }
    }
}
