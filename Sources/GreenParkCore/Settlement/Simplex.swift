/// A small dense two-phase simplex (Bland's rule, so it never cycles) for the least-core
/// LP: minimise `c.x` subject to `A_ub x <= b_ub` (b_ub >= 0), `A_eq x = b_eq` (b_eq >= 0)
/// and `x >= 0`. Written here because no LP library is among GreenPark's dependencies;
/// meant for hundreds to a few thousand rows, not for large models.
public enum Simplex {
    public enum Outcome: Equatable {
        case optimal([Double], Double)
        case infeasible
        case unbounded
    }

    public static func minimise(c: [Double], upper: [([Double], Double)], equal: [([Double], Double)], tolerance: Double = 1e-9) -> Outcome {
        let n = c.count, mu = upper.count, me = equal.count
        let m = mu + me
        // Columns: x (n), slacks (mu), artificials (me), then the right-hand side.
        let width = n + mu + me + 1
        var t = [[Double]](repeating: Array(repeating: 0, count: width), count: m)
        var basis = [Int](repeating: 0, count: m)
        for (r, row) in upper.enumerated() {
            for j in 0..<n { t[r][j] = row.0[j] }
            t[r][n + r] = 1
            t[r][width - 1] = row.1
            basis[r] = n + r
        }
        for (k, row) in equal.enumerated() {
            let r = mu + k
            for j in 0..<n { t[r][j] = row.0[j] }
            t[r][n + mu + k] = 1
            t[r][width - 1] = row.1
            basis[r] = n + mu + k
        }
        func pivot(_ r: Int, _ col: Int) {
            let p = t[r][col]
            for j in 0..<width { t[r][j] /= p }
            for i in 0..<m where i != r && t[i][col] != 0 {
                let f = t[i][col]
                for j in 0..<width where t[r][j] != 0 { t[i][j] -= f * t[r][j] }
            }
            basis[r] = col
        }
        /// Runs the simplex for `cost` over the allowed columns; false when unbounded.
        func solve(_ cost: [Double], allowed: Int) -> Bool {
            while true {
                // Reduced costs: cost_j - c_B B^-1 A_j.
                var entering = -1
                for j in 0..<allowed {
                    var reduced = cost[j]
                    for i in 0..<m { reduced -= cost[basis[i]] * t[i][j] }
                    if reduced < -tolerance { entering = j; break }   // Bland: the lowest index
                }
                guard entering >= 0 else { return true }
                var leaving = -1, best = Double.infinity
                for i in 0..<m where t[i][entering] > tolerance {
                    let ratio = t[i][width - 1] / t[i][entering]
                    if ratio < best - tolerance || (abs(ratio - best) <= tolerance && (leaving < 0 || basis[i] < basis[leaving])) {
                        best = ratio
                        leaving = i
                    }
                }
                guard leaving >= 0 else { return false }
                pivot(leaving, entering)
            }
        }
        // Phase 1: drive the artificials to zero.
        if me > 0 {
            var phase1 = [Double](repeating: 0, count: width - 1)
            for k in 0..<me { phase1[n + mu + k] = 1 }
            _ = solve(phase1, allowed: width - 1)
            var infeasibility = 0.0
            for i in 0..<m where basis[i] >= n + mu { infeasibility += t[i][width - 1] }
            guard infeasibility <= tolerance * max(1, equal.map(\.1).reduce(0, +)) else { return .infeasible }
            // Pivot artificials still basic (at zero) out, where a real column allows.
            for i in 0..<m where basis[i] >= n + mu {
                if let col = (0..<(n + mu)).first(where: { abs(t[i][$0]) > tolerance }) { pivot(i, col) }
            }
        }
        var phase2 = [Double](repeating: 0, count: width - 1)
        for j in 0..<n { phase2[j] = c[j] }
        guard solve(phase2, allowed: n + mu) else { return .unbounded }
        var x = [Double](repeating: 0, count: n)
        for i in 0..<m where basis[i] < n { x[basis[i]] = t[i][width - 1] }
        return .optimal(x, zip(c, x).reduce(0) { $0 + $1.0 * $1.1 })
    }
}
