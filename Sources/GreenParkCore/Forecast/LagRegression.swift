/// The regression baseline of ``ForecastMethod/regression``: one linear model per series and
/// day, fitted on the 28 days before it (pooled over the intervals of the day), with the
/// features 1, yesterday's same interval, last week's same interval and yesterday's mean.
/// Solved from the normal equations with a ridge of 1e-9 × each diagonal entry (stable when a feature
/// is constant, e.g. a plant that was off). Forecasts are rounded to the Wh and kept >= 0.
enum LagRegression {
    static let trainingDays = 28
    static let features = 4

    static func forecast(_ series: EnergySeries, day: Int) -> [Int64]? {
        // Training starts at day 8 (its rows need day d - 8's mean): nothing to fit before day 9.
        guard day > 8 else { return nil }
        var gram = [Double](repeating: 0, count: features * features)
        var moment = [Double](repeating: 0, count: features)
        var rows = 0
        for d in max(8, day - trainingDays)..<day {
            guard let mean = series.dailyMean(day: d - 1) else { continue }
            for k in 0..<series.intervalsPerDay {
                guard let y = series.value(day: d, interval: k), let lag1 = series.value(day: d - 1, interval: k),
                      let lag7 = series.value(day: d - 7, interval: k) else { continue }
                let x = [1, Double(lag1), Double(lag7), mean]
                for a in 0..<features {
                    moment[a] += x[a] * Double(y)
                    for b in 0..<features { gram[a * features + b] += x[a] * x[b] }
                }
                rows += 1
            }
        }
        guard rows >= series.intervalsPerDay * 7, let mean = series.dailyMean(day: day - 1),
              let beta = solve(gram, moment) else { return nil }
        var out: [Int64] = []
        for k in 0..<series.intervalsPerDay {
            guard let lag1 = series.value(day: day - 1, interval: k), let lag7 = series.value(day: day - 7, interval: k)
            else { return nil }
            let y = beta[0] + beta[1] * Double(lag1) + beta[2] * Double(lag7) + beta[3] * mean
            out.append(y.isFinite ? max(0, Int64(y.rounded())) : 0)
        }
        return out
    }

    /// Solves `(G + λI) β = m` by Gaussian elimination with partial pivoting.
    static func solve(_ gram: [Double], _ moment: [Double]) -> [Double]? {
        let n = features
        var a = gram, b = moment
        // Relative to each diagonal entry, so that the fit does not depend on the unit (a ridge
        // of the trace's size would swamp the intercept's entry, the row count); 1 for a
        // feature that is 0 throughout (its coefficient is then 0).
        for i in 0..<n { a[i * n + i] += gram[i * n + i] > 0 ? gram[i * n + i] * 1e-9 : 1 }
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0 * n + column]) < abs(a[$1 * n + column]) }!
            guard abs(a[pivot * n + column]) > 1e-300 else { return nil }
            if pivot != column {
                for j in 0..<n { a.swapAt(pivot * n + j, column * n + j) }
                b.swapAt(pivot, column)
            }
            for row in (column + 1)..<n {
                let factor = a[row * n + column] / a[column * n + column]
                for j in column..<n { a[row * n + j] -= factor * a[column * n + j] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for j in (row + 1)..<n { sum -= a[row * n + j] * x[j] }
            x[row] = sum / a[row * n + row]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}
