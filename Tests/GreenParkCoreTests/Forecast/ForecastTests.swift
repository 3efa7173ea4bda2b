@testable import GreenParkCore
import Testing

@Suite("Day-ahead forecasts: seasonal naive, the lag regression and the backtest")
struct ForecastTests {
    /// Two intervals a day: [100, 200] every day, except `changed` days.
    static func series(days: Int, changed: [Int: [Int64]] = [:], missing: Set<Int> = []) -> EnergySeries {
        var values: [Int64] = [], present: [Bool] = []
        for d in 0..<days {
            values += changed[d] ?? [100, 200]
            present += missing.contains(d) ? [false, false] : [true, true]
        }
        return EnergySeries(id: "s", intervalsPerDay: 2, values: values, present: present)
    }

    @Test("seasonal naive: a week back, the week before when that day is missing, nothing without history")
    func seasonalNaive() {
        let s = Self.series(days: 20, changed: [3: [1, 2], 10: [5, 6]], missing: [12])
        #expect(ForecastMethod.seasonalNaive.forecast(s, day: 10, season: 7) == [1, 2])   // day 3
        #expect(ForecastMethod.seasonalNaive.forecast(s, day: 17, season: 7) == [5, 6])   // day 10
        // Day 12 was not metered: day 19 takes day 5 (two weeks back).
        #expect(ForecastMethod.seasonalNaive.forecast(s, day: 19, season: 7) == [100, 200])
        #expect(ForecastMethod.seasonalNaive.forecast(s, day: 4, season: 7) == nil)
        #expect(ForecastMethod.seasonalNaive.forecast(s, day: 4, season: 1) == [1, 2])    // daily season: day 3
    }

    @Test("the regression reproduces a series it can describe exactly: constant, and a steady trend")
    func regression() {
        let constant = Self.series(days: 40)
        #expect(ForecastMethod.regression.forecast(constant, day: 39, season: 7) == [100, 200])
        // y(d) = 1,000 + 10·d in both intervals: y = 10 + yesterday's value fits exactly.
        var values: [Int64] = []
        for d in 0..<40 { values += [Int64(1000 + 10 * d), Int64(1000 + 10 * d)] }
        let trend = EnergySeries(id: "t", intervalsPerDay: 2, values: values,
                                 present: Array(repeating: true, count: 80))
        #expect(ForecastMethod.regression.forecast(trend, day: 39, season: 7) == [1390, 1390])
        // Too little history (fewer than 7 days of training rows): no forecast.
        #expect(ForecastMethod.regression.forecast(constant, day: 12, season: 7) == nil)
    }

    @Test("backtest, worked: one odd day among constant ones gives MAE 3.33 Wh and RMSE 10 Wh")
    func backtest() {
        // Days 7-15 forecast from a week before; only day 10 ([130, 170]) differs from its
        // forecast [100, 200]: errors 30 and 30 over 18 intervals -> MAE 60 / 18 = 3.333,
        // RMSE sqrt(2 x 900 / 18) = 10; mean metered (8 x 300 + 300) / 18 = 150.
        let s = Self.series(days: 16, changed: [10: [130, 170]])
        let result = ForecastBacktest(series: s, method: .seasonalNaive, season: 7, days: 7..<16) { _ in "2023-07" }
        #expect(result.months.count == 1)
        let month = result.months[0]
        #expect(month.days == 9 && month.skippedDays == 0 && month.intervals == 18)
        #expect(abs(month.maeWh - 60.0 / 18) < 1e-12 && abs(month.rmseWh - 10) < 1e-12 && month.meanWh == 150)
        // Days without history are counted as skipped, per month.
        let early = ForecastBacktest(series: s, method: .seasonalNaive, season: 7, days: 0..<9) { $0 < 5 ? "a" : "b" }
        #expect(early.months.map(\.skippedDays) == [5, 2] && early.months.map(\.days) == [0, 2])
    }
}
