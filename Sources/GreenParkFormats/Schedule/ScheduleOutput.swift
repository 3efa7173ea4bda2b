import Foundation
import GreenParkCore
import GreenParkOptimization

/// The files of `greenpark schedule` (docs/schedules.md): every interval of the day as CSV,
/// the set-points each device is sent (CSV), or the whole schedule as JSON. Energies in Wh
/// per interval, set-points in W (storage: positive charging, negative discharging; a
/// flexible load: the power it runs at).
public struct ScheduleOutput: Sendable {
    public var day: CivilDate
    /// `forecast` or `perfect`.
    public var information: String
    public var intervalStarts: [Timestamp]
    public var devices: [StorageDevice]
    public var flexibleLoads: [FlexibleLoad]
    public var schedule: DaySchedule
    /// Demand-response limits on grid import per interval, Wh (empty or nil: none).
    public var importLimits: [Int64?]

    public init(day: CivilDate, information: String, intervalStarts: [Timestamp], devices: [StorageDevice],
                flexibleLoads: [FlexibleLoad], schedule: DaySchedule, importLimits: [Int64?] = []) {
        self.day = day
        self.information = information
        self.intervalStarts = intervalStarts
        self.devices = devices
        self.flexibleLoads = flexibleLoads
        self.schedule = schedule
        self.importLimits = importLimits
    }

    /// A flexible load's power in interval `t`, W.
    func flexibleW(_ f: Int, _ t: Int) -> Int64 { schedule.flexible[f][t] * 3600 / schedule.step }

    /// One row per interval: the park's balance, then each device's charge, discharge and
    /// state of charge after the interval, then each flexible load's energy.
    public var csv: String {
        var head = ["interval_start", "load_wh", "generation_wh", "curtailed_wh", "grid_import_wh", "grid_export_wh"]
        for device in devices { head += ["charge_wh", "discharge_wh", "soc_wh"].map { "\(device.id).\($0)" } }
        head += flexibleLoads.map { "\($0.id).energy_wh" }
        var text = head.joined(separator: ",") + "\n"
        let s = schedule
        for t in 0..<s.intervalCount {
            var row = [intervalStarts[t].iso8601] + [s.load[t], s.generation[t], s.curtailed[t], s.gridImport[t],
                                                     s.gridExport[t]].map(String.init)
            for k in devices.indices {
                row += [s.charge[k][t], s.discharge[k][t], s.stateOfCharge[k][t]].map(String.init)
            }
            row += flexibleLoads.indices.map { String(s.flexible[$0][t]) }
            text += row.joined(separator: ",") + "\n"
        }
        return text
    }

    /// One row per device and interval: `interval_start,interval_end,device,kind,set_point_w`.
    public var setPoints: String {
        var text = "interval_start,interval_end,device,kind,set_point_w\n"
        for t in 0..<schedule.intervalCount {
            let span = "\(intervalStarts[t].iso8601),\(intervalStarts[t].adding(seconds: schedule.step).iso8601)"
            for (k, device) in devices.enumerated() {
                text += "\(span),\(device.id),storage,\(schedule.setPointW(device: k, interval: t))\n"
            }
            for (f, load) in flexibleLoads.enumerated() { text += "\(span),\(load.id),flexible,\(flexibleW(f, t))\n" }
        }
        return text
    }

    /// The schedule as one JSON object (key order fixed).
    public var json: String {
        let s = schedule
        let sum: ([Int64]) -> JSONText = { .integer($0.reduce(0, +)) }
        let devicesJSON: [JSONText] = devices.enumerated().map { k, device in
            .object([("id", .string(device.id)), ("kind", .string("storage")),
                     ("charge_wh", sum(s.charge[k])), ("discharge_wh", sum(s.discharge[k])),
                     ("set_points_w",
                      .array((0..<s.intervalCount).map { .integer(s.setPointW(device: k, interval: $0)) })),
                     ("soc_wh", .array(s.stateOfCharge[k].map(JSONText.integer)))])
        }
        let flexibleJSON: [JSONText] = flexibleLoads.enumerated().map { f, load in
            .object([("id", .string(load.id)), ("member", .string(load.member)), ("kind", .string("flexible")),
                     ("energy_wh", sum(s.flexible[f])),
                     ("set_points_w", .array((0..<s.intervalCount).map { .integer(flexibleW(f, $0)) }))])
        }
        let intervals: [JSONText] = (0..<s.intervalCount).map { t in
            var fields: [(String, JSONText)] = [
                ("start", .string(intervalStarts[t].iso8601)), ("load_wh", .integer(s.load[t])),
                ("generation_wh", .integer(s.generation[t])), ("curtailed_wh", .integer(s.curtailed[t])),
                ("grid_import_wh", .integer(s.gridImport[t])), ("grid_export_wh", .integer(s.gridExport[t])),
            ]
            if t < importLimits.count, let limit = importLimits[t] {
                fields.append(("import_limit_wh", .integer(limit)))
            }
            return .object(fields)
        }
        let root: JSONText = .object([
            ("day", .string(day.description)), ("objective", .string(s.objective.rawValue)),
            ("information", .string(information)), ("solver", .string(s.solver)),
            ("used_binaries", .bool(s.usedBinaries)),
            ("objective_value", .number(String(format: "%.6f", s.objectiveValue))),
            ("step_seconds", .integer(s.step)),
            ("totals", .object([("load_wh", sum(s.load)), ("generation_wh", sum(s.generation)),
                                ("curtailed_wh", sum(s.curtailed)), ("grid_import_wh", sum(s.gridImport)),
                                ("grid_export_wh", sum(s.gridExport))])),
            ("devices", .array(devicesJSON)), ("flexible_loads", .array(flexibleJSON)),
            ("intervals", .array(intervals)),
        ])
        return root.render() + "\n"
    }
}
