import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkOptimization
import GreenParkServices
import GreenParkStore

/// `greenpark bench schedule`: day schedules and a year's what-if on a large synthetic park.
struct BenchSchedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Time day schedules and a what-if on a large synthetic park; prints JSON.",
        discussion: """
            Writes the park of `bench park` (--members members, PV and wind, 15-minute \
            readings from 2023-01-01) with --storage metered batteries, --flex flexible loads \
            (members' loads of 2-6 MWh a day in windows of 6 to 14 hours) and a settlement \
            section (the Zhejiang example tariff, PPA prices), imports it, then times \
            `greenpark schedule` on forecasts for --schedule-days days after the first 42 (each \
            objective), and `greenpark simulate` over all --days days with --storage devices \
            added to the park without its own batteries (both perfect and forecast information).
            """
    )

    @Option(help: "Members.") var members: Int = 50
    @Option(help: "Storage devices.") var storage: Int = 5
    @Option(help: "Flexible loads.") var flex: Int = 20
    @Option(help: "Days of readings and of the what-if (from 2023-01-01).") var days: Int = 365
    @Option(help: "Days scheduled one by one (after the first 42).") var scheduleDays: Int = 7
    @Option(help: "The what-if's objective.") var objective: String = "matching"
    @Option(help: "The what-if's information: both, perfect or forecast.") var information: String = "both"

    func validate() throws {
        guard members >= 1, (1...50).contains(storage), (0...200).contains(flex), (43...366).contains(days),
              scheduleDays >= 1, scheduleDays <= days - 42, ScheduleInput.Objective(rawValue: objective) != nil,
              ["both", "perfect", "forecast"].contains(information) else {
            throw ValidationError("--members >= 1, --storage 1-50, --flex 0-200, --days 43-366, "
                                      + "--schedule-days 1 to days - 42, --objective matching|cost|policy, "
                                      + "--information both|perfect|forecast")
        }
    }

    func run() throws {
        try Terminal.run {
            let dir = URL(fileURLWithPath: NSTemporaryDirectory() + "greenpark-bench-schedule-\(getpid())")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let readings = dir.appendingPathComponent("readings.csv")
            try SyntheticLargePark.writeReadings(to: readings.path, members: members, days: days, storage: storage)
            let database = try SQLiteDatabase(path: dir.appendingPathComponent("park.sqlite").path)
            func context(_ name: String, storage: Int) throws -> ParkContext {
                let file = dir.appendingPathComponent(name)
                let yaml = SyntheticLargePark.yaml(members: members, storage: storage)
                    + Self.extra(members: members, flex: flex)
                try yaml.write(to: file, atomically: true, encoding: .utf8)
                return ParkContext(park: try ParkFile.load(path: file.path).park, parkFile: file,
                                   stores: database.stores)
            }
            let full = try context("park.yaml", storage: storage)
            _ = try ImportService(context: full).importFile(readings.path, options: ImportOptions())
            var json: [String: Double] = ["members": Double(members), "storage": Double(storage),
                                          "flexible_loads": Double(flex), "days": Double(days)]
            for objective in ScheduleInput.Objective.allCases {
                var times: [Double] = [], binaries = 0.0
                for d in 0..<scheduleDays {
                    let day = CivilDate(daysSinceEpoch: CivilDate(year: 2023, month: 1, day: 1).daysSinceEpoch + 42
                                            + Int64(d) * max(1, Int64(days - 42) / Int64(scheduleDays)))
                    let clock = ContinuousClock.now
                    let plan = try ScheduleService(context: full).plan(day: day, objective: objective,
                                                                       information: .forecast)
                    times.append((ContinuousClock.now - clock).seconds)
                    if plan.schedule.usedBinaries { binaries += 1 }
                }
                json["day_\(objective.rawValue)_mean_seconds"] = times.reduce(0, +) / Double(times.count)
                json["day_\(objective.rawValue)_max_seconds"] = times.max()
                json["day_\(objective.rawValue)_days_with_binaries"] = binaries
            }
            let bare = try context("park-without-storage.yaml", storage: 0)
            let devices = try full.park.storage.map {
                try StorageDevice(id: "sim-" + $0.id, name: $0.name, capacityWh: $0.capacityWh, chargeW: $0.chargeW,
                                  dischargeW: $0.dischargeW, efficiency: $0.efficiency,
                                  chargeMeter: "sim-" + $0.chargeMeter, dischargeMeter: "sim-" + $0.dischargeMeter)
            }
            let first = CivilDate(year: 2023, month: 1, day: 1)
            let sides: [ScheduleService.Information] = information == "both" ? [.perfect, .forecast]
                : [ScheduleService.Information(rawValue: information)!]
            let clock = ContinuousClock.now, cpu = ProcessCPU.seconds()
            let result = try SimulationService(context: bare).run(.init(
                from: first, to: CivilDate(daysSinceEpoch: first.daysSinceEpoch + Int64(days)),
                objective: .init(rawValue: objective)!, storage: devices, flexible: [], information: sides))
            json["whatif_seconds"] = (ContinuousClock.now - clock).seconds
            json["whatif_cpu_seconds"] = ProcessCPU.seconds() - cpu
            json["whatif_schedules"] = Double(days * sides.count)
            json["self_consumption_before"] = result.before.selfConsumptionRatio.value
            for side in sides {
                json["self_consumption_after_\(side.rawValue)"] = result.after[side]!.selfConsumptionRatio.value
                json["whatif_binary_days_\(side.rawValue)"] = Double(result.after[side]!.binaryDays)
            }
            json["peak_rss_mb"] = Double(PeakMemory.residentKB()) / 1024
            let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// Flexible loads spread over the first members, and prices for the cost objective.
    static func extra(members: Int, flex: Int) -> String {
        var text = """
            settlement:
              tariff: zhejiang-2026-example
              ppa:
                - {generator: pv, price_fen_per_kwh: 38}
                - {generator: wind, price_fen_per_kwh: 33}
              export_price_fen_per_kwh: 25

            """
        if flex > 0 { text += "flexible_loads:\n" }
        for f in 0..<flex {
            let start = 6 + f % 5, length = 6 + (f * 3) % 9, kwh = 2_000 + (f * 977) % 4_000
            text += "  - {id: flex\(f), member: m\(f % members), energy_kwh_per_day: \(kwh), "
                + String(format: "window_start: \"%02d:00\", window_end: \"%02d:00\", ", start, start + length)
                + "max_kw: \(kwh / length * 2)}\n"
        }
        return text
    }
}
