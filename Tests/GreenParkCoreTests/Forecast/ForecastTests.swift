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

    @Test("the regression does not depend on the unit: a series in Wh and the same in mWh forecast alike")
    func regressionScale() {
        // v(d) = base + amp on even days, base - amp on odd days, both intervals alike. The
        // model y = 2·base - y(d-1) fits it exactly (a = 2·base, b = -1, c = e = 0), so day 39
        // (odd; yesterday even) is forecast base - amp at any scale: 900 for base 1,000 and
        // amp 100, and 900,000 for base 1,000,000 and amp 100,000. A ridge of 1e-9 × the trace
        // on the intercept too is about 0.17 against the intercept's 56 rows at the small scale,
        // but 1.7e5 at the large one: the intercept is shrunk to nothing and the forecast drifts.
        func alternating(base: Int64, amp: Int64) -> EnergySeries {
            var values: [Int64] = []
            for d in 0..<40 { values += Array(repeating: d % 2 == 0 ? base + amp : base - amp, count: 2) }
            return EnergySeries(id: "a", intervalsPerDay: 2, values: values, present: Array(repeating: true, count: 80))
        }
        let small = ForecastMethod.regression.forecast(alternating(base: 1_000, amp: 100), day: 39, season: 7)
        let large = ForecastMethod.regression.forecast(alternating(base: 1_000_000, amp: 100_000), day: 39, season: 7)
        #expect(small.map { $0.allSatisfy { abs($0 - 900) <= 1 } } == true, "\(String(describing: small))")
        #expect(large.map { $0.allSatisfy { abs($0 - 900_000) <= 1 } } == true, "\(String(describing: large))")
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

    @Test("a schedule takes the method closer to the meters over the last 7 days; the regression on a tie")
    func preferred() {
        // A weekly pattern (day d: [100 + 10 x (d % 7), 200]) with one spike 20 days back (day 40 of
        // 60, [5,000, 200]): seasonal naive forecasts days 53-59 exactly (a week back never reaches the
        // spike); the regression's 28-day fit includes it and misses: seasonal naive is taken.
        var changed: [Int: [Int64]] = [:]
        for d in 0..<60 { changed[d] = [100 + 10 * Int64(d % 7), 200] }
        changed[40] = [5_000, 200]
        let weekly = Self.series(days: 60, changed: changed)
        let day55 = Array(weekly.values[110..<112])
        #expect(ForecastMethod.seasonalNaive.forecast(weekly, day: 55, season: 7) == day55)
        #expect(ForecastMethod.regression.forecast(weekly, day: 55, season: 7) != day55)
        #expect(ForecastMethod.preferred(weekly, day: 60, season: 7) == .seasonalNaive)
        // A constant series: both exact, a tie: the regression.
        #expect(ForecastMethod.preferred(Self.series(days: 40), day: 40, season: 7) == .regression)
        // A steady trend (+1 Wh a day): seasonal naive misses by 7 Wh per interval, the regression
        // follows it: the regression.
        var trend: [Int: [Int64]] = [:]
        for d in 0..<40 { trend[d] = [100 + Int64(d), 200 + Int64(d)] }
        #expect(ForecastMethod.preferred(Self.series(days: 40, changed: trend), day: 40, season: 7) == .regression)
        // Too little history for either method: the regression (as before).
        #expect(ForecastMethod.preferred(Self.series(days: 5), day: 5, season: 7) == .regression)
    }
}
