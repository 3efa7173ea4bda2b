extension ForecastMethod {
    /// The days a method's recent record is judged on.
    public static let recentDays = 7

    /// The method a schedule takes for day `day` of `series`: the one whose forecasts of the
    /// `window` days before it (each made from the days before that day only) were closer to
    /// what was metered, by the sum of absolute errors over the metered intervals of the days
    /// both methods could forecast. Ties, and a history with no such day, take the regression.
    ///
    /// Example: over the last 7 days seasonal naive missed by 1,200 Wh in all and the
    /// regression by 1,500 Wh: the day is forecast by seasonal naive.
    public static func preferred(_ series: EnergySeries, day: Int, season: Int,
                                 window: Int = recentDays) -> ForecastMethod {
        var errors: [ForecastMethod: Int64] = [:]
        for d in max(0, day - window)..<day {
            let forecasts = allCases.map { $0.forecast(series, day: d, season: season) }
            guard forecasts.allSatisfy({ $0 != nil }) else { continue }
            for (method, forecast) in zip(allCases, forecasts) {
                var error: Int64 = 0
                for k in 0..<series.intervalsPerDay {
                    guard let y = series.value(day: d, interval: k) else { continue }
                    error += abs(forecast![k] - y)
                }
                errors[method, default: 0] += error
            }
        }
        guard let naive = errors[.seasonalNaive], let regression = errors[.regression] else { return .regression }
        return naive < regression ? .seasonalNaive : .regression
    }
}
