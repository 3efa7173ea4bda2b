/// How a day-ahead forecast is made from a series' history (docs/forecasts.md).
public enum ForecastMethod: String, Sendable, CaseIterable {
    /// The same interval one season ago: a week for loads (weekly rhythm), a day for
    /// generation (daily rhythm); when that day was not metered, the season before it.
    case seasonalNaive = "seasonal-naive"
    /// A weather-free linear regression, refitted for every day on the 28 days before it:
    /// `y(d,k) = a + b·y(d-1,k) + c·y(d-7,k) + e·mean(d-1)`, least squares with a tiny ridge
    /// (1e-9 × each diagonal entry).
    case regression

    /// The forecast of day `day` of `series` from the days before it only, or nil when the
    /// history is too short. Values are Wh per interval, rounded to the Wh, never negative.
    public func forecast(_ series: EnergySeries, day: Int, season: Int) -> [Int64]? {
        switch self {
        case .seasonalNaive: SeasonalNaive.forecast(series, day: day, season: season)
        case .regression: LagRegression.forecast(series, day: day)
        }
    }
}

/// The seasonal-naive method: `y(d,k) = y(d - season, k)`, going back whole seasons (up to
/// four) until a metered value is found.
enum SeasonalNaive {
    static func forecast(_ series: EnergySeries, day: Int, season: Int) -> [Int64]? {
        var out: [Int64] = []
        out.reserveCapacity(series.intervalsPerDay)
        for k in 0..<series.intervalsPerDay {
            guard let value = (1...4).lazy.compactMap({ series.value(day: day - $0 * season, interval: k) }).first
            else { return nil }
            out.append(value)
        }
        return out
    }
}
