import Foundation
import GreenParkCore

/// The CSV files of `greenpark forecast`.
public enum ForecastCSV {
    /// One row per series and interval: `series,kind,interval_start,seasonal_naive_wh,regression_wh`
    /// (an empty value where the method had too little history).
    public static func day(series: [(id: String, kind: String, values: [ForecastMethod: [Int64]?])],
                           intervalStarts: [Timestamp]) -> String {
        var text = "series,kind,interval_start," + ForecastMethod.allCases.map {
            $0.rawValue.replacingOccurrences(of: "-", with: "_") + "_wh"
        }.joined(separator: ",") + "\n"
        for item in series {
            for (k, start) in intervalStarts.enumerated() {
                let values = ForecastMethod.allCases.map { method in
                    (item.values[method] ?? nil).map { String($0[k]) } ?? ""
                }
                text += "\(item.id),\(item.kind),\(start.iso8601)," + values.joined(separator: ",") + "\n"
            }
        }
        return text
    }

    /// One row per series, method and month: `series,method,month,days,skipped_days,intervals,
    /// mae_wh,rmse_wh,mean_wh,nmae`.
    public static func backtest(_ results: [ForecastBacktest]) -> String {
        var text = "series,method,month,days,skipped_days,intervals,mae_wh,rmse_wh,mean_wh,nmae\n"
        for result in results {
            for m in result.months {
                // A month without a metered interval has no errors to report: empty, not 0.
                let errors = m.intervals == 0 ? ",,,"
                    : String(format: "%.3f,%.3f,%.3f,", m.maeWh, m.rmseWh, m.meanWh)
                text += "\(result.series),\(result.method.rawValue),\(m.month),\(m.days),\(m.skippedDays),"
                    + "\(m.intervals)," + errors + (m.normalisedMAE.map { String(format: "%.6f", $0) } ?? "") + "\n"
            }
        }
        return text
    }
}
