import GreenParkCore

/// `scope2.csv` (one row per member and period: the whole run, then each month) and
/// `scope2-quality.csv` (the eight Quality Criteria of the redeemed instruments, per
/// statement, criterion and result).
public enum Scope2Writer {
    public static let header = "member_id,period,period_start,period_end,consumption_wh,direct_green_wh,grid_import_wh,covered_wh,location_kg,market_kg,hourly_covered_wh,hourly_location_kg,hourly_market_kg,cfe_wh,cfe_score"

    public static func csv(_ report: EmissionsReport) -> String {
        csv(report.rows)
    }

    public static func csv(_ rows: [Scope2Row]) -> String {
        header + "\n" + rows.map { line($0) + "\n" }.joined()
    }

    /// One row of scope2.csv.
    public static func line(_ r: Scope2Row) -> String {
        [r.member, r.period, r.start.iso8601, r.end.iso8601, String(r.consumptionWh), String(r.directGreenWh), String(r.gridImportWh),
         String(r.coveredWh), kilograms(r.locationGrams), kilograms(r.marketGrams), String(r.hourlyCoveredWh),
         kilograms(r.hourlyLocationGrams), kilograms(r.hourlyMarketGrams), String(r.cfeWh), ratio(r.cfeScore)].joined(separator: ",")
    }

    /// One row per statement, criterion and result: how many of the statement's
    /// instruments (certificate ranges) had that result, the first of them, and why.
    public static func qualityCSV(_ report: EmissionsReport) -> String {
        var out = "statement,member_id,criterion,name,status,instruments,example_first_id,example_last_id,why\n"
        var order: [String] = []
        var groups: [String: (check: EmissionsReport.InstrumentCheck, result: Scope2QualityCriteria.Result, count: Int)] = [:]
        for check in report.quality {
            for result in check.results {
                let key = "\(check.statement)|\(result.number)|\(result.status)"
                if let group = groups[key] { groups[key]!.count = group.count + check.instruments } else {
                    order.append(key)
                    groups[key] = (check, result, check.instruments)
                }
            }
        }
        for key in order {
            let (check, result, count) = groups[key]!
            out += [check.statement, check.member, String(result.number), result.name, result.status, String(count),
                    check.range.firstId, check.range.lastId, CSVField.quoted(result.why)].joined(separator: ",") + "\n"
        }
        return out
    }

    /// Grams as kilograms with three decimals, exactly.
    public static func kilograms(_ grams: Int64) -> String { DecimalText.thousandths(grams) }

    /// A ratio as a decimal of at most six places (truncated), `0` when the denominator is 0.
    public static func ratio(_ r: Ratio) -> String {
        guard r.denominator > 0 else { return "0" }
        let (q, _) = ExactArithmetic.mulDiv(r.numerator, Fixed6.scale, r.denominator)
        return Fixed6(millionths: q).description
    }
}

/// CSV quoting: a field with a comma, quote or line break is quoted, quotes doubled.
public enum CSVField {
    public static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
