/// How well a method would have forecast a series: every day of a range forecast from the
/// days before it only, compared with what was metered, per month. MAE and RMSE are in Wh
/// per interval over the metered intervals of days the method could forecast; nMAE is the
/// MAE over the mean metered value (nil when that is 0).
public struct ForecastBacktest: Sendable, Equatable {
    public let series: String
    public let method: ForecastMethod
    public let months: [Month]

    public struct Month: Sendable, Equatable {
        public let month: String
        /// Days forecast, and days the history was too short or unmetered for.
        public let days: Int
        public let skippedDays: Int
        public let intervals: Int
        public let maeWh: Double
        public let rmseWh: Double
        public let meanWh: Double

        public var normalisedMAE: Double? { meanWh > 0 ? maeWh / meanWh : nil }
    }

    /// A backtest put together from months computed separately (e.g. a month at a time).
    public init(series: String, method: ForecastMethod, months: [Month]) {
        self.series = series
        self.method = method
        self.months = months
    }

    /// Backtests `method` on days `days` of `series`; `month(d)` names the month of day d
    /// (days of one month must be consecutive).
    public init(series: EnergySeries, method: ForecastMethod, season: Int, days: Range<Int>,
                month: (Int) -> String) {
        var months: [Month] = []
        var name: String?
        var count = 0, skipped = 0, intervals = 0
        var absolute = 0.0, squared = 0.0, actual = 0.0
        func close() {
            guard let name else { return }
            let n = Double(max(intervals, 1))
            months.append(Month(month: name, days: count, skippedDays: skipped, intervals: intervals,
                                maeWh: absolute / n, rmseWh: (squared / n).squareRoot(), meanWh: actual / n))
        }
        for d in days {
            let label = month(d)
            if label != name {
                close()
                name = label
                (count, skipped, intervals, absolute, squared, actual) = (0, 0, 0, 0, 0, 0)
            }
            guard let forecast = method.forecast(series, day: d, season: season) else {
                skipped += 1
                continue
            }
            count += 1
            for k in 0..<series.intervalsPerDay {
                guard let y = series.value(day: d, interval: k) else { continue }
                let error = Double(forecast[k] - y)
                absolute += abs(error)
                squared += error * error
                actual += Double(y)
                intervals += 1
            }
        }
        close()
        self.series = series.id
        self.method = method
        self.months = months
    }
}
