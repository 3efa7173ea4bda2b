import Foundation
import Testing

/// `greenpark dr settle` worked by hand: one member taking 500 kWh every hour for 20 days of
/// June 2023 (UTC), 100 kWh in 20-21 on 10 June (an earlier event) and 300 kWh in 20-21 on
/// 15 June (the event settled).
@Suite("Demand response settled from the command line", .serialized)
struct DemandResponseSettleTests {
    /// The park's settlement section, paying delivered flexibility 150 fen/kWh.
    static let settlement = """
        settlement:
          tariff: zhejiang-2026-example
          ppa: [{generator: pv, price_fen_per_kwh: 38}]
          demand_response_fen_per_kwh: 150

        """

    static func park() throws -> (URL, String) {
        let dir = try CLI.directory()
        let park = dir.appendingPathComponent("park.yaml").path
        try ScheduleCommandTests.parkYAML.write(toFile: park, atomically: true, encoding: .utf8)
        var rows = ["interval_start,m1,pv1"]
        for day in 1...20 {
            for hour in 0..<24 {
                let use = (day, hour) == (10, 20) ? 100 : (day, hour) == (15, 20) ? 300 : 500
                rows.append(String(format: "2023-06-%02dT%02d:00:00Z,%d,0", day, hour, use))
            }
        }
        try (rows.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("r.csv"), atomically: true,
                                                         encoding: .utf8)
        #expect(try CLI.run(["init", "--park", park]).status == 0)
        #expect(try CLI.run(["import", "--park", park, dir.appendingPathComponent("r.csv").path]).status == 0)
        #expect(try CLI.run(["dr", "program", "add", "--park", park, "--name", "peak"]).status == 0)
        for (name, start) in [("earlier", "2023-06-10T20:00:00Z"), ("evening", "2023-06-15T20:00:00Z")] {
            let added = try CLI.run(["dr", "event", "add", "--park", park, "--program", "peak", "--name", name,
                                     "--start", start, "--intervals", "1", "--duration", "PT1H",
                                     "--payload", "IMPORT_CAPACITY_LIMIT:KW=300"])
            #expect(added.status == 0, "\(added.stderr)")
        }
        return (dir, park)
    }

    @Test("baseline 500 kWh (10 June left out), metered 300: 200 kWh delivered, 300.00 CNY at 150 fen/kWh")
    func settle() throws {
        let (dir, park) = try Self.park()
        let csv = dir.appendingPathComponent("flex.csv").path
        let run = try CLI.run(["dr", "settle", "--park", park, "--event", "evening", "--incentive-fen-per-kwh", "150",
                               "--out", csv])
        #expect(run.status == 0, "\(run.stderr)")
        // The 10 latest earlier days without an event in 20-21: 4-9 and 11-14 June, 500 kWh each (with
        // 10 June's 100 kWh the baseline would be 460). 200 kWh x 150 fen = 30,000 fen.
        #expect(run.stdout.contains("500.000"), "\(run.stdout)")
        #expect(run.stdout.contains("200.000") && run.stdout.contains("300.00"), "\(run.stdout)")
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows[1] == "m,2023-06-15T20:00:00Z,500000,300000,200000,150")
    }

    @Test("an unknown event, an ambiguous name, a negative incentive and a short history are handled")
    func refusals() throws {
        let (_, park) = try Self.park()
        let unknown = try CLI.run(["dr", "settle", "--park", park, "--event", "nope", "--incentive-fen-per-kwh", "1"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no event nope"), "\(unknown.stderr)")
        let negative = try CLI.run(["dr", "settle", "--park", park, "--event", "evening",
                                    "--incentive-fen-per-kwh", "-1"])
        #expect(negative.status == 2, "\(negative.stderr)")
        // A second event named "evening": the name no longer says which; its id still does.
        #expect(try CLI.run(["dr", "event", "add", "--park", park, "--program", "peak", "--name", "evening",
                             "--start", "2023-06-16T20:00:00Z", "--intervals", "1", "--duration", "PT1H",
                             "--payload", "IMPORT_CAPACITY_LIMIT:KW=300"]).status == 0)
        let ambiguous = try CLI.run(["dr", "settle", "--park", park, "--event", "evening",
                                     "--incentive-fen-per-kwh", "1"])
        #expect(ambiguous.status == 2 && ambiguous.stderr.contains("2 events are named evening"), "\(ambiguous.stderr)")
        // 10 June has only 9 earlier days, 9 of them metered: a baseline (>= 5 days), 400 kWh delivered.
        let early = try CLI.run(["dr", "settle", "--park", park, "--event", "earlier", "--incentive-fen-per-kwh", "1"])
        #expect(early.status == 0 && early.stdout.contains("400.000"), "\(early.stdout)")
    }

    @Test("the month's settlement credits each event's delivered flexibility on the bill: 400 and 200 kWh at 150 fen")
    func monthlySettlement() throws {
        let (dir, park) = try Self.park()
        let settlement = Self.settlement
        try (ScheduleCommandTests.parkYAML + settlement).write(toFile: park, atomically: true, encoding: .utf8)
        // A second event over the evening's hour pays nothing more; one running into July is settled with June.
        for (name, start, count) in [("again", "2023-06-15T20:00:00Z", "1"), ("late", "2023-06-30T23:00:00Z", "2")] {
            let added = try CLI.run(["dr", "event", "add", "--park", park, "--program", "peak", "--name", name,
                                     "--start", start, "--intervals", count, "--duration", "PT1H",
                                     "--payload", "IMPORT_CAPACITY_LIMIT:KW=300"])
            #expect(added.status == 0, "\(added.stderr)")
        }
        let out = dir.appendingPathComponent("june")
        let run = try CLI.run(["settle", "--park", park, "--month", "2023-06", "--gaps", "skip-interval",
                               "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("runs past the month's end"), "\(run.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("settlement.csv"), encoding: .utf8)
        // 10 June: baseline 500 kWh (1-9 June), metered 100: 400 kWh x 150 = 60,000 fen; 15 June: 200 kWh, 30,000.
        let credits = csv.split(separator: "\n").filter { $0.contains(",member,m,demand-response,") }
        #expect(credits.count == 2, "\(csv)")
        #expect(credits.contains { $0.hasSuffix(",400000,150,-60000") }
                    && credits.contains { $0.hasSuffix(",200000,150,-30000") }, "\(credits)")
        let data = try Data(contentsOf: out.appendingPathComponent("settlement.json"))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let balance = json["balance"] as? [String: Any] ?? [:]
        #expect(balance["demand_response_fen"] as? Int == 90_000)
        #expect(balance["money_in_fen"] as? Int == balance["money_out_fen"] as? Int)
        let events = json["demand_response"] as? [[String: Any]] ?? []
        // "again" covers an hour already paid (no baseline left); "late" has no readings (1 July has none yet).
        #expect(events.map { $0["baseline_wh"] as? Int } == [500_000, 500_000, 0, 0])
        #expect(events.map { $0["metered_wh"] as? Int } == [100_000, 300_000, 0, 0])
        #expect(events.map { $0["payment_fen"] as? Int } == [60_000, 30_000, 0, 0])
        let snapshot = try String(contentsOf: out.appendingPathComponent("snapshot.json"), encoding: .utf8)
        #expect(snapshot.contains("\"demand_response_fen_per_kwh\": 150"), "\(snapshot)")
        // The invoice: charges before VAT, the VAT on them, then the credits outside it.
        let invoice = try String(contentsOf: out.appendingPathComponent("invoices/PREVIEW-2023-06-m.html"),
                                 encoding: .utf8)
        #expect(invoice.contains("Charges before VAT") && invoice.contains("Demand-response credits"))
        #expect(invoice.contains("-900.00"), "90,000 fen of credits")
        // Without the incentive the bill has no credit (dr settle still settles an event on its own).
        try (ScheduleCommandTests.parkYAML + settlement.replacingOccurrences(of: "  demand_response_fen_per_kwh: 150\n",
                                                                              with: ""))
            .write(toFile: park, atomically: true, encoding: .utf8)
        let plain = dir.appendingPathComponent("plain")
        #expect(try CLI.run(["settle", "--park", park, "--month", "2023-06", "--gaps", "skip-interval",
                             "--out", plain.path]).status == 0)
        let plainCSV = try String(contentsOf: plain.appendingPathComponent("settlement.csv"), encoding: .utf8)
        #expect(!plainCSV.contains("demand-response"))
    }

    @Test("an event running from June into July pays its July hour in June; a July event over that hour pays nothing")
    func acrossMonths() throws {
        let dir = try CLI.directory()
        let park = dir.appendingPathComponent("park.yaml").path
        let settlement = Self.settlement
        try (ScheduleCommandTests.parkYAML + settlement).write(toFile: park, atomically: true, encoding: .utf8)
        // 500 kWh every hour from 20 June to 2 July, 100 in 30 June 23-24 and 1 July 0-1.
        var rows = ["interval_start,m1,pv1"]
        for (month, days) in [(6, 20...30), (7, 1...2)] {
            for day in days {
                for hour in 0..<24 {
                    let low = (month, day, hour) == (6, 30, 23) || (month, day, hour) == (7, 1, 0)
                    rows.append(String(format: "2023-%02d-%02dT%02d:00:00Z,%d,0", month, day, hour, low ? 100 : 500))
                }
            }
        }
        try (rows.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("r.csv"), atomically: true,
                                                         encoding: .utf8)
        #expect(try CLI.run(["init", "--park", park]).status == 0)
        #expect(try CLI.run(["import", "--park", park, dir.appendingPathComponent("r.csv").path]).status == 0)
        #expect(try CLI.run(["dr", "program", "add", "--park", park, "--name", "peak"]).status == 0)
        // The July event is created first: the June one still pays the hour, as it starts earlier.
        for (name, start, count) in [("july", "2023-07-01T00:00:00Z", "1"), ("june", "2023-06-30T23:00:00Z", "2")] {
            let added = try CLI.run(["dr", "event", "add", "--park", park, "--program", "peak", "--name", name,
                                     "--start", start, "--intervals", count, "--duration", "PT1H",
                                     "--payload", "IMPORT_CAPACITY_LIMIT:KW=300"])
            #expect(added.status == 0, "\(added.stderr)")
        }
        func settle(_ month: String) throws -> (csv: String, stderr: String) {
            let out = dir.appendingPathComponent(month)
            let run = try CLI.run(["settle", "--park", park, "--month", month, "--gaps", "skip-interval",
                                   "--out", out.path])
            #expect(run.status == 0, "\(run.stderr)")
            return (try String(contentsOf: out.appendingPathComponent("settlement.csv"), encoding: .utf8), run.stderr)
        }
        // June: baselines 500 (the 10 latest earlier days without an event) in both hours, metered 100:
        // 800 kWh x 150 = 120,000 fen; July is metered, so no warning.
        let june = try settle("2023-06")
        let juneCredits = june.csv.split(separator: "\n").filter { $0.contains(",demand-response,") }
        #expect(juneCredits.count == 1 && juneCredits[0].hasSuffix(",800000,150,-120000"), "\(june.csv)")
        #expect(!june.stderr.contains("runs past"), "\(june.stderr)")
        // July: its event's only hour was paid in June (said, in case June was settled before July's readings).
        let july = try settle("2023-07")
        #expect(!july.csv.contains(",demand-response,"), "\(july.csv)")
        #expect(july.stderr.contains("started before this month and pays its intervals in it"), "\(july.stderr)")
    }
}
