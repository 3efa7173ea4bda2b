import GreenParkCore

/// Turns the shipped power profiles (kW) into readings files (energy) as meters and
/// data loggers deliver them.
enum DemoReadings {
    /// Member loads, long layout in kWh: kWh = kW / 4 for 15 minutes, written exactly
    /// (a kW value with 3 decimals divided by 4 has at most 5), so the import shows its
    /// half-to-even rounding to the Wh.
    static func loads() throws -> String {
        let table = try DemoData.table("loads_15min.csv")
        // BDEW G1 (business hours), G3 (continuous), G25, two-shift industrial.
        let columns = ["g1_kw": "electronics-main", "g3_kw": "textiles-main", "g25_kw": "auto-parts-paint", "ind_kw": "auto-parts-press"]
        let order = table.header.enumerated().compactMap { index, name in columns[name].map { (index, $0) } }
        var out = "# \(table.source); kWh = kW x 0.25 h\nmeter_id,interval_start,energy_kwh\n"
        out.reserveCapacity(table.rows.count * order.count * 48)
        for row in table.rows {
            for (index, meter) in order {
                guard let kw = Fixed6(parsing: String(row[index])) else { continue }
                out += "\(meter),\(row[0]),\(Fixed6(millionths: kw.millionths / 4))\n"
            }
        }
        return out
    }

    /// PV plant, wide layout, hourly kWh (kW x 1 h), as a plant logger exports it.
    static func pv() throws -> String {
        let table = try DemoData.table("pv_10mw_hourly.csv")
        var out = "# \(table.source); kWh = kW x 1 h\ninterval_start,pv-roof-gen_kwh\n"
        for row in table.rows { out += "\(row[0]),\(row[1])\n" }
        return out
    }

    /// Wind farm, wide layout, 10-minute Wh, re-dated from 2015 to 2023 (2,922 days; both
    /// years have 365 days). Negative values (idle consumption) become 0: the export
    /// register does not run backwards. Missing values stay empty.
    static func wind() throws -> String {
        let table = try DemoData.table("wind_lhb_scada_10min_2015.csv")
        guard let farm = table.header.firstIndex(of: "farm_kw") else { throw DemoFailure(message: "farm_kw column missing") }
        let shift: Int64 = 2922 * 86_400
        var out = "# \(table.source); re-dated 2015 -> 2023; Wh = kW x 1000 / 6, rounded half-to-even; negative (idle draw) -> 0\ninterval_start,wind-lhb-gen_wh\n"
        for row in table.rows {
            guard case .success(let t) = Timestamp.parseISO8601(String(row[0])) else { continue }
            let stamp = Timestamp(seconds: t.seconds + shift)
            let text = row[farm]
            if text.isEmpty { out += "\(stamp),\n"; continue }
            guard let kw = Fixed6(parsing: String(text)) else { continue }
            // kW millionths * 1000 / 6 / 1e6 = Wh, rounded half-to-even.
            let wh = max(0, Rounding.halfEven(kw.millionths, 6000))
            out += "\(stamp),\(wh)\n"
        }
        return out
    }

}
