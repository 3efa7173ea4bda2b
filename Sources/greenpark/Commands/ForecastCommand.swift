import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices

/// `greenpark forecast`: day-ahead forecasts of the members' loads and the generators'
/// output from the stored history, or a backtest of the methods per month.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast a day's load per member and generation per generator, or backtest the forecasts.",
        discussion: """
            Two weather-free methods, both from the stored readings before the day only
            (docs/forecasts.md): seasonal-naive (the same interval a week before for a load,
            a day before for generation) and regression (refitted per day on the 28 days
            before it: yesterday's and last week's same interval and yesterday's mean).

            --day DATE prints each series' forecast energy for the local day and, with --out,
            writes every interval (CSV: series,kind,interval_start,seasonal_naive_wh,
            regression_wh; an empty value where the history was too short).
            --backtest-from/--backtest-to forecast every day of that range as it would have
            been forecast then, and report per series, method and month the MAE and RMSE
            (kWh per interval) and nMAE (MAE / mean metered value).
            """
    )

    @OptionGroup var parkOptions: ParkOptions

    @Option(help: ArgumentHelp("The local day to forecast.", valueName: "YYYY-MM-DD"))
    var day: String?

    @Option(help: ArgumentHelp("First local day of a backtest.", valueName: "YYYY-MM-DD"))
    var backtestFrom: String?

    @Option(help: ArgumentHelp("Day after the last of a backtest.", valueName: "YYYY-MM-DD"))
    var backtestTo: String?

    @Option(help: "Write the day's intervals (CSV) or the backtest (CSV) to this file.")
    var out: String?

    func validate() throws {
        guard (day != nil) != (backtestFrom != nil || backtestTo != nil) else {
            throw ValidationError("give --day, or --backtest-from and --backtest-to")
        }
        for (name, value) in [("--day", day), ("--backtest-from", backtestFrom), ("--backtest-to", backtestTo)] {
            if let value, CivilDate(parsing: value) == nil {
                throw ValidationError("\(name) \(value) is not a date YYYY-MM-DD")
            }
        }
        if backtestFrom != nil || backtestTo != nil {
            guard let from = backtestFrom.flatMap(CivilDate.init(parsing:)),
                  let to = backtestTo.flatMap(CivilDate.init(parsing:)), from < to,
                  to.daysSinceEpoch - from.daysSinceEpoch <= 3_660 else {
                throw ValidationError("--backtest-from and --backtest-to: both, in order, at most ten years apart")
            }
        }
    }

    func run() throws {
        try Terminal.run {
            let park = try parkOptions.loadPark()
            let service = ForecastService(context: try parkOptions.existingContext(park))
            if let day = day.flatMap(CivilDate.init(parsing:)) {
                let forecast = try service.forecast(day: day)
                Self.render(forecast)
                if let out {
                    let csv = ForecastCSV.day(series: forecast.series.map { ($0.id, $0.kind, $0.values) },
                                              intervalStarts: forecast.intervalStarts)
                    try csv.write(toFile: out, atomically: true, encoding: .utf8)
                }
            } else if let from = backtestFrom.flatMap(CivilDate.init(parsing:)),
                      let to = backtestTo.flatMap(CivilDate.init(parsing:)) {
                let results = try service.backtest(from: from, to: to)
                Self.render(results)
                if let out { try ForecastCSV.backtest(results).write(toFile: out, atomically: true, encoding: .utf8) }
            }
        }
    }

    static func render(_ forecast: ForecastService.DayForecast) {
        print("forecast for \(forecast.day), kWh over the day")
        print("series".padding(toLength: 24, withPad: " ", startingAt: 0) + "kind        seasonal-naive    regression")
        for series in forecast.series {
            let used = series.taken
            let columns = ForecastMethod.allCases.map { method -> String in
                guard let values = series.values[method] ?? nil else { return "no history" }
                return DecimalText.thousandths(values.reduce(0, +)) + (method == used ? " *" : "")
            }
            print(series.id.padding(toLength: 24, withPad: " ", startingAt: 0)
                + series.kind.padding(toLength: 12, withPad: " ", startingAt: 0)
                + columns.map { $0.padding(toLength: 18, withPad: " ", startingAt: 0) }.joined())
        }
        print("* the method schedules take: the one closer to the meters over the last "
            + "\(ForecastMethod.recentDays) days")
    }

    static func render(_ results: [ForecastBacktest]) {
        print("series, method, month: days forecast, MAE and RMSE in kWh per interval, nMAE")
        for result in results {
            for month in result.months {
                let nmae = month.normalisedMAE.map { String(format: "%.1f %%", $0 * 100) } ?? "-"
                guard month.intervals > 0 else {
                    print("\(result.series) \(result.method.rawValue) \(month.month): \(month.days) days, "
                        + "no metered interval to compare")
                    continue
                }
                print("\(result.series) \(result.method.rawValue) \(month.month): \(month.days) days, "
                    + String(format: "MAE %.3f, RMSE %.3f, ", month.maeWh / 1000, month.rmseWh / 1000) + nmae)
            }
        }
    }
}
