import Foundation
import Testing

/// `greenpark forecast` on a park whose load repeats every week and whose PV repeats every day.
@Suite("greenpark forecast", .serialized)
struct ForecastCommandTests {
    /// 60 days from 2023-05-01 (local, UTC+8) at 60 minutes: member a's load is
    /// `1000 + 100 × weekday + hour` Wh, PV `500 × (hour - 6)` Wh from 07:00 to 17:00.
    static func park() throws -> (URL, String) {
        let dir = try CLI.directory()
        let yaml = CLI.parkYAML.replacingOccurrences(of: "resolution_minutes: 15", with: "resolution_minutes: 60")
        let park = dir.appendingPathComponent("park.yaml")
        try yaml.write(to: park, atomically: true, encoding: .utf8)
        var rows = ["interval_start,a1,g1"]
        let start = 1_682_870_400 // 2023-04-30T16:00:00Z = 2023-05-01 00:00 local
        for hour in 0..<(60 * 24) {
            let day = hour / 24, local = hour % 24
            let load = 1000 + 100 * (day % 7) + local
            let pv = local >= 7 && local <= 17 ? 500 * (local - 6) : 0
            let time = Date(timeIntervalSince1970: TimeInterval(start + hour * 3600))
            rows.append("\(ISO8601DateFormatter().string(from: time)),\(load),\(pv)")
        }
        let readings = dir.appendingPathComponent("r.csv")
        try (rows.joined(separator: "\n") + "\n").write(to: readings, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["init", "--park", park.path]).status == 0)
        let imported = try CLI.run(["import", "--park", park.path, "--unit", "wh", readings.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        return (dir, park.path)
    }

    @Test("--day: the week-before load and the day-before PV, interval by interval; the regression agrees")
    func day() throws {
        let (dir, park) = try Self.park()
        let out = dir.appendingPathComponent("f.csv").path
        // 2023-06-20 is day 50 of the data: its weekday index is 50 % 7 = 1.
        let result = try CLI.run(["forecast", "--park", park, "--day", "2023-06-20", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "series,kind,interval_start,seasonal_naive_wh,regression_wh")
        // a at 03:00 local (19 June 19:00Z): 1000 + 100 × 1 + 3 = 1103 Wh, by both methods.
        #expect(csv.contains("a,member,2023-06-19T19:00:00Z,1103,1103"), "\(csv.prefix(6))")
        // g at 12:00 local (04:00Z): 500 × 6 = 3000 Wh.
        #expect(csv.contains("g,generator,2023-06-20T04:00:00Z,3000,3000"))
        #expect(csv.count == 1 + 2 * 24)
        // Day total of a: 24 × 1100 + (0 + ... + 23) = 26,676 Wh = 26.676 kWh.
        #expect(result.stdout.contains("26.676"), "\(result.stdout)")
    }

    @Test("--backtest: a load that repeats weekly is forecast without error; too little history is said")
    func backtest() throws {
        let (dir, park) = try Self.park()
        let out = dir.appendingPathComponent("b.csv").path
        let result = try CLI.run(["forecast", "--park", park, "--backtest-from", "2023-06-01",
                                  "--backtest-to", "2023-06-30", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        #expect(csv.contains("a,seasonal-naive,2023-06,29,0,696,0.000,0.000,"), "\(csv)")
        #expect(csv.contains("g,seasonal-naive,2023-06,29,0,696,0.000,0.000,"), "\(csv)")
        // May: the first week has no week before it; the regression needs 8 + 7 days.
        let may = try CLI.run(["forecast", "--park", park, "--backtest-from", "2023-05-01",
                               "--backtest-to", "2023-05-15"])
        #expect(may.stdout.contains("a seasonal-naive 2023-05: 7 days"), "\(may.stdout)")
        // No day forecast: no score either (not a perfect 0).
        #expect(may.stdout.contains("a regression 2023-05: 0 days, no metered interval to compare"), "\(may.stdout)")
        let bad = try CLI.run(["forecast", "--park", park, "--day", "2023-06-31"])
        #expect(bad.status == 2 && bad.stderr.contains("not a date"))
        let both = try CLI.run(["forecast", "--park", park, "--day", "2023-06-20", "--backtest-from", "2023-06-01"])
        #expect(both.status == 2)
    }
}
