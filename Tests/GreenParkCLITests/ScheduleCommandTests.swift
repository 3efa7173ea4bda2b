import Foundation
import Testing

/// `greenpark schedule` and `greenpark simulate` on an hourly park of one member and one PV
/// plant (UTC): 500 kWh taken every hour, 1,000 kWh generated in each of the hours 10-12,
/// for eight days; a 2,000 kWh battery of 1,000 kW and a flexible load of 1,000 kWh a day.
@Suite("Schedules and what-ifs from the command line", .serialized)
struct ScheduleCommandTests {
    static let parkYAML = """
        version: 1
        park: {id: sched-park, name: Sched Park, timezone: UTC, region: east, resolution_minutes: 60,
               policy_profile: cn-650-2025}
        members:
          - {id: m, name: M, meters: [m1]}
        generators:
          - {id: pv, name: PV, technology: solar-pv, capacity_kw: 1500, commissioned: 2022-01-01,
             registered: 2022-01-01, meter: pv1}

        """
    static let storageYAML = """
        storage:
          - {id: bess, name: Battery, capacity_kwh: 2000, charge_kw: 1000, discharge_kw: 1000, efficiency: 0.9,
             efficiency_from: 2023-01-01, efficiency_to: 2023-05-31, charge_meter: bess-in, discharge_meter: bess-out}
        flexible_loads:
          - {id: chiller, member: m, energy_kwh_per_day: 1000, window_start: "00:00", window_end: "24:00",
             max_kw: 1000}

        """

    /// A park directory with eight days of readings from 1 June 2023 imported.
    static func park(_ yaml: String) throws -> String {
        let dir = try CLI.directory()
        try yaml.write(to: dir.appendingPathComponent("park.yaml"), atomically: true, encoding: .utf8)
        var rows = ["interval_start,m1,pv1"]
        for day in 1...8 {
            for hour in 0..<24 {
                rows.append(String(format: "2023-06-%02dT%02d:00:00Z,500,%d", day, hour,
                                   (10...12).contains(hour) ? 1_000 : 0))
            }
        }
        try (rows.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("r.csv"), atomically: true,
                                                         encoding: .utf8)
        let park = dir.appendingPathComponent("park.yaml").path
        #expect(try CLI.run(["init", "--park", park]).status == 0)
        let imported = try CLI.run(["import", "--park", park, dir.appendingPathComponent("r.csv").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        return park
    }

    @Test("a forecast day: the flexible load and the battery take the surplus of hours 10-12")
    func schedule() throws {
        let park = try Self.park(Self.parkYAML + Self.storageYAML)
        // 8 June: a week of identical days before it, so the seasonal-naive forecast is the metered day.
        let json = try CLI.run(["schedule", "--park", park, "--day", "2023-06-08", "--format", "json", "--out", "-"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let devices = object["devices"] as! [[String: Any]]
        let points = devices[0]["set_points_w"] as! [Int]
        #expect(points.count == 24)
        // The flexible load moves 1,000 kWh into hours 10-12 too. Its baseline, 1,000,000 Wh over 24 hours
        // (hours 0-15 41,667 Wh, the rest 41,666), leaves each of them: their fixed load is 458,333, so
        // 3 x 1,000,000 - 3 x 458,333 - 1,000,000 = 625,001 Wh are left for the battery, which gives back
        // 0.9 x 625,001 = 562,500.9 -> 562,501 Wh (rounded to the Wh; within the 1 Wh the check allows).
        let charged = devices[0]["charge_wh"] as! Int, discharged = devices[0]["discharge_wh"] as! Int
        #expect(charged == 625_001 && discharged == 562_501)
        #expect(points[10...12].allSatisfy { $0 >= 0 } && points[0..<10].allSatisfy { $0 == 0 })
        let flexible = (object["flexible_loads"] as! [[String: Any]])[0]
        #expect(flexible["energy_wh"] as? Int == 1_000_000)

        let csv = try CLI.run(["schedule", "--park", park, "--day", "2023-06-08", "--out", "-"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.count == 25)
        #expect(lines[0] == "interval_start,load_wh,generation_wh,curtailed_wh,grid_import_wh,grid_export_wh,"
                    + "bess.charge_wh,bess.discharge_wh,bess.soc_wh,chiller.energy_wh")
        let setPoints = try CLI.run(["schedule", "--park", park, "--day", "2023-06-08", "--format", "set-points",
                                     "--out", "-"])
        #expect(setPoints.stdout.split(separator: "\n").count == 1 + 24 * 2)
        let text = try CLI.run(["schedule", "--park", park, "--day", "2023-06-08", "--information", "perfect"])
        #expect(text.status == 0 && text.stdout.contains("storage bess: charge 625.001 kWh"), "\(text.stdout)")
    }

    @Test("a demand-response event limiting the park's import to 0 in 20-21: the battery covers that hour")
    func demandResponse() throws {
        let park = try Self.park(Self.parkYAML + Self.storageYAML)
        #expect(try CLI.run(["dr", "program", "add", "--park", park, "--name", "peak"]).status == 0)
        let event = try CLI.run(["dr", "event", "add", "--park", park, "--program", "peak",
                                 "--start", "2023-06-08T20:00:00Z", "--intervals", "1", "--duration", "PT1H",
                                 "--payload", "IMPORT_CAPACITY_LIMIT:KW=0"])
        #expect(event.status == 0, "\(event.stderr)")
        let json = try CLI.run(["schedule", "--park", park, "--day", "2023-06-08", "--format", "json", "--out", "-"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let intervals = object["intervals"] as! [[String: Any]]
        // 20-21 UTC: the fixed load 458,334 Wh (500,000 less the flexible load's baseline, 41,666 in hours
        // 16-23) comes from the battery's 562,501 Wh, so nothing is imported; the limit is written beside it.
        #expect(intervals[20]["grid_import_wh"] as? Int == 0 && intervals[20]["import_limit_wh"] as? Int == 0)
        let points = (object["devices"] as! [[String: Any]])[0]["set_points_w"] as! [Int]
        #expect(points[20] == -458_334)
        #expect(intervals[19]["import_limit_wh"] == nil)
        let text = try CLI.run(["schedule", "--park", park, "--day", "2023-06-08"])
        #expect(text.stdout.contains("limit grid import in 1 intervals; kept in 1"), "\(text.stdout)")
    }

    @Test("bad requests: no history, no prices for cost, a start outside the limits, nothing to schedule")
    func refusals() throws {
        let park = try Self.park(Self.parkYAML + Self.storageYAML)
        let early = try CLI.run(["schedule", "--park", park, "--day", "2023-06-01"])
        #expect(early.status == 2 && early.stderr.contains("too little metered history"), "\(early.stderr)")
        let cost = try CLI.run(["schedule", "--park", park, "--day", "2023-06-08", "--objective", "cost"])
        #expect(cost.status == 2 && cost.stderr.contains("settlement:"), "\(cost.stderr)")
        let soc = try CLI.run(["schedule", "--park", park, "--day", "2023-06-08", "--initial-soc", "1.5"])
        #expect(soc.status == 2 && soc.stderr.contains("--initial-soc"), "\(soc.stderr)")
        let bare = try Self.park(Self.parkYAML)
        let nothing = try CLI.run(["schedule", "--park", bare, "--day", "2023-06-08"])
        #expect(nothing.status == 2 && nothing.stderr.contains("nothing to schedule"), "\(nothing.stderr)")
    }

    @Test("simulate: a 2,000 kWh battery raises self-consumption from 50 % to 100 %, printed as JSON")
    func simulate() throws {
        let park = try Self.park(Self.parkYAML)
        let run = try CLI.run(["simulate", "--park", park, "--from", "2023-06-01", "--to", "2023-06-09",
                               "--storage", "2000kWh:1000kW", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let before = object["before"] as! [String: Any], after = object["after"] as! [String: Any]
        let perfect = object["after_perfect_information"] as! [String: Any]
        // Each day: 3,000 kWh generated, 1,500 taken directly, 1,500 surplus: 50 %. The simulated battery
        // keeps 10-95 % of 2,000 kWh: it starts at 200, takes the 1,500 surplus (up to 1,700 <= 1,900),
        // and gives 1,350 back: nothing fed in, 100 %, on the forecast too (the days are all alike).
        #expect(before["self_consumption_ratio"] as? Double == 0.5)
        #expect(perfect["self_consumption_ratio"] as? Double == 1.0)
        #expect(after["self_consumption_ratio"] as? Double == 1.0)
        #expect(after["unforecast_days"] as? Int == 7)
        let members = after["members"] as! [[String: Any]]
        // Green: 1,500 + 1,350 of 12,000 kWh a day.
        #expect(members[0]["hourly_matched_share"] as? Double == 0.2375)
        #expect((after["storage_discharged_wh"] as? Int).map { $0 == 8 * 1_350_000 } == true)
    }

    @Test("simulate plans the days of the park's demand-response events with their import limit")
    func simulateWithEvents() throws {
        let park = try Self.park(Self.parkYAML)
        #expect(try CLI.run(["dr", "program", "add", "--park", park, "--name", "peak"]).status == 0)
        let added = try CLI.run(["dr", "event", "add", "--park", park, "--program", "peak", "--name", "evening",
                                 "--start", "2023-06-05T20:00:00Z", "--intervals", "2", "--duration", "PT1H",
                                 "--payload", "IMPORT_CAPACITY_LIMIT:KW=0"])
        #expect(added.status == 0, "\(added.stderr)")
        let run = try CLI.run(["simulate", "--park", park, "--from", "2023-06-01", "--to", "2023-06-09",
                               "--storage", "2000kWh:1000kW", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        // 5 June's 20-22 limits the import to 0 kW: one day planned with the limit, on both sides.
        for key in ["after", "after_perfect_information"] {
            #expect((object[key] as? [String: Any])?["demand_response_days"] as? Int == 1, "\(key)")
        }
        let text = try CLI.run(["simulate", "--park", park, "--from", "2023-06-01", "--to", "2023-06-09",
                                "--storage", "2000kWh:1000kW", "--information", "perfect"])
        #expect(text.stdout.contains("1 days planned with a demand-response import limit"), "\(text.stdout)")
    }

    @Test("simulate refuses a device it cannot read, a load of no member, and a reversed period")
    func simulateRefusals() throws {
        let park = try Self.park(Self.parkYAML)
        let day = ["--from", "2023-06-01", "--to", "2023-06-02"]
        for (arguments, message) in [(["--storage", "2000MWh:1000kW"], "CAPACITYkWh:POWERkW"),
                                     (["--storage", "2000kWh:1000kW:1.2"], "efficiency"),
                                     (["--flex", "nobody,100,08:00-20:00,50"], "not a member"),
                                     (["--flex", "m,100,20:00-08:00,50"], "window")] {
            let run = try CLI.run(["simulate", "--park", park] + day + arguments)
            #expect(run.status == 2 && run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
        let reversed = try CLI.run(["simulate", "--park", park, "--from", "2023-06-02", "--to", "2023-06-01"])
        #expect(reversed.status == 2 && reversed.stderr.contains("before --to"), "\(reversed.stderr)")
    }
}
