import GreenParkCore
import GreenParkFormats

/// Day-ahead forecasts of every member's load and every generator's output from the stored
/// history (docs/forecasts.md): seasonal naive (a week back for loads, a day back for
/// generation) and the weather-free lag regression, and their backtests per month.
public struct ForecastService: Sendable {
    public let context: ParkContext

    public init(context: ParkContext) { self.context = context }

    /// Days of history read before a forecast day: the regression's 28 training days, its
    /// week lag and a day for yesterday's mean, plus the seasonal fallbacks.
    static let historyDays = 42

    /// One series' forecast for a day.
    public struct SeriesForecast: Sendable {
        public var id: String
        /// `member` or `generator`.
        public var kind: String
        /// Per method, the Wh of each interval (nil: too little metered history).
        public var values: [ForecastMethod: [Int64]?]
        /// The method closer to the meters over the last days
        /// (``ForecastMethod/preferred(_:day:season:window:)``).
        public var preferred: ForecastMethod

        /// Both methods' forecasts of day `day` of `series` (read with ``history(from:days:)``),
        /// and the preferred one.
        init(_ series: EnergySeries, kind: String, season: Int, day: Int) {
            id = series.id
            self.kind = kind
            values = Dictionary(uniqueKeysWithValues: ForecastMethod.allCases.map {
                ($0, $0.forecast(series, day: day, season: season))
            })
            preferred = .preferred(series, day: day, season: season)
        }

        /// The method a schedule takes: the preferred one where it has a forecast, else the
        /// other; nil when neither has.
        public var taken: ForecastMethod? {
            (values[preferred] ?? nil) != nil ? preferred
                : ForecastMethod.allCases.first { (values[$0] ?? nil) != nil }
        }
    }

    /// A day's forecast: each interval's start and every series.
    public struct DayForecast: Sendable {
        public var day: CivilDate
        public var intervalStarts: [Timestamp]
        public var series: [SeriesForecast]
    }

    /// The forecast of local day `day` from the stored days before it.
    public func forecast(day: CivilDate) throws -> DayForecast {
        let local = context.local
        let start = local.startOfDay(day)
        let history = try self.history(from: start.adding(seconds: -Int64(Self.historyDays) * 86_400),
                                       days: Self.historyDays + 1)
        let perDay = context.park.settings.resolution.intervalsPerDay
        let series = history.map {
            SeriesForecast($0.series, kind: $0.kind, season: $0.season, day: Self.historyDays)
        }
        let step = context.park.settings.resolution.seconds
        return DayForecast(day: day, intervalStarts: (0..<perDay).map { start.adding(seconds: Int64($0) * step) },
                           series: series)
    }

    /// Backtests both methods on every series over local days `from` up to `to` (exclusive),
    /// a month of history at a time.
    public func backtest(from: CivilDate, to: CivilDate) throws -> [ForecastBacktest] {
        let local = context.local
        var results: [String: [ForecastMethod: [ForecastBacktest.Month]]] = [:]
        var order: [String] = []
        var monthStart = from
        while monthStart < to {
            let next = min(to, CivilDate(year: monthStart.year + (monthStart.month == 12 ? 1 : 0),
                                         month: monthStart.month % 12 + 1, day: 1))
            let days = Int(next.daysSinceEpoch - monthStart.daysSinceEpoch)
            let first = local.startOfDay(monthStart).adding(seconds: -Int64(Self.historyDays) * 86_400)
            let label = String(format: "%04d-%02d", monthStart.year, monthStart.month)
            for item in try history(from: first, days: Self.historyDays + days) {
                if results[item.series.id] == nil { order.append(item.series.id) }
                for method in ForecastMethod.allCases {
                    let test = ForecastBacktest(series: item.series, method: method, season: item.season,
                                                days: Self.historyDays..<(Self.historyDays + days)) { _ in label }
                    results[item.series.id, default: [:]][method, default: []] += test.months
                }
            }
            monthStart = next
        }
        return order.flatMap { id in
            ForecastMethod.allCases.map { ForecastBacktest(series: id, method: $0, months: results[id]?[$0] ?? []) }
        }
    }

    /// Every member's and generator's series over `days` whole days from `from`, with the
    /// season its seasonal-naive forecast uses (7 days for loads, 1 for generation).
    func history(from: Timestamp, days: Int) throws -> [(series: EnergySeries, kind: String, season: Int)] {
        let park = context.park
        let data = try PeriodData.load(park: park, store: context.stores.readings, from: from,
                                       to: from.adding(seconds: Int64(days) * 86_400))
        let count = data.problem.intervalCount, step = park.settings.resolution.seconds
        func missing(_ meters: [String]) -> [Bool] {
            var present = [Bool](repeating: true, count: count)
            for gap in data.gaps where meters.contains(gap.meter) {
                let first = Int((gap.start.seconds - from.seconds) / step)
                for t in first..<(first + gap.intervals) { present[t] = false }
            }
            return present
        }
        let n = park.members.count, m = park.generators.count, perDay = park.settings.resolution.intervalsPerDay
        var out: [(EnergySeries, String, Int)] = []
        for (i, member) in park.members.enumerated() {
            let values = (0..<count).map { data.problem.consumption[$0 * n + i] }
            out.append((EnergySeries(id: member.id, intervalsPerDay: perDay, values: values,
                                     present: missing(member.meters)), "member", 7))
        }
        for (j, generator) in park.generators.enumerated() {
            let values = (0..<count).map { data.problem.generation[$0 * m + j] }
            out.append((EnergySeries(id: generator.id, intervalsPerDay: perDay, values: values,
                                     present: missing([generator.meter])), "generator", 1))
        }
        return out
    }
}
