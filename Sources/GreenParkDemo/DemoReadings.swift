import GreenParkCore

/// Turns the shipped power profiles (kW) into readings files (energy) as meters and
/// data loggers deliver them.
///
/// The profiles come from other places (US PV, German loads, a French wind farm), with
/// UTC timestamps. The demo park is in China (UTC+8), so every profile is moved to the
/// park's clock: a value measured at 12:00 local time where it was recorded lands at 12:00
/// in Shanghai (PV noon stays noon, the factory shifts stay in the day), and the year is
/// rotated so the data covers exactly the local year 2023.
enum DemoReadings {
    /// The park's offset from UTC (Asia/Shanghai has no daylight saving).
    static let parkOffset: Int64 = 8 * 3600
    /// Start of the local year 2023 in UTC.
    static let localYearStart = Timestamp(CivilDate(year: 2023, month: 1, day: 1)).seconds - parkOffset
    static let yearSeconds: Int64 = 365 * 86_400

    /// Moves a UTC timestamp of a profile recorded at `originOffset` hours from UTC to the
    /// same local clock time in the park, within the local year 2023 (`shiftDays` first
    /// re-dates other years).
    static func relocate(_ t: Timestamp, originOffsetHours: Int64, shiftDays: Int64 = 0) -> Timestamp {
        var seconds = t.seconds + shiftDays * 86_400 + originOffsetHours * 3600 - parkOffset
        seconds = localYearStart + ((seconds - localYearStart) % yearSeconds + yearSeconds) % yearSeconds
        return Timestamp(seconds: seconds)
    }

    /// Sorted CSV lines by their timestamp (relocating rotates the year's end to its start).
    static func sorted(_ rows: [(Timestamp, String)]) -> String {
        rows.sorted { $0.0 < $1.0 }.map(\.1).joined()
    }

    /// Member loads, long layout in kWh: kWh = kW / 4 for 15 minutes, written exactly
    /// (a kW value with 3 decimals divided by 4 has at most 5), so the import shows its
    /// half-to-even rounding to the Wh.
    static func loads() throws -> String {
        let table = try DemoData.table("loads_15min.csv")
        // BDEW G1 (business hours), G3 (continuous), G25, two-shift industrial.
        let columns = ["g1_kw": "electronics-main", "g3_kw": "textiles-main", "g25_kw": "auto-parts-paint", "ind_kw": "auto-parts-press"]
        let order = table.header.enumerated().compactMap { index, name in columns[name].map { (index, $0) } }
        var rows: [(Timestamp, String)] = []
        rows.reserveCapacity(table.rows.count * order.count)
        for row in table.rows {
            guard case .success(let t) = Timestamp.parseISO8601(String(row[0])) else { continue }
            let stamp = relocate(t, originOffsetHours: 1) // German clock (CET)
            var line = ""
            for (index, meter) in order {
                guard let kw = Fixed6(parsing: String(row[index])) else { continue }
                line += "\(meter),\(stamp),\(Fixed6(millionths: kw.millionths / 4))\n"
            }
            rows.append((stamp, line))
        }
        return "# \(table.source); moved from the German clock (UTC+1) to Shanghai (UTC+8); kWh = kW x 0.25 h\nmeter_id,interval_start,energy_kwh\n" + sorted(rows)
    }

    /// PV plant, wide layout, hourly kWh (kW x 1 h), as a plant logger exports it.
    static func pv() throws -> String {
        let table = try DemoData.table("pv_10mw_hourly.csv")
        var rows: [(Timestamp, String)] = []
        for row in table.rows {
            guard case .success(let t) = Timestamp.parseISO8601(String(row[0])) else { continue }
            let stamp = relocate(t, originOffsetHours: -5) // Greensboro, NC (EST)
            rows.append((stamp, "\(stamp),\(row[1])\n"))
        }
        return "# \(table.source); moved from Greensboro's clock (UTC-5) to Shanghai (UTC+8); kWh = kW x 1 h\ninterval_start,pv-roof-gen_kwh\n" + sorted(rows)
    }

    /// Wind farm, wide layout, 10-minute Wh, re-dated from 2015 to 2023 (2,922 days; both
    /// years have 365 days). Negative values (idle consumption) become 0: the export
    /// register does not run backwards. Missing values stay empty.
    static func wind() throws -> String {
        let table = try DemoData.table("wind_lhb_scada_10min_2015.csv")
        guard let farm = table.header.firstIndex(of: "farm_kw") else { throw DemoFailure(message: "farm_kw column missing") }
        var rows: [(Timestamp, String)] = []
        for row in table.rows {
            guard case .success(let t) = Timestamp.parseISO8601(String(row[0])) else { continue }
            // 2015 -> 2023 (2,922 days), French clock (CET) -> Shanghai.
            let stamp = relocate(t, originOffsetHours: 1, shiftDays: 2922)
            let text = row[farm]
            if text.isEmpty { rows.append((stamp, "\(stamp),\n")); continue }
            guard let kw = Fixed6(parsing: String(text)) else { continue }
            // kW millionths * 1000 / 6 / 1e6 = Wh, rounded half-to-even.
            let wh = max(0, Rounding.halfEven(kw.millionths, 6000))
            rows.append((stamp, "\(stamp),\(wh)\n"))
        }
        return "# \(table.source); re-dated 2015 -> 2023 and moved from the French clock (UTC+1) to Shanghai (UTC+8); Wh = kW x 1000 / 6, rounded half-to-even; negative (idle draw) -> 0\ninterval_start,wind-lhb-gen_wh\n" + sorted(rows)
    }

}
