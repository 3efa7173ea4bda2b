/// The proportional methods: `energy` (weights: green energy received), `peak` (weights:
/// each member's largest allocation in one interval) and `equal`. Rule: `share_i = cost x
/// w_i / sum w`, floored, the leftover fen to the largest remainders (ties to the member
/// listed first). With no weight at all the cost is split equally. Only the intervals
/// `range` count (all by default), and of them only those not excluded by the gap policy.
public enum SimpleCostSplits {
    public static func split(_ cost: Int64, method: CostSharingMethod, problem: AllocationProblem,
                             outcome: AllocationOutcome, intervals range: Range<Int>? = nil) -> CostSplit {
        let n = problem.memberCount
        var weights = [Int64](repeating: 0, count: n)
        for t in range ?? 0..<problem.intervalCount where !problem.excluded[t] {
            for i in 0..<n {
                let a = outcome.allocated[t * n + i]
                switch method {
                case .energy: weights[i] += a
                case .peak: weights[i] = max(weights[i], a)
                default: break
                }
            }
        }
        if method == .equal || weights.allSatisfy({ $0 == 0 }) { weights = Array(repeating: 1, count: n) }
        return CostSplit(method: method, amounts: LargestRemainder.shares(of: cost, weights: weights))
    }
}
