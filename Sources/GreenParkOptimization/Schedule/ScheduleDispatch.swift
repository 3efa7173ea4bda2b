import GreenParkCore

/// What the devices do when a day's schedule meets the day as it comes (what-ifs on
/// history, docs/schedules.md): each device follows its planned charge and discharge, held
/// to what the metered day allows, interval by interval, in device order:
/// - a device charges at most its plan and what its state of charge has room for; unless
///   `gridCharging`, only from the generation the load and the devices before it left;
/// - it discharges at most its plan and what its state of charge holds above its minimum
///   (`stored × efficiency`); unless `gridCharging` (the cost objective may sell), only
///   what the load still lacks;
/// - its state of charge follows `soc + charge - discharge / efficiency`, kept exactly (in
///   millionths of output Wh) within the day and in whole Wh (rounded down) at its end;
/// - planned curtailment is applied only to generation that would otherwise be exported;
/// - in an `idle` interval (one a metering gap leaves out of the allocation) the devices do
///   nothing and nothing is curtailed.
///
/// With perfect information the plan fits the day and is followed as made.
public struct ScheduleDispatch: Sendable, Equatable {
    /// Per device, per interval, Wh.
    public private(set) var charge: [[Int64]]
    public private(set) var discharge: [[Int64]]
    /// Per device, at the end of the day, Wh.
    public private(set) var endWh: [Int64]
    /// Per interval, Wh of generation curtailed.
    public private(set) var curtailed: [Int64]

    /// Dispatches `plan` on the metered `load` (flexible loads as scheduled) and
    /// `generation`, the devices starting at `initialWh`.
    public init(plan: DaySchedule, devices: [StorageDevice], initialWh: [Int64], load: [Int64],
                generation: [Int64], gridCharging: Bool, idle: [Bool] = []) {
        let count = load.count
        precondition(generation.count == count && plan.intervalCount == count && initialWh.count == devices.count)
        charge = Array(repeating: Array(repeating: 0, count: count), count: devices.count)
        discharge = charge
        curtailed = Array(repeating: 0, count: count)
        // Stored energy in output-equivalent millionths (Wh x efficiency millionths): a charge of c Wh
        // adds c x e, a discharge of d Wh takes d x 1,000,000, both exact.
        let scale = devices.map(\.efficiency.millionths)
        var level = zip(initialWh, scale).map { $0 * $1 }
        for t in 0..<count where !(t < idle.count && idle[t]) {
            var spare = generation[t] - load[t]
            for (k, device) in devices.enumerated() {
                var c = min(plan.charge[k][t], max(0, device.maximumWh * scale[k] - level[k]) / scale[k])
                if !gridCharging { c = min(c, max(0, spare)) }
                var d = min(plan.discharge[k][t], max(0, level[k] - device.minimumWh * scale[k]) / 1_000_000)
                if !gridCharging { d = min(d, max(0, -spare)) }
                if c > 0 { d = 0 }
                level[k] += c * scale[k] - d * 1_000_000
                spare += d - c
                charge[k][t] = c
                discharge[k][t] = d
            }
            curtailed[t] = min(plan.curtailed[t], max(0, spare))
        }
        endWh = zip(level, scale).map { $0 / $1 }
    }
}
