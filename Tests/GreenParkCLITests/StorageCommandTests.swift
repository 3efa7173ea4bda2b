import Foundation
import Testing

/// A park with one battery, run from the command line: DOMAIN.md 4a's worked example in
/// summary.json, in one run and across two, and park files the check refuses.
@Suite("Storage from the command line", .serialized)
struct StorageCommandTests {
    static let parkYAML = """
        version: 1
        park:
          id: storage-park
          name: Storage Park
          region: east
          resolution_minutes: 60
          policy_profile: cn-650-2025
        members:
          - id: m
            name: M
            meters: [m1]
        generators:
          - {id: pv-1, name: PV-1, technology: solar-pv, capacity_kw: 5000, commissioned: 2022-01-01,
             registered: 2022-01-01, meter: pv1}
          - {id: w-1, name: W-1, technology: wind, capacity_kw: 5000, commissioned: 2022-01-01,
             registered: 2022-01-01, meter: w1}
        storage:
          - id: bess
            name: Battery
            capacity_kwh: 5000
            charge_kw: 3000
            discharge_kw: 3000
            efficiency: 0.9
            efficiency_from: 2023-01-01
            efficiency_to: 2023-05-31
            min_soc: 0.05
            max_soc: 0.95
            owner: m
            charge_meter: bess-in
            discharge_meter: bess-out

        """

    /// Two days of hourly readings: DOMAIN.md 4a's charges on 1 June (10-11 from PV-1, 11-12
    /// from W-1, 13-14 from the grid), its discharges on 2 June (19-20 and 20-21), taken by M.
    static func readings() -> String {
        var rows = ["interval_start,m1,pv1,w1,bess-in,bess-out"]
        for day in 1...2 {
            for hour in 0..<24 {
                var row = (m1: 0, pv1: 0, w1: 0, charge: 0, discharge: 0)
                switch (day, hour) {
                case (1, 10): row.pv1 = 2_000; row.charge = 2_000
                case (1, 11): row.w1 = 1_000; row.charge = 1_000
                case (1, 13): row.charge = 500
                case (2, 19): row.m1 = 1_800; row.discharge = 1_800
                case (2, 20): row.m1 = 1_125; row.discharge = 1_125
                default: break
                }
                rows.append(String(format: "2023-06-%02dT%02d:00:00Z,", day, hour)
                                + "\(row.m1),\(row.pv1),\(row.w1),\(row.charge),\(row.discharge)")
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// A fresh park directory with the park file, its store and key, and the readings imported.
    static func park() throws -> URL {
        let dir = try CLI.directory()
        try parkYAML.write(to: dir.appendingPathComponent("park.yaml"), atomically: true, encoding: .utf8)
        try readings().write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let park = dir.appendingPathComponent("park.yaml").path
        #expect(try CLI.run(["init", "--park", park]).status == 0)
        let imported = try CLI.run(["import", "--park", park, dir.appendingPathComponent("r.csv").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        return dir
    }

    static func summary(_ dir: URL, from: String, to: String, out: String) throws -> [String: Any] {
        let run = try CLI.run(["allocate", "--park", dir.appendingPathComponent("park.yaml").path,
                               "--from", from, "--to", to, "--out", dir.appendingPathComponent(out).path])
        #expect(run.status == 0, "\(run.stderr)")
        let data = try Data(contentsOf: dir.appendingPathComponent("\(out)/summary.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test("the worked example in summary.json: one run of both days, and the second day alone after the first")
    func workedExample() throws {
        let dir = try Self.park()
        for (from, out) in [("2023-06-01T00:00:00Z", "both"), ("2023-06-02T00:00:00Z", "second")] {
            let summary = try Self.summary(dir, from: from, to: "2023-06-03T00:00:00Z", out: out)
            let park = summary["park"] as? [String: Any] ?? [:]
            let member = (summary["members"] as? [[String: Any]])?.first ?? [:]
            let device = (summary["storage"] as? [[String: Any]])?.first ?? [:]
            // M took 2,925,000 Wh from the battery; 1,800,000 + 900,000 = 2,700,000 of it green by
            // origin; losses 325,000 Wh; 250,000 Wh of grid charge stay queued.
            #expect(member["from_storage_wh"] as? Int == 2_925_000, "\(out)")
            #expect(member["green_from_storage_wh"] as? Int == 2_700_000, "\(out)")
            #expect(member["grid_import_wh"] as? Int == 0, "\(out)")
            #expect(device["released_wh"] as? Int == 2_700_000 && device["losses_wh"] as? Int == 325_000, "\(out)")
            #expect(device["queued_wh"] as? Int == 250_000 && device["unbacked_wh"] as? Int == 0, "\(out)")
            // Green share: 2,700,000 / 2,925,000 = 0.923077 (the grid-charged 225,000 Wh are not green).
            #expect(park["green_share"] as? Double == 0.923077, "\(out)")
            // Matched share, hourly: min(1,800,000, 1,800,000) + min(1,125,000, 900,000) = 2,700,000 / 2,925,000.
            #expect(member["matched_share"] as? Double == 0.923077, "\(out)")
            if out == "both" {
                // Nothing fed into the grid: (G - surplus) / G = 3,000,000 / 3,000,000.
                #expect(park["surplus_wh"] as? Int == 0 && park["self_consumption_ratio"] as? Double == 1)
                #expect(device["charged_green_wh"] as? Int == 3_000_000 && device["charged_grid_wh"] as? Int == 500_000)
            } else {
                // The second day alone: the charge of the first came through the queue.
                #expect(device["charged_green_wh"] as? Int == 0 && device["discharged_wh"] as? Int == 2_925_000)
            }
        }
    }

    @Test("a corrected discharge reading changes the stored allocation: allocating again replaces it")
    func correctedDischargeReplacesAllocation() throws {
        let dir = try CLI.directory()
        let park = dir.appendingPathComponent("park.yaml").path
        try Self.parkYAML.write(toFile: park, atomically: true, encoding: .utf8)
        // One day; in 10-11 M takes 1,000 Wh while PV-1 gives 1,000 and the battery 1,000: pro rata
        // over both sources M gets 500 from PV-1 and 500 from the battery. With the discharge
        // corrected to 0, M gets all 1,000 from PV-1: the stored allocation must change.
        func readings(discharge: Int) -> String {
            var rows = ["interval_start,m1,pv1,w1,bess-in,bess-out"]
            for hour in 0..<24 {
                let row = hour == 10 ? "1000,1000,0,0,\(discharge)" : "0,0,0,0,0"
                rows.append(String(format: "2023-06-01T%02d:00:00Z,", hour) + row)
            }
            return rows.joined(separator: "\n") + "\n"
        }
        try readings(discharge: 1_000).write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        try readings(discharge: 0).write(to: dir.appendingPathComponent("fix.csv"), atomically: true, encoding: .utf8)
        #expect(try CLI.run(["init", "--park", park]).status == 0)
        #expect(try CLI.run(["import", "--park", park, dir.appendingPathComponent("r.csv").path]).status == 0)
        let period = ["--from", "2023-06-01T00:00:00Z", "--to", "2023-06-02T00:00:00Z"]
        let first = try CLI.run(["allocate", "--park", park] + period)
        #expect(first.status == 0 && first.stdout.contains("stored"), "\(first.stdout)\(first.stderr)")
        let fixed = try CLI.run(["import", "--park", park, dir.appendingPathComponent("fix.csv").path, "--replace"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        let again = try CLI.run(["allocate", "--park", park] + period)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("replacing") && !again.stdout.contains("unchanged"), "\(again.stdout)")
    }

    @Test("storage in a park file: each bad device refused with its field and line, exit 2")
    func badDevices() throws {
        let dir = try CLI.directory()
        let cases: [(String, String, String)] = [
            ("    discharge_meter: bess-out\n", "", "discharge_meter"),
            ("efficiency: 0.9", "efficiency: -0.9", "efficiency"),
            ("efficiency: 0.9", "efficiency: 1.2", "above 0 and at most 1"),
            ("min_soc: 0.05", "min_soc: 0.96", "must be above min_soc"),
            ("discharge_meter: bess-out", "discharge_meter: bess-in", "metered separately"),
            ("discharge_meter: bess-out", "discharge_meter: m1", "already a meter of member"),
            ("owner: m", "owner: nobody", "not a member"),
            ("efficiency_to: 2023-05-31", "efficiency_to: 2023-08-31", "at most six months"),
            ("capacity_kwh: 5000", "capacity_kwh: 0", "capacity_kwh"),
            ("id: bess", "id: pv-1", "already the id of a generator"),
            // Below a Wh (a W): the device would have no capacity (power); named, not "incomplete".
            ("capacity_kwh: 5000", "capacity_kwh: 0.0004", "capacity_kwh"),
            ("charge_kw: 3000", "charge_kw: 0.0009", "charge_kw"),
        ]
        for (old, new, message) in cases {
            let file = dir.appendingPathComponent("park.yaml")
            #expect(Self.parkYAML.contains(old), "\(old)")
            try Self.parkYAML.replacingOccurrences(of: old, with: new)
                .write(to: file, atomically: true, encoding: .utf8)
            let checked = try CLI.run(["park", "check", file.path])
            #expect(checked.status == 2, "\(new): \(checked.stdout)")
            #expect(checked.stderr.contains(message) && checked.stderr.contains("park.yaml:"),
                    "\(new): \(checked.stderr)")
        }
        try Self.parkYAML.write(to: dir.appendingPathComponent("good.yaml"), atomically: true, encoding: .utf8)
        let good = try CLI.run(["park", "check", dir.appendingPathComponent("good.yaml").path])
        #expect(good.status == 0, "\(good.stderr)")
    }
}
